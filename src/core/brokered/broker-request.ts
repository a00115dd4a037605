/**
 * One request to the dispatch broker (model/broker-protocol.ts) and what its
 * answer means. Every POST carries a fresh OIDC token of the job (the broker
 * refuses a `jti` it has seen). An answer that was lost (no answer, a reset,
 * a timeout, a 5xx that is not a broker answer) is sent again with the SAME
 * body: the broker keys it by (repository, distinct_id) and gives the first
 * answer back without dispatching twice. After the last attempt the outcome
 * is unknown. Hand-written over fetch: it is one POST with a JSON answer.
 */
import { BROKER_DISPATCH_PATH, type BrokerDispatchAnswer, type BrokerErrorAnswer } from '../../model/broker-protocol.js'
import { CancelledError } from '../../model/errors.js'
import { msg } from '../../model/placeholders.js'
import type { BrokerSettings, Mode, Target } from '../../model/plan.js'
import type { Logger } from '../../model/logger.js'
import type { Transport } from '../../http/client.js'
import { networkErrorText, describeNetworkError } from '../../http/request-error.js'
import { runnerOidcToken } from '../../auth/runner-oidc.js'
import type { SignerContext } from '../../auth/signer-context.js'
import type { Clock } from '../../util/clock.js'
import { oneLine } from '../../auth/signers/aws/http.js'

export interface BrokerContext {
  broker: BrokerSettings
  transport: Transport
  /** How the OIDC token is fetched (secret masking, cancellation, HTTP). */
  oidc: SignerContext
  log: Logger
  signal: AbortSignal | undefined
  clock: Clock
}

export type BrokerReply =
  | { kind: 'answer'; answer: BrokerDispatchAnswer }
  | { kind: 'refused'; status: number; message: string; refusal?: BrokerErrorAnswer }
  | { kind: 'lost'; reason: string; attempts: number }

/** Sends of one body in all (the first and two more after a lost answer). */
export const BROKER_ATTEMPTS = 3
const FIRST_BACKOFF_MS = 1_000
/** A broker answer is a few hundred bytes; anything far larger is not one. */
const MAX_ANSWER_CHARS = 256 * 1024

/** The request body as text, the payload byte for byte as the user wrote it; the same text is sent on every attempt. */
export function requestBody(mode: Mode, target: Target, distinctId: string, wait: boolean): string {
  const head = `{"repository":${JSON.stringify(target.fullName)},"distinct_id":${JSON.stringify(distinctId)}`
  const tail = wait ? ',"wait":true}' : '}'
  if (mode.kind === 'repository_dispatch') {
    return `${head},"event_type":${JSON.stringify(mode.eventType)},"client_payload":${mode.clientPayloadJson.trim()}${tail}`
  }
  const ref = mode.ref === undefined ? '' : `,"ref":${JSON.stringify(mode.ref)}`
  return `${head},"workflow":${JSON.stringify(mode.workflow)}${ref},"inputs":${JSON.stringify(mode.inputs)}${tail}`
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

function isDispatchAnswer(value: unknown): value is BrokerDispatchAnswer {
  if (!isObject(value)) return false
  const token = value['read_token']
  return (
    (value['dispatched'] === true || value['dispatched'] === 'unknown' || value['dispatched'] === 'pending-approval') &&
    typeof value['repository'] === 'string' &&
    typeof value['distinct_id'] === 'string' &&
    (value['installation_id'] === null || typeof value['installation_id'] === 'number') &&
    (value['run_id'] === undefined || value['run_id'] === null || typeof value['run_id'] === 'number') &&
    (value['run_url'] === undefined || value['run_url'] === null || typeof value['run_url'] === 'string') &&
    (token === undefined || (isObject(token) && typeof token['token'] === 'string' && token['token'] !== ''))
  )
}

function isErrorAnswer(value: unknown): value is BrokerErrorAnswer {
  return isObject(value) && typeof value['error'] === 'string' && typeof value['message'] === 'string'
}

/** What the broker said, for people: one bounded line (the adapters make it inert where they print it). */
export function brokerText(text: string): string {
  // eslint-disable-next-line no-control-regex -- outside text: control characters never reach a message
  return oneLine(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '), 500)
}

/** At most this many of a denial's reasons are shown (one per rule of the target's policy). */
const MAX_REASONS = 10

/**
 * A policy denial's claims and reasons, as the broker sent them: without them
 * "no rule allows this caller" would leave the caller guessing what to change.
 */
function denialDetails(answer: BrokerErrorAnswer): string {
  const claims = isObject(answer.claims) ? Object.entries(answer.claims).filter(([, value]) => typeof value === 'string') : []
  const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter(reason => typeof reason === 'string') : []
  let text = ''
  if (claims.length > 0) text += ` Claims presented: ${brokerText(claims.map(([name, value]) => `${name}=${String(value)}`).join(', '))}.`
  if (reasons.length > 0) {
    const shown = reasons.slice(0, MAX_REASONS).map(reason => brokerText(reason))
    const more = reasons.length > MAX_REASONS ? `; and ${reasons.length - MAX_REASONS} more` : ''
    text += ` Why no rule matched: ${shown.join('; ')}${more}.`
  }
  return text
}

/** One POST with a fresh OIDC token. Throws when no token could be had (nothing was sent) or on cancellation. */
async function postOnce(ctx: BrokerContext, body: string): Promise<BrokerReply> {
  let token: string
  try {
    token = await runnerOidcToken(ctx.oidc, { ...ctx.broker.oidc, audience: ctx.broker.audience })
  } catch (error) {
    // Cancelled while the runner's token service had the request: nothing of this attempt reached the broker.
    if (error instanceof CancelledError) throw new CancelledError(false)
    throw error
  }
  if (ctx.signal?.aborted) throw new CancelledError(false)
  let status: number
  let text: string
  try {
    const response = await ctx.transport.fetch(`${ctx.broker.url}${BROKER_DISPATCH_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': ctx.transport.settings.userAgent
      },
      body,
      ...(ctx.signal ? { signal: ctx.signal } : {})
    })
    status = response.status
    text = await response.text()
  } catch (error) {
    if (ctx.signal?.aborted) throw new CancelledError(true)
    return { kind: 'lost', reason: describeNetworkError(networkErrorText(error)), attempts: 1 }
  }
  let json: unknown
  try {
    json = text.length <= MAX_ANSWER_CHARS ? JSON.parse(text) : undefined
  } catch {
    // not a broker answer: judged by the status below
  }
  if ((status === 200 || status === 202) && isDispatchAnswer(json)) return { kind: 'answer', answer: json }
  if (isErrorAnswer(json) && status >= 400) {
    return {
      kind: 'refused',
      status,
      message: `the broker refused it (${json.error}): ${brokerText(json.message)}${denialDetails(json)}`,
      refusal: json
    }
  }
  if (status >= 500) return { kind: 'lost', reason: `the broker answered HTTP ${status} without a broker answer`, attempts: 1 }
  return {
    kind: 'refused',
    status,
    message: msg`${new URL(ctx.broker.url).origin} answered HTTP ${status}, which is not a broker answer. Is {broker-url} the dispatch broker's URL?`
  }
}

/**
 * Sends `body` until an answer comes back, at most BROKER_ATTEMPTS times,
 * waiting 1 s, then 2 s; each attempt with its own OIDC token. Cancelled
 * after an answer was lost, it throws CancelledError(true): that request may
 * have arrived, so whether it was dispatched is unknown.
 */
export async function postToBroker(ctx: BrokerContext, target: Target, body: string): Promise<BrokerReply> {
  for (let attempt = 1; ; attempt++) {
    let reply: BrokerReply
    try {
      reply = await postOnce(ctx, body)
    } catch (error) {
      // After a lost answer, an earlier attempt may have arrived: cancelled now, the outcome is unknown.
      if (error instanceof CancelledError && attempt > 1) throw new CancelledError(true)
      throw error
    }
    if (reply.kind !== 'lost') return reply
    if (attempt >= BROKER_ATTEMPTS) return { ...reply, attempts: attempt }
    const delay = FIRST_BACKOFF_MS * 2 ** (attempt - 1)
    ctx.log.info(
      `${target.fullName}: the broker's answer was lost (${reply.reason}); sending the same request again in ${delay / 1000} s ` +
        `(attempt ${attempt + 1}; the broker dispatches it at most once).`
    )
    await ctx.clock.sleep(delay, ctx.signal)
    if (ctx.signal?.aborted) throw new CancelledError(true)
  }
}
