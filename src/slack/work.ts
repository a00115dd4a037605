/**
 * Accepted work: for an approval, claim the dispatch itself (so a retried or
 * duplicated hand-over still sends once), dispatch, and replace the buttons
 * with a short outcome; for a rejection, only the message.
 */
import { messageOf } from '../model/errors.js'
import { dispatch, failureMessage, type DispatchOptions, type TargetResult } from '../lib/index.js'
import { APPROVED_BY_KEY, approvedByProblem, type Approval } from './approval-token.js'
import { MemoryClaimStore, newClaimNonce } from './claims.js'
import { appKeyOptions, type ApprovalOutcome } from './config.js'
import { claimExpiry, type HandlerContext } from './context.js'
import { describeDispatch, outcomeMessage } from './message.js'
import type { Work } from './types.js'

/** The signed payload (canonical JSON, as the message showed it) with approved_by first (checked to have room and no pre-filled value), the rest byte for byte. */
function withApprover(clientPayloadJson: string, user: string): string {
  const rest = clientPayloadJson.trim().slice(1).trimStart()
  const pair = `${JSON.stringify(APPROVED_BY_KEY)}:${JSON.stringify(user)}`
  return rest.startsWith('}') ? `{${pair}}` : `{${pair},${rest}`
}

/**
 * The click's rules again, where the work runs (it may have travelled through
 * an asynchronous invocation): who, where, the reply address, the signed
 * approval and the allow-lists, and that the approval's claim is this click's
 * own. The approval, or undefined after logging why not.
 */
async function checkedApproval(ctx: HandlerContext, work: Work): Promise<Approval | undefined> {
  const { log, mayDecide, allowedUsers, allowedChannels, responseUrlPattern, claims, approvalFrom } = ctx
  const refuse = (why: string): undefined => void log.warning(`Refused approval work for ${work.user || '(no user)'}: ${why}`)
  if (allowedUsers.size > 0 && !allowedUsers.has(work.user)) return refuse('the user is not in allowedUsers.')
  if (allowedChannels && !allowedChannels.has(work.channel)) return refuse('the channel is not in allowedChannels.')
  if (!responseUrlPattern.test(work.responseUrl)) return refuse('the response_url does not match responseUrlPattern.')
  // Judged at the click: handed-over work may run after the approval's expiry (a slow start, a retry).
  const approval = approvalFrom(work.value, work.clickedAt)
  if (!('id' in approval)) return undefined
  if (!mayDecide(approval, work.user)) return refuse('the user may not decide this approval (allowedUsers, or its signed approvers).')
  const claim = await claims.read(approval.id)
  // An in-memory store is this instance's alone: another Lambda instance's
  // click is not in it, and the ticket's binding to the claim nonce must do.
  const unknownHere = claim === undefined && claims instanceof MemoryClaimStore
  const own = claim !== undefined && claim.user === work.user && claim.nonce === work.claimNonce && claim.decision === work.decision
  if (!own && !unknownHere) return refuse(`approval ${approval.id} is not claimed by this click.`)
  return approval
}

/** What the channel reads after the dispatch: short, no internal detail (that goes to the function's log). */
function channelOutcome(results: TargetResult[] | undefined, user: string, what: string): string {
  const result = results?.[0]
  if (result?.dispatched === 'unknown') {
    return (
      `:warning: Approved by <@${user}>. The dispatch of ${what} may have been sent: GitHub's answer was lost, so it was not sent again. ` +
      "Check the repository's Actions runs before requesting it again."
    )
  }
  if (results !== undefined && failureMessage(results) === undefined)
    return `:white_check_mark: Approved by <@${user}>: dispatched ${what}.`
  return `:warning: Approved by <@${user}>, but the dispatch of ${what} failed. The details are in the approval function's log.`
}

/** Tells the handler's owner (the broker) what became of an approval; a failure is logged, never thrown. */
async function tellOutcome(
  ctx: HandlerContext,
  approval: Approval,
  outcome: Omit<ApprovalOutcome, 'repository' | 'payload'>
): Promise<void> {
  if (ctx.config.onOutcome === undefined) return
  try {
    await ctx.config.onOutcome({
      repository: approval.repository,
      payload: JSON.parse(approval.clientPayloadJson) as Record<string, unknown>,
      ...outcome
    })
  } catch (error) {
    ctx.log.warning(`Could not record the outcome of approval ${approval.id}: ${messageOf(error)}`)
  }
}

export async function runWork(ctx: HandlerContext, work: Work): Promise<void> {
  const { config, log, claims, nowSeconds, postToSlack } = ctx
  try {
    const approval = await checkedApproval(ctx, work)
    if (approval === undefined) {
      // The person who clicked learns it was not sent (the reason is in the log, not the channel).
      if (ctx.responseUrlPattern.test(work.responseUrl))
        await postToSlack(
          work.responseUrl,
          outcomeMessage(":no_entry: Not sent: the approval was refused where it ran. The details are in the approval function's log.")
        )
      return
    }
    const what = describeDispatch(approval)
    if (work.decision === 'rejected') {
      log.info(`${work.user} rejected ${approval.eventType} to ${approval.repository} (approval ${approval.id}).`)
      await tellOutcome(ctx, approval, { decision: 'rejected', user: work.user })
      await postToSlack(work.responseUrl, outcomeMessage(`:no_entry: Rejected by <@${work.user}>: ${what} was not sent.`, approval))
      return
    }
    const problem = approvedByProblem(approval.clientPayloadJson)
    if (problem !== undefined) {
      // Signed before the rule: the handler's approved_by must be the only one.
      log.warning(`Approval ${approval.id} was not dispatched: its client_payload ${problem}`)
      await postToSlack(
        work.responseUrl,
        outcomeMessage(`:no_entry: ${what} was not sent: the request cannot say who approved it. Post a new request.`, approval)
      )
      return
    }
    // The work's own claim: an asynchronous invocation retried by Lambda, or
    // the same work handed over twice, still dispatches once. It lives as long
    // as any ticket for this click can be delivered.
    const dispatchClaim = await claims.claim({
      id: `${approval.id}#dispatch`,
      user: work.user,
      decision: 'approved',
      claimedAt: nowSeconds(),
      expiresAt: claimExpiry(approval.expiresAt, work.clickedAt),
      nonce: newClaimNonce()
    })
    if (!dispatchClaim.won) {
      log.info(`Approval ${approval.id} was already dispatched; not sending it again.`)
      return
    }
    const options: DispatchOptions = {
      appId: config.appId,
      ...appKeyOptions(config),
      repository: approval.repository,
      eventType: approval.eventType,
      clientPayload: withApprover(approval.clientPayloadJson, work.user),
      apiUrl: config.apiUrl,
      outputsArtifact: '',
      logger: config.logger
    }
    let results: TargetResult[] | undefined
    let failure: string | undefined
    try {
      results = await dispatch(options)
      failure = failureMessage(results)
    } catch (error) {
      failure = messageOf(error)
    }
    const text = channelOutcome(results, work.user, what)
    // The log gets plain text, without Slack's markup.
    if (failure === undefined)
      log.info(`Approved by ${work.user}: dispatched ${approval.eventType} to ${approval.repository} (approval ${approval.id}).`)
    else log.warning(`The dispatch of ${approval.eventType} to ${approval.repository} approved by ${work.user} failed: ${failure}`)
    await tellOutcome(ctx, approval, {
      decision: 'approved',
      user: work.user,
      dispatched: results?.[0]?.dispatched === 'pending-approval' ? false : (results?.[0]?.dispatched ?? false),
      ...(failure === undefined ? {} : { error: failure })
    })
    await postToSlack(work.responseUrl, outcomeMessage(text, approval))
  } catch (error) {
    log.warning(`The approval work failed unexpectedly: ${messageOf(error)}`)
  }
}
