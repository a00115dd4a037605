/**
 * The one polling loop both phases of a wait share (finding the run,
 * following it): deadline, cancellation, rate-limit backoff, and a stop on
 * 401 (a token GitHub refuses will not start working again).
 */
import type { Logger } from '../../model/logger.js'
import type { Target } from '../../model/plan.js'
import type { Clock } from '../../util/clock.js'
import { rateLimitWait } from '../../http/retry-policy.js'
import { describeNetworkError, networkErrorText, type RequestErrorLike } from '../../http/request-error.js'

/** What the loop needs of a wait (follow.ts, WaitRequest). */
export interface PollSettings {
  target: Target
  /** Epoch ms after which polling ends. */
  deadline: number
  pollIntervalMs: number
  log: Logger
  signal?: AbortSignal
  clock: Clock
}

/** A rate limit outlasting the request's own retries: wait for it rather than poll into it. */
function rateLimitBackoffMs(error: RequestErrorLike, now: number): number {
  if (error.response === undefined || (error.status !== 403 && error.status !== 429)) return 0
  return rateLimitWait({ status: error.status, headers: error.response.headers ?? {}, message: error.message ?? '', now })?.delayMs ?? 0
}

function describeError(error: RequestErrorLike): string {
  return error.response !== undefined
    ? `HTTP ${error.status ?? '?'}: ${error.message ?? ''}`
    : describeNetworkError(networkErrorText(error))
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}

export type Stopped = { stopped: 'timeout' | 'cancelled' } | { stopped: 'rejected'; detail: string } | { stopped: 'gone' }

/**
 * Calls `once` every poll interval until it returns a value, the deadline
 * passes, the signal aborts, or GitHub refuses the token (401). Other
 * failures are logged and polled through (rate limits waited out).
 */
export async function pollUntil<T>(
  request: PollSettings,
  what: string,
  once: () => Promise<T | undefined>,
  goneOn404 = false
): Promise<{ value: T } | Stopped> {
  const { deadline, pollIntervalMs, signal, log, clock } = request
  for (;;) {
    if (signal?.aborted) return { stopped: 'cancelled' }
    let backoffMs = 0
    try {
      const value = await once()
      if (value !== undefined) return { value }
    } catch (caught) {
      if (signal?.aborted) return { stopped: 'cancelled' }
      const error = caught as RequestErrorLike
      if (error.status === 401) return { stopped: 'rejected', detail: describeError(error) }
      if (error.status === 404 && goneOn404) return { stopped: 'gone' }
      backoffMs = rateLimitBackoffMs(error, clock.now())
      log.warning(
        `${request.target.fullName}: could not ${what} (${describeError(error)}); trying again${backoffMs ? ` in ${formatDuration(backoffMs)}` : ''}.`
      )
    }
    if (clock.now() >= deadline) return { stopped: 'timeout' }
    await clock.sleep(Math.min(Math.max(pollIntervalMs, backoffMs), deadline - clock.now()), signal)
  }
}
