/**
 * One target: send at most once (within the call's concurrency limit), then,
 * when waiting, follow the run and hand it to the downstream follow-up.
 */
import { CancelledError } from './errors.js'
import type { AdviceContext } from './github/advice.js'
import type { TokenSession } from './github/token-session.js'
import type { Correlation, Sender } from './modes/sender.js'
import type { Target } from './plan.js'
import { sleep } from './sleep.js'
import { newDistinctId } from './wait/correlation.js'
import { lookForRun, waitForRun, type DispatchEvent } from './wait/follow.js'
import { failureText, record, type DispatchCall } from './dispatch-call.js'

/** Sends to one target (within the concurrency limit), then, when waiting, follows its run. */
export async function dispatchAndWait(
  call: DispatchCall,
  session: TokenSession,
  target: Target,
  installationId: number,
  ownerCtx: AdviceContext
): Promise<void> {
  const ctx = { ...ownerCtx, repositories: [target.fullName] }
  const sent = await send(call, session, target, ctx)
  if ('error' in sent) {
    record(call, target, installationId, { error: sent.error })
    return
  }
  const { outcome, dispatchedAt } = sent
  const fields = { ...outcome }
  delete fields.distinctId
  const wait = call.plan.wait
  if (wait === undefined) {
    record(call, target, installationId, { dispatched: true, ...fields })
    return
  }
  const report = await waitForRun({
    client: () => session.client(),
    target,
    event: call.plan.mode.kind,
    distinctId: outcome.distinctId,
    runId: outcome.run_id ?? undefined,
    dispatchedAt,
    deadline: dispatchedAt + wait.timeoutSeconds * 1000,
    pollIntervalMs: wait.pollIntervalSeconds * 1000,
    jobs: wait.jobs,
    log: call.log,
    signal: call.signal
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
    signal: call.signal
  })
  const reported: Partial<typeof report> = { ...report }
  delete reported.ended
  const error = [report.error, downstream.error].filter(Boolean).join(' ') || undefined
  record(call, target, installationId, { dispatched: true, ...fields, ...reported, ...downstream, ...(error ? { error } : {}) })
}

type Sent = { outcome: Awaited<ReturnType<Sender['send']>>; dispatchedAt: number } | { error: string }

/**
 * The dispatch itself, at most once: when waiting, it carries a distinct_id,
 * so a failure that may have reached GitHub is checked for (runExists)
 * before it is sent again (the sender's loop). Records what became of it
 * for the cancellation report.
 */
async function send(call: DispatchCall, session: TokenSession, target: Target, ctx: AdviceContext): Promise<Sent> {
  const event: DispatchEvent = call.plan.mode.kind
  let dispatchedAt = Date.now()
  const distinctId = call.plan.wait ? newDistinctId() : undefined
  const correlation: Correlation | undefined =
    distinctId === undefined
      ? undefined
      : { distinctId, alreadyStarted: () => runExists(call, session, target, event, distinctId, dispatchedAt) }
  try {
    const outcome = await call.limit(async () => {
      if (call.signal?.aborted) throw new CancelledError(false)
      dispatchedAt = Date.now()
      return call.sender.send(await session.client(), target, ctx, correlation)
    })
    call.delivery.set(target, 'sent')
    const what = ctx.workflow ? `workflow ${ctx.workflow} on ${outcome.ref ?? ''}` : `'${call.sender.event}'`
    call.log.info(`Dispatched ${what} to ${target.fullName}${outcome.run_url ? `: ${outcome.run_url}` : ''}.`)
    return { outcome, dispatchedAt }
  } catch (error) {
    if (error instanceof CancelledError && error.inFlight) call.delivery.set(target, 'unknown')
    return { error: failureText(error, 'the dispatch') }
  }
}

/**
 * Whether a run carrying the distinct_id exists. A run appears a few seconds
 * after its dispatch is accepted, so this looks three times over four seconds.
 */
async function runExists(
  call: DispatchCall,
  session: TokenSession,
  target: Target,
  event: DispatchEvent,
  distinctId: string,
  dispatchedAt: number
): Promise<boolean> {
  for (let check = 1; check <= 3; check++) {
    if (call.signal?.aborted) return false
    try {
      const found = await lookForRun(await session.client(), { target, event, distinctId, dispatchedAt })
      if (found.run) return true
    } catch {
      // Could not look: the caller decides on what it knows.
    }
    if (check < 3) await sleep(2000, call.signal)
  }
  return false
}
