/**
 * What a front end gives the core besides the Plan: how to log, mask and
 * cancel. Messages (results' errors, log lines) name inputs as placeholders
 * that the front end renders in its own words (model/placeholders.ts).
 */
import type { Logger } from '../model/logger.js'
import type { Clock } from '../util/clock.js'

export interface DispatchEnvironment {
  log: Logger
  /** Receives every credential (JWT, token) before it is used. */
  onSecret: (secret: string) => void
  userAgent: string
  /** Abort to cancel: requests in flight are abandoned, nothing more is sent, and every token is still revoked. */
  signal?: AbortSignal
  /** The time, and how retries, polls and token refreshes wait (default: real time); a test seam, not a user option. */
  clock?: Clock
  /** How long a request may go unanswered (default 30 s); a test seam, not a user option. */
  requestTimeoutMs?: number
}
