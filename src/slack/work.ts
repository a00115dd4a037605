/**
 * Accepted work: for an approval, claim the dispatch itself (so a retried or
 * duplicated hand-over still sends once), dispatch, and replace the buttons
 * with a short outcome; for a rejection, only the message.
 */
import { messageOf } from '../errors.js'
import { dispatch, failureMessage, type DispatchOptions } from '../lib.js'
import { appKeyOptions } from './config.js'
import type { HandlerContext } from './context.js'
import { describeDispatch, outcomeMessage } from './message.js'
import type { Work } from './types.js'

/** The payload with approved_by added, when it has room under GitHub's 10 top-level properties. */
function withApprover(clientPayloadJson: string, user: string): string {
  const payload = JSON.parse(clientPayloadJson) as Record<string, unknown>
  if ('approved_by' in payload || Object.keys(payload).length >= 10) return clientPayloadJson
  const rest = clientPayloadJson.trim().slice(1).trimStart()
  const pair = `"approved_by":${JSON.stringify(user)}`
  return rest.startsWith('}') ? `{${pair}}` : `{${pair},${rest}`
}

export async function runWork(ctx: HandlerContext, work: Work): Promise<void> {
  const { config, log, claims, nowSeconds, postToSlack, approvalFrom } = ctx
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
      ...appKeyOptions(config),
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
