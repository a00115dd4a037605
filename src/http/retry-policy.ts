/**
 * When to send a failed request again, and after how long. Pure, so every
 * rule is unit-tested without a clock or a server.
 *
 * Why not @octokit/plugin-retry + @octokit/plugin-throttling: plugin-retry
 * ignores `retry-after` (fixed 1 s, 4 s, 9 s) and plugin-throttling only
 * retries 429s whose message says "secondary rate"; throttling's default
 * Bottleneck groups also space every write 1 s apart, which would add a
 * second per POST to a step whose whole job is three requests, and neither
 * gives one overall time budget. The policy we need is a dozen lines.
 */

/** Statuses that say "this request is wrong", never "try later". */
const NEVER_RETRY = new Set([400, 401, 404, 410, 422, 451])

/** Give up when the next wait would end more than this after the first attempt. */
export const RETRY_BUDGET_MS = 60_000
/** At most this many attempts for one request, the first included. */
export const MAX_ATTEMPTS = 5
/** First backoff for 5xx and network failures; doubles each time. */
export const BASE_BACKOFF_MS = 1_000
/** GitHub's advice for a secondary rate limit without `retry-after`. */
export const SECONDARY_RATE_LIMIT_WAIT_MS = 60_000

export interface FailedAttempt {
  /** HTTP status, or undefined when no answer came (reset, refused, timeout). */
  status: number | undefined
  headers: Record<string, string | number | undefined>
  /** What the log line says: GitHub's message, or the network failure in words. */
  message: string
  /** Without an answer: the failure comes from the URL or the machine's settings (delivery.ts, failsBySettings). */
  fromSettings?: boolean
  /** Attempts made so far, this one included (1 after the first failure). */
  attempt: number
  /** Milliseconds since the first attempt started. */
  elapsedMs: number
  /** Wall clock now, in ms since the epoch (for `x-ratelimit-reset`). */
  now: number
}

export type RetryDecision =
  | { retry: false }
  | {
      retry: true
      delayMs: number
      /** A rate limit: other requests of the run should wait too. */
      rateLimited: boolean
      reason: string
    }

export function decideRetry(failure: FailedAttempt, random: () => number = Math.random): RetryDecision {
  const { status, attempt, elapsedMs } = failure
  if (attempt >= MAX_ATTEMPTS) return { retry: false }
  if (status !== undefined && NEVER_RETRY.has(status)) return { retry: false }
  // A host name that does not resolve rarely starts resolving within seconds, and an https:// URL that
  // reaches a plain-http port or an untrusted certificate never fixes itself: one retry, for a blip.
  if (status === undefined && attempt >= 2 && failure.fromSettings === true) return { retry: false }

  let delayMs: number
  let rateLimited = false
  let reason: string
  const rateLimit = status === 403 || status === 429 ? rateLimitWait(failure) : undefined
  if (rateLimit !== undefined) {
    ;({ delayMs, reason } = rateLimit)
    rateLimited = true
  } else if (status === undefined || status >= 500) {
    // Exponential backoff with jitter: 1 s, 2 s, 4 s, 8 s, each 50-100 %.
    const full = BASE_BACKOFF_MS * 2 ** (attempt - 1)
    delayMs = Math.round(full / 2 + (full / 2) * random())
    reason = status === undefined ? `no answer (${failure.message})` : `HTTP ${status}`
  } else {
    // 403 without rate-limit headers is a permission problem; other 4xx are final.
    return { retry: false }
  }
  if (elapsedMs + delayMs > RETRY_BUDGET_MS) return { retry: false }
  return { retry: true, delayMs, rateLimited, reason }
}

function header(headers: FailedAttempt['headers'], name: string): string | undefined {
  const value = headers[name]
  return value === undefined ? undefined : String(value)
}

/** How long a 403/429 asks to wait (retry-after, or until x-ratelimit-reset), if it is a rate limit. */
export function rateLimitWait(
  failure: Pick<FailedAttempt, 'status' | 'headers' | 'message' | 'now'>
): { delayMs: number; reason: string } | undefined {
  const retryAfter = header(failure.headers, 'retry-after')
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) {
    return { delayMs: Number(retryAfter) * 1000, reason: `rate limited, retry-after ${retryAfter} s` }
  }
  const remaining = header(failure.headers, 'x-ratelimit-remaining')
  const reset = header(failure.headers, 'x-ratelimit-reset')
  if (remaining === '0' && reset !== undefined && /^\d+$/.test(reset)) {
    // One second past the reset, as GitHub's docs advise.
    const delayMs = Math.max(0, Number(reset) * 1000 - failure.now) + 1000
    return { delayMs, reason: `rate limit exhausted until ${new Date(Number(reset) * 1000).toISOString()}` }
  }
  if (failure.status === 429 || /secondary rate limit/i.test(failure.message)) {
    return { delayMs: SECONDARY_RATE_LIMIT_WAIT_MS, reason: 'secondary rate limit' }
  }
  return undefined
}

/**
 * GitHub's replicas may not know an installation token for a few seconds after it was minted, and
 * answer 401 meanwhile (octokit's auth-app retries such a 401 for about 5 s for this reason).
 */
export const FRESH_TOKEN_WINDOW_MS = 5_000
/** The wait between two sends of a request refused that way. */
export const FRESH_TOKEN_RETRY_MS = 1_000

/**
 * How long to wait before sending again a request its token's first seconds refused with 401, given
 * the token's age now (ms since it was minted); undefined: the 401 stands (the next attempt would start
 * outside the window). Safe for a dispatch: GitHub refuses a 401 before processing anything.
 */
export function freshTokenRetryDelay(tokenAgeMs: number): number | undefined {
  return tokenAgeMs + FRESH_TOKEN_RETRY_MS <= FRESH_TOKEN_WINDOW_MS ? FRESH_TOKEN_RETRY_MS : undefined
}
