/** What a front end gives the core besides the Plan: how to log, mask, cancel and name inputs. */
import type { Terms } from '../model/input-table.js'
import type { Logger } from '../model/logger.js'
import type { Clock } from '../util/clock.js'

export interface DispatchEnvironment {
  log: Logger
  /** Receives every credential (JWT, token) before it is used. */
  onSecret: (secret: string) => void
  userAgent: string
  /** Abort to cancel: requests in flight are abandoned, nothing more is sent, and every token is still revoked. */
  signal?: AbortSignal
  /** How messages name inputs: the action's names (default), CLI flags or library options. */
  terms?: Terms
  /** The time, and how retries, polls and token refreshes wait (default: real time); a test seam, not a user option. */
  clock?: Clock
  /** How long a request may go unanswered (default 30 s); a test seam, not a user option. */
  requestTimeoutMs?: number
}
