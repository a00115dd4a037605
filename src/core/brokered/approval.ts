/**
 * A person decides first, where the target's policy asks for approval: the
 * broker posted the request to Slack and answered "pending-approval". Without
 * wait that answer is the outcome. With wait, the same request is sent again
 * every poll-interval (the broker answers a repeat without dispatching again)
 * until the answer is no longer pending, wait-timeout passes, or the step is
 * cancelled. Once the broker holds the request, a cancelled step does not take
 * it back: it still runs if it is approved, and the outcome says so.
 */
import { CancelledError, messageOf } from '../../model/errors.js'
import { msg } from '../../model/placeholders.js'
import type { WaitSettings } from '../../model/plan.js'
import { failure, type Failure } from '../outcome.js'
import { formatDuration } from '../wait/poll.js'
import { brokerText, type BrokerContext, type BrokerReply } from './broker-request.js'

/** How the wait for a decision ended: the broker's next answer, or still pending when it timed out or was cancelled. */
export type ApprovalWait = { kind: 'reply'; reply: BrokerReply } | { kind: 'still-pending'; failure: Failure }

export async function awaitApproval(
  ctx: BrokerContext,
  options: {
    name: string
    first: BrokerReply & { kind: 'answer' }
    wait: WaitSettings | undefined
    sentAt: number
    /** The same request again, within the concurrency limit. */
    resend: () => Promise<BrokerReply>
  }
): Promise<ApprovalWait> {
  const { name, first, wait, sentAt } = options
  const raw = first.answer.approval?.message_url
  const link = raw ? `: ${brokerText(raw)}` : ''
  ctx.log.info(`${name}: the broker asked for approval first${link}.`)
  if (wait === undefined) return { kind: 'reply', reply: first }
  // Once the broker holds the request, only a decision changes that: anything else leaves it pending there.
  const stillPending = (code: 'cancelled' | 'approval-pending', why: string): ApprovalWait => ({
    kind: 'still-pending',
    failure: failure(code, `${why}; the broker holds the request, and dispatches it if it is (or was) approved before it expires${link}.`)
  })
  const deadline = sentAt + wait.timeoutSeconds * 1000
  let reply: BrokerReply = first
  while (reply.kind === 'answer' && reply.answer.dispatched === 'pending-approval' && reply.answer.approval?.decision !== 'rejected') {
    if (ctx.clock.now() >= deadline) {
      const waited = formatDuration(ctx.clock.now() - sentAt)
      return {
        kind: 'still-pending',
        failure: failure(
          'approval-pending',
          msg`Still waiting for approval after ${waited} ({wait-timeout}); nothing has been dispatched yet. If it is approved later, it is dispatched then.`
        )
      }
    }
    await ctx.clock.sleep(Math.min(wait.pollIntervalSeconds * 1000, deadline - ctx.clock.now()), ctx.signal)
    if (ctx.signal?.aborted) return stillPending('cancelled', 'The step was cancelled while waiting for approval')
    try {
      reply = await options.resend()
    } catch (error) {
      // Asking again changes nothing at the broker: cancelled or failed on the way, the request is still held.
      if (error instanceof CancelledError) return stillPending('cancelled', 'The step was cancelled while waiting for approval')
      return stillPending('approval-pending', `Could not ask the broker about the approval again (${messageOf(error)})`)
    }
    // A refusal that carries the approval is the decision (rejected, or approved and then refused by GitHub).
    if (reply.kind === 'refused' && reply.refusal?.approval === undefined)
      return stillPending('approval-pending', `Could not ask the broker about the approval again (${reply.message})`)
    if (reply.kind === 'lost')
      return stillPending('approval-pending', `Could not ask the broker about the approval again (its answer was lost: ${reply.reason})`)
  }
  return { kind: 'reply', reply }
}
