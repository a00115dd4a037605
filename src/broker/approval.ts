/**
 * A person first: for a rule with `approval: {channel, users}`, the broker
 * posts the approval request to Slack itself, worded from the verified
 * request (target, event, the exact payload, and who asked: the caller's
 * repository, workflow and run), signed with a key only the broker holds.
 * The click comes back to the same function, where the existing Slack
 * handler checks it and dispatches once; its outcome settles the request's
 * idempotency record, so the step that asked (polling with the same body)
 * learns what happened.
 */
import { APPROVED_BY_KEY } from '../slack/approval-token.js'
import { requestApproval } from '../slack/request-approval.js'
import { createSlackApprovalHandler, type SlackApprovalHandler } from '../slack/index.js'
import { messageOf } from '../model/errors.js'
import type { BrokerDispatchAnswer, BrokerErrorAnswer } from '../model/broker-protocol.js'
import { DISTINCT_ID_KEY } from '../model/plan.js'
import type { HandlerLog } from '../slack/logger.js'
import type { BrokerApprovalConfig, CheckedBrokerConfig } from './config.js'
import type { CallerClaims } from './oidc/claims.js'
import type { DispatchAsk } from './request.js'
import type { BrokerStore, StoredAnswer } from './store.js'
import { answerBase, BrokerRefusal } from './answer.js'
import { mrkdwnCode } from '../slack/mrkdwn.js'

export const DEFAULT_BROKER_APPROVAL_TTL_SECONDS = 3600

export interface Approvals {
  /** The Slack handler the clicks go to (same function, same claim store). */
  handler: SlackApprovalHandler
  ask(claims: CallerClaims, ask: DispatchAsk, approval: { channel: string; users: string[] }, key: string): Promise<StoredAnswer>
  /** The click's outcome, from the Slack handler: settles the request's record. */
  settle(event: {
    repository: string
    payload: Record<string, unknown>
    decision: 'approved' | 'rejected'
    user: string
    dispatched?: boolean | 'unknown'
    error?: string | undefined
  }): Promise<void>
}

/** Who asked, in the approver's words: the caller's repository, workflow and run, from verified claims. */
export function callerSummary(claims: CallerClaims, ask: DispatchAsk, webUrl: string): string {
  const run = `${webUrl}/${claims.repository}/actions/runs/${claims.run_id}/attempts/${claims.run_attempt}`
  const what = ask.kind === 'repository_dispatch' ? `event ${mrkdwnCode(ask.eventType)}` : `workflow ${mrkdwnCode(ask.workflow)}`
  return (
    `${mrkdwnCode(claims.repository)} asks to send ${what} to ${mrkdwnCode(ask.target.fullName)}.\n` +
    `Workflow: ${mrkdwnCode(claims.job_workflow_ref)} (${mrkdwnCode(claims.event_name)} on ${mrkdwnCode(claims.ref)}${claims.environment ? `, environment ${mrkdwnCode(claims.environment)}` : ''}). ` +
    `Run: <${run.replace(/[<>|]/g, '')}|${claims.run_id} attempt ${claims.run_attempt}>`
  )
}

export function createApprovals(settings: {
  config: BrokerApprovalConfig
  checked: CheckedBrokerConfig
  store: BrokerStore
  log: HandlerLog
  nowSeconds: () => number
}): Approvals {
  const { config, checked, store, log } = settings
  const approvals: Omit<Approvals, 'handler'> = { ask, settle }
  const handler = createSlackApprovalHandler({
    appId: checked.appId,
    ...(checked.config.awsKmsKeyId ? { appKmsKeyId: checked.config.awsKmsKeyId } : { privateKey: checked.config.privateKey ?? '' }),
    signingSecret: config.signingSecret,
    approvalKey: config.approvalKey,
    // Who may approve is the rule's list, signed into each approval by the broker.
    approversFromApproval: true,
    allowedUsers: [],
    ...(config.claims ? { claims: config.claims } : {}),
    apiUrl: checked.apiUrl,
    ...(config.responseUrlPattern ? { responseUrlPattern: config.responseUrlPattern } : {}),
    logger: log,
    ...(checked.config.now ? { now: checked.config.now } : {}),
    onOutcome: outcome => approvals.settle(outcome)
  })
  const webUrl =
    checked.apiUrl === 'https://api.github.com' ? 'https://github.com' : checked.apiUrl.replace(/\/api\/v3$/, '').replace('://api.', '://')
  return { ...approvals, handler }

  async function ask(
    claims: CallerClaims,
    ask: DispatchAsk,
    approval: { channel: string; users: string[] },
    key: string
  ): Promise<StoredAnswer> {
    if (ask.kind !== 'repository_dispatch')
      throw new BrokerRefusal(
        'policy-denied',
        'Approval rules apply to repository_dispatch only: the Slack approval sends a repository_dispatch.'
      )
    if (APPROVED_BY_KEY in ask.clientPayload)
      throw new BrokerRefusal(
        'bad-request',
        `client_payload holds ${APPROVED_BY_KEY}, which the approval sets to whoever approves: leave it out.`
      )
    const ttl = config.ttlSeconds ?? DEFAULT_BROKER_APPROVAL_TTL_SECONDS
    let posted: Awaited<ReturnType<typeof requestApproval>>
    try {
      posted = await requestApproval({
        token: config.botToken,
        channel: approval.channel,
        ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
        repository: ask.target.fullName,
        eventType: ask.eventType,
        clientPayload: { ...ask.clientPayload, [DISTINCT_ID_KEY]: ask.distinctId },
        summary: callerSummary(claims, ask, webUrl),
        approvalKey: config.approvalKey,
        ttlSeconds: ttl,
        approvers: approval.users
      })
    } catch (error) {
      log.warning(`Could not post the approval request for ${key}: ${messageOf(error)}`)
      const body: BrokerErrorAnswer = {
        error: 'broker-error',
        message: `The approval request could not be posted to Slack; nothing was sent: ${messageOf(error)}`
      }
      return { status: 500, body: body as unknown as Record<string, unknown> }
    }
    const body: BrokerDispatchAnswer = {
      ...answerBase(ask, null),
      dispatched: 'pending-approval',
      replayed: false,
      approval: {
        message_url: posted.permalink ?? null,
        channel: posted.channel,
        expires_at: new Date(posted.expiresAt * 1000).toISOString()
      }
    }
    return { status: 202, body: body as unknown as Record<string, unknown> }
  }

  async function settle(event: Parameters<Approvals['settle']>[0]): Promise<void> {
    const distinctId = event.payload[DISTINCT_ID_KEY]
    if (typeof distinctId !== 'string') return // not one of the broker's approvals
    const key = `dispatch#${event.repository.toLowerCase()}#${distinctId}`
    const record = await store.read(key)
    const pending = record?.answer?.body as unknown as BrokerDispatchAnswer | undefined
    if (record === undefined || pending?.dispatched !== 'pending-approval') return
    const decided = { ...pending.approval, decision: event.decision, decided_by: event.user } as NonNullable<
      BrokerDispatchAnswer['approval']
    >
    let answer: StoredAnswer
    if (event.decision === 'rejected') {
      const body: BrokerErrorAnswer = { error: 'approval-rejected', message: `Rejected in Slack by ${event.user}: nothing was sent.` }
      answer = { status: 403, body: { ...body, approval: decided } }
    } else if (event.dispatched === true || event.dispatched === 'unknown') {
      answer = {
        status: 200,
        body: { ...pending, dispatched: event.dispatched, approval: decided, ...(event.error ? { message: event.error } : {}) }
      }
    } else {
      const body: BrokerErrorAnswer = {
        error: 'github-refused',
        message: `Approved by ${event.user}, but the dispatch failed: ${event.error ?? 'unknown error'}`
      }
      answer = { status: 502, body: { ...body, approval: decided } }
    }
    await store.settle(key, answer, record.expiresAt)
  }
}
