/**
 * One target: send at most once (within the call's concurrency limit), then,
 * when waiting, follow the run and hand it to the downstream follow-up.
 */
import { CancelledError, DeliveryUnknownError } from '../model/errors.js'
import type { AdviceContext } from '../github/advice.js'
import type { TokenSession } from '../auth/token-session.js'
import { unknownDeliveryText } from './modes/ambiguous.js'
import type { Correlation, SendOutcome } from './modes/sender.js'
import type { Target } from '../model/plan.js'
import { newDistinctId } from './wait/correlation.js'
import { runFields, waitForRun, type RunReport } from './wait/follow.js'
import { outcomeOf, type DispatchCall } from './call.js'
import { failure, failureOf, type Failure, type OutcomeFields, type TargetOutcome } from './outcome.js'

/** Sends to one target (within the concurrency limit), then, when waiting, follows its run. */
export async function dispatchAndWait(
  call: DispatchCall,
  session: TokenSession,
  target: Target,
  installationId: number,
  ownerCtx: AdviceContext
): Promise<TargetOutcome> {
  const ctx = { ...ownerCtx, repositories: [target.fullName] }
  const sent = await send(call, target, session, ctx)
  if ('failure' in sent) {
    return outcomeOf(call, target, installationId, {
      failures: [sent.failure],
      ...(sent.unknown ? { dispatched: 'unknown' as const } : {})
    })
  }
  const { outcome, dispatchedAt } = sent
  const fields = sentFields(outcome)
  const wait = call.plan.wait
  if (wait === undefined) return outcomeOf(call, target, installationId, { dispatched: true, fields })
  const report = await waitForRun({
    client: () => session.client(),
    target,
    event: call.plan.mode.kind,
    distinctId: outcome.distinctId,
    ...(call.plan.mode.kind === 'repository_dispatch' ? { eventType: call.plan.mode.eventType } : {}),
    runId: outcome.run_id ?? undefined,
    dispatchedAt,
    deadline: dispatchedAt + wait.timeoutSeconds * 1000,
    pollIntervalMs: wait.pollIntervalSeconds * 1000,
    jobs: wait.jobs,
    log: call.log,
    signal: call.signal,
    clock: call.clock
  })
  // Loaded when first needed: a step that does not wait never evaluates it (nor its unzip library).
  const { followUp } = await import('./downstream/follow-up.js')
  const downstream = await followUp({
    client: () => session.client(),
    fetch: call.transport.fetch,
    target,
    report,
    wait,
    log: call.log,
    signal: call.signal,
    cancelDeadline: call.cleanup.signal('cancel-runs')
  })
  const { failure: waitFailure, ...reported } = runFields(report)
  const { failure: downstreamFailure, ...followed } = downstream
  const delivery: ReturnType<typeof settleDelivery> =
    outcome.deliveryUnknown === undefined ? { dispatched: true } : settleDelivery(call, target, outcome.deliveryUnknown, report)
  return outcomeOf(call, target, installationId, {
    dispatched: delivery.dispatched,
    fields: { ...fields, ...reported, ...followed },
    failures: [delivery.failure ?? waitFailure, downstreamFailure].filter((f): f is Failure => f !== undefined)
  })
}

/** What a send adds to the result (its run when GitHub said, the ref), not how the wait recognises the run. */
function sentFields(outcome: SendOutcome): OutcomeFields {
  return {
    ...(outcome.ref === undefined ? {} : { ref: outcome.ref }),
    ...(outcome.run_id === undefined ? {} : { run_id: outcome.run_id }),
    ...(outcome.run_url === undefined ? {} : { run_url: outcome.run_url })
  }
}

type Sent = { outcome: SendOutcome; dispatchedAt: number } | { failure: Failure; unknown: boolean }

/**
 * The dispatch itself, at most once: a failure that may have reached GitHub
 * is never sent again (the senders and the request stack see to it). When
 * waiting it carries a distinct_id, so a lost answer is settled by the wait.
 * Records what became of it for the cancellation report.
 */
async function send(call: DispatchCall, target: Target, session: TokenSession, ctx: AdviceContext): Promise<Sent> {
  let dispatchedAt = call.clock.now()
  const correlation: Correlation | undefined = call.plan.wait ? { distinctId: newDistinctId() } : undefined
  try {
    const outcome = await call.limit(async () => {
      if (call.signal?.aborted) throw new CancelledError(false)
      dispatchedAt = call.clock.now()
      return call.sender.send(await session.client(), target, ctx, correlation)
    })
    call.delivery.set(target, outcome.deliveryUnknown === undefined ? 'sent' : 'unknown')
    if (outcome.deliveryUnknown === undefined) {
      const what = ctx.workflow ? `workflow ${ctx.workflow} on ${outcome.ref ?? ''}` : `'${call.sender.event}'`
      call.log.info(`Dispatched ${what} to ${target.fullName}${outcome.run_url ? `: ${outcome.run_url}` : ''}.`)
    }
    return { outcome, dispatchedAt }
  } catch (error) {
    const unknown = error instanceof DeliveryUnknownError || (error instanceof CancelledError && error.inFlight)
    if (unknown) call.delivery.set(target, 'unknown')
    return { failure: failureOf(error, 'the dispatch'), unknown }
  }
}

/** A dispatch whose answer was lost, settled by the wait: its run was found (it arrived), or the outcome stays unknown. */
function settleDelivery(
  call: DispatchCall,
  target: Target,
  reason: string,
  report: RunReport
): { dispatched: true | 'unknown'; failure?: Failure } {
  if (report.run_id !== null) {
    call.delivery.set(target, 'sent')
    call.log.info(`${target.fullName}: its run exists, so the dispatch arrived (once).`)
    return { dispatched: true }
  }
  const found =
    report.ended === 'cancelled'
      ? 'the step was cancelled before its run was found'
      : 'no run carrying its distinct_id appeared while the step waited'
  return { dispatched: 'unknown', failure: failure('delivery-unknown', unknownDeliveryText(target, call.webUrl, reason, found)) }
}
