/**
 * The click rules, in order: Slack's signature, the payload, who and where,
 * the signed approval and the allow-lists, then the exactly-once claim.
 * Answers at once; accepted work runs after the answer (work.ts).
 */
import { messageOf } from '../model/errors.js'
import { newClaimNonce } from './claims.js'
import { claimExpiry, reply, type HandlerContext } from './context.js'
import { APPROVE_ACTION_ID, REJECT_ACTION_ID, ephemeralNote } from './message.js'
import { SlackRequestError, verifySlackSignature } from './signature.js'
import type { Handled, SlackRequest } from './types.js'

function header(headers: SlackRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name)
  const value = key === undefined ? undefined : headers[key]
  return Array.isArray(value) ? value[0] : value
}

function originOf(url: string): string {
  try {
    return `${new URL(url).origin}/…`
  } catch {
    return url === '' ? 'none' : 'not a URL'
  }
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

export async function handleClick(ctx: HandlerContext, request: SlackRequest): Promise<Handled> {
  const { config, log, claims, mayDecide, allowedUsers, allowedChannels, responseUrlPattern, nowSeconds, approvalFrom } = ctx
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
  if (payload === undefined) {
    log.warning('Refused a Slack request: its body has no form field "payload" holding interaction JSON.')
    return { response: reply(400, 'Expected a form field "payload" holding Slack\'s interaction JSON.') }
  }
  const action = payload.actions?.[0]
  if (payload.type !== 'block_actions' || (action?.action_id !== APPROVE_ACTION_ID && action?.action_id !== REJECT_ACTION_ID)) {
    log.warning(`Refused a Slack ${String(payload.type)} interaction: it is not an app-dispatch Approve or Reject click.`)
    return { response: reply(400, 'Not an app-dispatch approval click.') }
  }
  const user = payload.user?.id ?? ''
  if (allowedUsers.size > 0 && !allowedUsers.has(user)) {
    log.warning(`Slack user ${user || '(none)'} is not allowed to approve.`)
    return { response: reply(403, 'You are not allowed to approve this.') }
  }
  const channel = payload.channel?.id ?? ''
  if (allowedChannels && !allowedChannels.has(channel)) {
    log.warning(`Approval clicked in channel ${channel || '(none)'}, which is not allowed.`)
    return { response: reply(403, 'Approvals are not accepted in this channel.') }
  }
  const responseUrl = payload.response_url ?? ''
  if (!responseUrlPattern.test(responseUrl)) {
    // The origin only: a response_url lets anyone holding it post to the channel.
    log.warning(
      `Refused a click whose response_url (${originOf(responseUrl)}) does not match responseUrlPattern ${String(responseUrlPattern)} (SLACK_RESPONSE_URL_PATTERN).`
    )
    return { response: reply(400, 'The click has no usable response_url.') }
  }
  const approval = approvalFrom(action.value)
  if (!('id' in approval)) return { response: approval }
  if (!mayDecide(approval, user)) {
    log.warning(`Slack user ${user || '(none)'} is not allowed to decide approval ${approval.id}.`)
    return { response: reply(403, 'You are not allowed to approve this.') }
  }

  // Exactly once: whoever claims the approval first decides it. A replay, a
  // retry (with or without X-Slack-Retry-Num, which the signature does not
  // cover), a double click or a second approver finds the claim taken.
  const decision = action.action_id === APPROVE_ACTION_ID ? 'approved' : 'rejected'
  const claimNonce = newClaimNonce()
  const clickedAt = nowSeconds()
  const claimed = await claims.claim({
    id: approval.id,
    user,
    decision,
    claimedAt: clickedAt,
    expiresAt: claimExpiry(approval.expiresAt, clickedAt),
    nonce: claimNonce
  })
  if (!claimed.won) {
    const by = claimed.holder
      ? `${claimed.holder.decision === 'approved' ? 'approved' : 'rejected'} by <@${claimed.holder.user}>`
      : 'decided'
    const plainBy = claimed.holder ? `${claimed.holder.decision} by ${claimed.holder.user}` : 'decided'
    log.info(
      `Approval ${approval.id} (${approval.eventType} to ${approval.repository}) was already ${plainBy}; ${user}'s click sent nothing.`
    )
    const note = ephemeralNote(`This request was already ${by}; nothing more was sent.`)
    return { response: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(note) } }
  }
  return {
    response: reply(200),
    work: { decision, value: String(action.value), user, channel, responseUrl, claimNonce, clickedAt }
  }
}
