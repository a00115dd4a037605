/**
 * What the approval handler's parts share: the checked configuration, the
 * claim store, the allow-lists, the clock, the Slack reply and the approval
 * check (signature, expiry, allow-lists).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { messageOf } from '../model/errors.js'
import { ApprovalRefused, verifyApproval, type Approval } from './approval-token.js'
import { MemoryClaimStore, type ClaimStore } from './claims.js'
import { validateConfig, type SlackApprovalConfig } from './config.js'
import { handlerLog, type HandlerLog } from './logger.js'
import type { SlackResponse, Work } from './types.js'

const SLACK_HOOKS = /^https:\/\/hooks\.slack\.com\//
/** How long handed-over work stays valid after its click: an asynchronous invocation starts within seconds. */
export const WORK_TICKET_TTL_SECONDS = 300
/** How much longer a claim lives than the last ticket that can name it: clock skew between instances. */
export const CLAIM_MARGIN_SECONDS = 60

/**
 * When the claims of a click (the approval's, and its work's `<id>#dispatch`)
 * may be forgotten: not while the approval can be clicked, nor while a work
 * ticket for the click can be delivered (Lambda retries and redelivers work
 * events), whichever ends later. A claim forgotten before then could be won
 * again by a second delivery of the same work, which would dispatch twice.
 */
export const claimExpiry = (approvalExpiresAt: number, clickedAt: number): number =>
  Math.max(approvalExpiresAt, clickedAt + WORK_TICKET_TTL_SECONDS + CLAIM_MARGIN_SECONDS)

export const reply = (status: number, body = ''): SlackResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body
})

export interface HandlerContext {
  config: SlackApprovalConfig
  log: HandlerLog
  claims: ClaimStore
  responseUrlPattern: RegExp
  allowedUsers: Set<string>
  /** Whether this Slack user may decide this approval: its own signed approvers, and the handler's allowedUsers when set. */
  mayDecide: (approval: Approval, user: string) => boolean
  allowedChannels: Set<string> | undefined
  nowSeconds: () => number
  postToSlack: (responseUrl: string, message: object) => Promise<void>
  /** The verified approval, or the refusal to answer with. */
  /** `at`: the time to judge expiry by (default now; the click's time where handed-over work runs). */
  approvalFrom: (value: unknown, at?: number) => Approval | SlackResponse
  ticket: (work: Work) => string
  checkTicket: (work: Work, ticket: string) => boolean
}

/** Posts to a click's response_url; failures are logged, never thrown. */
async function postToSlack(log: HandlerContext['log'], responseUrl: string, message: object): Promise<void> {
  try {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000)
    })
    if (!response.ok) log.warning(`Slack answered ${response.status} to the message update.`)
  } catch (error) {
    log.warning(`Could not update the Slack message: ${messageOf(error)}`)
  }
}

export function createContext(input: SlackApprovalConfig): HandlerContext {
  const log = handlerLog(input?.logger)
  // The dispatch logs through the same lines (console's `warn` included).
  const config: SlackApprovalConfig = { ...validateConfig(input), logger: log }
  const claims: ClaimStore = config.claims ?? new MemoryClaimStore()
  if (config.claims === undefined && process.env['AWS_LAMBDA_FUNCTION_NAME']) {
    log.warning(
      'Approvals are claimed in memory, which does not hold across Lambda instances: set APPROVAL_CLAIMS_TABLE (a DynamoDB table) for exactly-once.'
    )
  }
  const allowedRepositories = config.allowedRepositories?.length ? new Set(config.allowedRepositories.map(r => r.toLowerCase())) : undefined
  const allowedEventTypes = config.allowedEventTypes?.length ? new Set(config.allowedEventTypes) : undefined
  const nowSeconds = (): number => config.now?.() ?? Math.floor(Date.now() / 1000)

  /** Verifies the value and applies the allow-lists; the refusal text on failure. */
  function approvalFrom(value: unknown, at: number = nowSeconds()): Approval | SlackResponse {
    let approval: Approval
    try {
      approval = verifyApproval(value, config.approvalKey, at)
    } catch (error) {
      log.warning(`Refused an approval click: ${messageOf(error)}`)
      return reply(400, error instanceof ApprovalRefused ? error.message : 'The button value is not a valid approval.')
    }
    if (allowedRepositories && !allowedRepositories.has(approval.repository.toLowerCase())) {
      log.warning(`Refused an approval for ${approval.repository}, which is not in allowedRepositories.`)
      return reply(403, 'This repository is not one the handler may dispatch to.')
    }
    if (allowedEventTypes && !allowedEventTypes.has(approval.eventType)) {
      log.warning(`Refused an approval of event type ${approval.eventType}, which is not in allowedEventTypes.`)
      return reply(403, 'This event type is not one the handler may send.')
    }
    return approval
  }

  // Keyed by a secret only the handler holds: the approval key is in every
  // requesting pipeline, the Slack signing secret is not.
  const ticketKey = createHmac('sha256', config.signingSecret).update('app-dispatch work ticket v1').digest()
  const ticketMac = (work: Work, expiresAt: number): string =>
    createHmac('sha256', ticketKey)
      .update(
        JSON.stringify([
          'work',
          expiresAt,
          work.decision,
          work.value,
          work.user,
          work.channel,
          work.responseUrl,
          work.claimNonce,
          work.clickedAt
        ])
      )
      .digest('base64url')
  // Counted from the click, so claimExpiry bounds every ticket for it.
  const ticket = (work: Work): string => {
    const expiresAt = work.clickedAt + WORK_TICKET_TTL_SECONDS
    return `${expiresAt}.${ticketMac(work, expiresAt)}`
  }
  const checkTicket = (work: Work, given: string): boolean => {
    const [expires, mac] = String(given).split('.', 2)
    const expiresAt = Number(expires)
    if (!Number.isInteger(expiresAt) || expiresAt < nowSeconds() || mac === undefined) return false
    const wanted = Buffer.from(ticketMac(work, expiresAt))
    const got = Buffer.from(mac)
    return wanted.length === got.length && timingSafeEqual(wanted, got)
  }

  const allowedUsers = new Set(config.allowedUsers)
  const mayDecide = (approval: Approval, user: string): boolean => {
    if (config.approversFromApproval && approval.approvers === undefined) return false
    if (approval.approvers !== undefined && !approval.approvers.includes(user)) return false
    return allowedUsers.size > 0 ? allowedUsers.has(user) : approval.approvers !== undefined
  }

  return {
    config,
    log,
    claims,
    responseUrlPattern: config.responseUrlPattern ?? SLACK_HOOKS,
    allowedUsers,
    mayDecide,
    allowedChannels: config.allowedChannels?.length ? new Set(config.allowedChannels) : undefined,
    nowSeconds,
    postToSlack: (responseUrl, message) => postToSlack(log, responseUrl, message),
    approvalFrom,
    ticket,
    checkTicket
  }
}
