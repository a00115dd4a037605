/**
 * The Slack approval button handler. `handle` applies the click rules in
 * order (Slack's signature, the payload, who and where, the signed approval,
 * the allow-lists, the exactly-once claim) and answers; the work that
 * follows an accepted click (the dispatch and the message update) is a
 * serialisable `Work`, run after the answer by the Node adapter, or by an
 * asynchronous invocation on Lambda (lambda.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { messageOf } from '../errors.js'
import { dispatch, failureMessage, type DispatchOptions } from '../lib.js'
import { ApprovalRefused, verifyApproval, type Approval } from './approval-token.js'
import { MemoryClaimStore, type ClaimStore } from './claims.js'
import { validateConfig, type SlackApprovalConfig } from './config.js'
import { APPROVE_ACTION_ID, REJECT_ACTION_ID, describeDispatch, ephemeralNote, outcomeMessage } from './message.js'
import { SlackRequestError, verifySlackSignature } from './signature.js'

export type { SlackApprovalConfig } from './config.js'

export interface SlackRequest {
  method: string
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>
  rawBody: string
}

export interface SlackResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** What an accepted click leads to; plain data, so it can travel to another invocation. */
export interface Work {
  decision: 'approved' | 'rejected'
  /** The signed button value (verified again where the work runs). */
  value: string
  user: string
  responseUrl: string
}

export interface Handled {
  response: SlackResponse
  work?: Work
}

export interface ApprovalHandler {
  handle: (request: SlackRequest) => Promise<Handled>
  /** Runs accepted work: claim the dispatch, send it, update the message. Never rejects. */
  run: (work: Work) => Promise<void>
  /** A ticket binding work to this handler's key, for work handed to another invocation. */
  ticket: (work: Work) => string
  checkTicket: (work: Work, ticket: string) => boolean
  config: SlackApprovalConfig
  log: { info: (line: string) => void; warning: (line: string) => void }
}

const SLACK_HOOKS = /^https:\/\/hooks\.slack\.com\//

const reply = (status: number, body = ''): SlackResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body })

function header(headers: SlackRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name)
  const value = key === undefined ? undefined : headers[key]
  return Array.isArray(value) ? value[0] : value
}

interface BlockActionsPayload {
  type?: string
  user?: { id?: string }
  channel?: { id?: string }
  response_url?: string
  actions?: Array<{ action_id?: string; value?: string }>
}

function parsePayload(rawBody: string): BlockActionsPayload | undefined {
  try {
    const payload = JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '') as unknown
    return payload !== null && typeof payload === 'object' ? payload : undefined
  } catch {
    return undefined
  }
}

/** The payload with approved_by added, when it has room under GitHub's 10 top-level properties. */
function withApprover(clientPayloadJson: string, user: string): string {
  const payload = JSON.parse(clientPayloadJson) as Record<string, unknown>
  if ('approved_by' in payload || Object.keys(payload).length >= 10) return clientPayloadJson
  const rest = clientPayloadJson.trim().slice(1).trimStart()
  const pair = `"approved_by":${JSON.stringify(user)}`
  return rest.startsWith('}') ? `{${pair}}` : `{${pair},${rest}`
}

export function createApprovalHandler(input: SlackApprovalConfig): ApprovalHandler {
  const config = validateConfig(input)
  const log = { info: config.logger?.info ?? (() => undefined), warning: config.logger?.warning ?? (() => undefined) }
  const claims: ClaimStore = config.claims ?? new MemoryClaimStore()
  if (config.claims === undefined && process.env['AWS_LAMBDA_FUNCTION_NAME']) {
    log.warning(
      'Approvals are claimed in memory, which does not hold across Lambda instances: set APPROVAL_CLAIMS_TABLE (a DynamoDB table) for exactly-once.'
    )
  }
  const responseUrlPattern = config.responseUrlPattern ?? SLACK_HOOKS
  const allowedUsers = new Set(config.allowedUsers)
  const allowedChannels = config.allowedChannels?.length ? new Set(config.allowedChannels) : undefined
  const allowedRepositories = config.allowedRepositories?.length ? new Set(config.allowedRepositories.map(r => r.toLowerCase())) : undefined
  const allowedEventTypes = config.allowedEventTypes?.length ? new Set(config.allowedEventTypes) : undefined
  const nowSeconds = (): number => config.now?.() ?? Math.floor(Date.now() / 1000)

  async function postToSlack(responseUrl: string, message: object): Promise<void> {
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

  /** Verifies the value and applies the allow-lists; the refusal text on failure. */
  function approvalFrom(value: unknown): Approval | SlackResponse {
    let approval: Approval
    try {
      approval = verifyApproval(value, config.approvalKey, nowSeconds())
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

  async function handle(request: SlackRequest): Promise<Handled> {
    if (request.method.toUpperCase() !== 'POST') return { response: reply(405, 'POST only.') }
    try {
      verifySlackSignature(
        config.signingSecret,
        {
          timestamp: header(request.headers, 'x-slack-request-timestamp'),
          signature: header(request.headers, 'x-slack-signature'),
          rawBody: request.rawBody
        },
        config.now?.()
      )
    } catch (error) {
      log.warning(`Refused a Slack request: ${messageOf(error)}`)
      return { response: reply(error instanceof SlackRequestError ? error.status : 401, messageOf(error)) }
    }
    const payload = parsePayload(request.rawBody)
    if (payload === undefined) return { response: reply(400, 'Expected a form field "payload" holding Slack\'s interaction JSON.') }
    const action = payload.actions?.[0]
    if (payload.type !== 'block_actions' || (action?.action_id !== APPROVE_ACTION_ID && action?.action_id !== REJECT_ACTION_ID)) {
      return { response: reply(400, 'Not an app-dispatch approval click.') }
    }
    const user = payload.user?.id ?? ''
    if (!allowedUsers.has(user)) {
      log.warning(`Slack user ${user || '(none)'} is not allowed to approve.`)
      return { response: reply(403, 'You are not allowed to approve this.') }
    }
    const channel = payload.channel?.id ?? ''
    if (allowedChannels && !allowedChannels.has(channel)) {
      log.warning(`Approval clicked in channel ${channel || '(none)'}, which is not allowed.`)
      return { response: reply(403, 'Approvals are not accepted in this channel.') }
    }
    const responseUrl = payload.response_url ?? ''
    if (!responseUrlPattern.test(responseUrl)) return { response: reply(400, 'The click has no usable response_url.') }
    const approval = approvalFrom(action.value)
    if (!('id' in approval)) return { response: approval }

    // Exactly once: whoever claims the approval first decides it. A replay, a
    // retry (with or without X-Slack-Retry-Num, which the signature does not
    // cover), a double click or a second approver finds the claim taken.
    const decision = action.action_id === APPROVE_ACTION_ID ? 'approved' : 'rejected'
    const claimed = await claims.claim({ id: approval.id, user, decision, claimedAt: nowSeconds(), expiresAt: approval.expiresAt })
    if (!claimed.won) {
      const by = claimed.holder
        ? `${claimed.holder.decision === 'approved' ? 'approved' : 'rejected'} by <@${claimed.holder.user}>`
        : 'decided'
      log.info(`Approval ${approval.id} (${approval.eventType} to ${approval.repository}) was already ${by}; ${user}'s click sent nothing.`)
      const note = ephemeralNote(`This request was already ${by}; nothing more was sent.`)
      return { response: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(note) } }
    }
    return { response: reply(200), work: { decision, value: String(action.value), user, responseUrl } }
  }

  async function run(work: Work): Promise<void> {
    try {
      const approval = approvalFrom(work.value)
      if (!('id' in approval)) return
      const what = describeDispatch(approval)
      if (work.decision === 'rejected') {
        log.info(`${work.user} rejected ${approval.eventType} to ${approval.repository} (approval ${approval.id}).`)
        await postToSlack(work.responseUrl, outcomeMessage(`:no_entry: Rejected by <@${work.user}>: ${what} was not sent.`))
        return
      }
      // The work's own claim: an asynchronous invocation retried by Lambda, or
      // the same work handed over twice, still dispatches once.
      const dispatchClaim = await claims.claim({
        id: `${approval.id}#dispatch`,
        user: work.user,
        decision: 'approved',
        claimedAt: nowSeconds(),
        expiresAt: approval.expiresAt
      })
      if (!dispatchClaim.won) {
        log.info(`Approval ${approval.id} was already dispatched; not sending it again.`)
        return
      }
      const options: DispatchOptions = {
        appId: config.appId,
        privateKey: config.privateKey,
        repository: approval.repository,
        eventType: approval.eventType,
        clientPayload: withApprover(approval.clientPayloadJson, work.user),
        apiUrl: config.apiUrl,
        outputsArtifact: '',
        logger: config.logger
      }
      // The channel gets a short outcome; details (App ID, URLs, GitHub's or
      // the network's wording, internal host names) go to the function's log only.
      let failure: string | undefined
      try {
        failure = failureMessage(await dispatch(options))
      } catch (error) {
        failure = messageOf(error)
      }
      const text =
        failure === undefined
          ? `:white_check_mark: Approved by <@${work.user}>: dispatched ${what}.`
          : `:warning: Approved by <@${work.user}>, but the dispatch of ${what} failed. The details are in the approval function's log.`
      log.info(text)
      if (failure !== undefined)
        log.warning(`The dispatch of ${approval.eventType} to ${approval.repository} approved by ${work.user} failed: ${failure}`)
      await postToSlack(work.responseUrl, outcomeMessage(text))
    } catch (error) {
      log.warning(`The approval work failed unexpectedly: ${messageOf(error)}`)
    }
  }

  const ticket = (work: Work): string =>
    createHmac('sha256', config.approvalKey)
      .update(JSON.stringify(['work', work.decision, work.value, work.user, work.responseUrl]))
      .digest('base64url')
  const checkTicket = (work: Work, given: string): boolean => {
    const wanted = Buffer.from(ticket(work))
    const got = Buffer.from(String(given))
    return wanted.length === got.length && timingSafeEqual(wanted, got)
  }

  return { handle, run, ticket, checkTicket, config, log }
}
