/**
 * The time a cancelled step has to clean up, as one deadline. The runner
 * sends SIGINT, SIGTERM 7.5 s later and SIGKILL 2.5 s after that, so
 * everything must be done within 10 s of the first signal: cancelling the
 * downstream runs first (it needs the tokens), a token request already in
 * flight (so its token can be revoked), then the revocations, across owners
 * in parallel.
 *
 * Its deadlines stay on real time (not the call's Clock): they bound real
 * requests that may hang, and a test's virtual clock, which wakes sleepers at
 * once, would fire them before the request could answer.
 */

/** After the cancellation: asking GitHub to cancel runs gives up by then. */
export const CANCEL_RUNS_BY_MS = 5_000
/** A token request in flight when the step was cancelled gives up by then (its token still has to be revoked). */
export const MINT_BY_MS = 6_000
/** Revocations give up by then, a second before the runner's SIGKILL. */
export const REVOKE_BY_MS = 9_000

export type CleanupPhase = 'cancel-runs' | 'mint' | 'revoke'

const PHASE_END: Record<CleanupPhase, number> = { 'cancel-runs': CANCEL_RUNS_BY_MS, mint: MINT_BY_MS, revoke: REVOKE_BY_MS }

export class CleanupWindow {
  private readonly phases = new Map<CleanupPhase, AbortController>()
  private readonly timers: NodeJS.Timeout[] = []

  constructor(private readonly cancelled?: AbortSignal) {
    if (cancelled === undefined) return
    if (cancelled.aborted) this.start()
    else cancelled.addEventListener('abort', () => this.start(), { once: true })
  }

  /**
   * A signal for a request that must go on after the step is cancelled: it
   * never fires while the step runs, and fires the phase's time after the
   * cancellation (at once if that time has passed).
   */
  signal(phase: CleanupPhase): AbortSignal | undefined {
    if (this.cancelled === undefined) return undefined
    let controller = this.phases.get(phase)
    if (controller === undefined) {
      controller = new AbortController()
      this.phases.set(phase, controller)
      if (this.startedAt !== undefined) this.schedule(phase, controller)
    }
    return controller.signal
  }

  private startedAt: number | undefined

  private start(): void {
    this.startedAt = Date.now()
    for (const [phase, controller] of this.phases) this.schedule(phase, controller)
  }

  private schedule(phase: CleanupPhase, controller: AbortController): void {
    const left = (this.startedAt ?? Date.now()) + PHASE_END[phase] - Date.now()
    const reason = Object.assign(new Error(`the step was cancelled ${PHASE_END[phase] / 1000} s ago; no time left`), {
      name: 'TimeoutError'
    })
    if (left <= 0) return controller.abort(reason)
    // unref: a pending deadline must not keep the process alive once the work is done.
    this.timers.push(setTimeout(() => controller.abort(reason), left).unref())
  }
}
