/**
 * A dispatch whose answer was lost: GitHub may have started the run, and
 * GitHub has no idempotency key, so it is never sent again (at most once).
 * The words a target's result carries then.
 */
import type { AdviceContext } from '../../github/advice.js'
import { socketConnected } from '../../http/delivery.js'
import { networkErrorText, describeNetworkError } from '../../http/request-error.js'
import { DeliveryUnknownError } from '../../model/errors.js'
import type { Target } from '../../model/plan.js'

/** What became of the answer: "GitHub answered HTTP 502", "the connection was closed before an answer came". */
export function lostAnswerReason(error: unknown): string {
  const e = error as { status?: number; response?: unknown; message?: string }
  if (e.response !== undefined) return `GitHub answered HTTP ${e.status ?? '?'}`
  return describeNetworkError(networkErrorText(error), socketConnected(error))
}

/** The advice for a target whose dispatch may or may not have arrived. */
export function unknownDeliveryText(
  target: Target,
  webUrl: string,
  reason: string,
  found = 'nothing could tell whether it arrived'
): string {
  return (
    `GitHub may have started it: the answer to the dispatch to ${target.fullName} was lost (${reason}) and ${found}, ` +
    `so it was not sent again. Check ${webUrl}/${target.fullName}/actions before running this again.`
  )
}

export function deliveryUnknown(error: unknown, target: Target, ctx: Pick<AdviceContext, 'webUrl'>): DeliveryUnknownError {
  const reason = lostAnswerReason(error)
  return new DeliveryUnknownError(reason, unknownDeliveryText(target, ctx.webUrl, reason))
}

/** The log line when the answer was lost but the run can still be recognised: nothing is sent again. */
export function lookingForRunInstead(target: Target, error: unknown): string {
  return `${target.fullName}: the answer to the dispatch was lost (${lostAnswerReason(error)}); not sending it again, looking for its run instead.`
}
