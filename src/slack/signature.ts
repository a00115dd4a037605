/**
 * Slack request verification: HMAC-SHA256 of `v0:{timestamp}:{raw body}`
 * with the app's signing secret, compared in constant time, and a 5-minute
 * window against replays.
 *
 * Written here rather than taken from Slack's SDK: the SDK's verifier ships
 * inside @slack/bolt, which would add Express, axios and the Web API client
 * to every user of this package for what is a dozen lines of node:crypto.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppDispatchError } from '../model/errors.js'

export const MAX_REQUEST_AGE_SECONDS = 5 * 60

export class SlackRequestError extends AppDispatchError {
  override readonly name = 'SlackRequestError'
  constructor(
    readonly status: number,
    message: string
  ) {
    super('slack-request', message)
  }
}

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp` */
  timestamp: string | undefined
  /** `X-Slack-Signature`, e.g. `v0=5f2c…` */
  signature: string | undefined
  /** The body exactly as received, before any parsing. */
  rawBody: string
}

/** Throws SlackRequestError(401) unless the request is Slack's and recent. */
export function verifySlackSignature(signingSecret: string, request: SignedRequest, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const { timestamp, signature, rawBody } = request
  if (!timestamp || !signature) throw new SlackRequestError(401, 'Missing X-Slack-Request-Timestamp or X-Slack-Signature.')
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > MAX_REQUEST_AGE_SECONDS) {
    throw new SlackRequestError(401, 'Stale or invalid X-Slack-Request-Timestamp (more than 5 minutes off): refusing a possible replay.')
  }
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`
  const given = Buffer.from(signature, 'utf8')
  const wanted = Buffer.from(expected, 'utf8')
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new SlackRequestError(401, 'Invalid X-Slack-Signature.')
  }
}

/** The header value Slack would send for this body (for tests and local tools). */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`
}
