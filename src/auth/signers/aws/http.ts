/**
 * Where AWS is reached and how: endpoints as the AWS SDKs and CLI resolve
 * them (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true; else the service's regional
 * endpoint), and one request with a timeout, cancellation and a few retries
 * for answers that say "try again" (both calls made here only read). A
 * redirect is never followed (the AWS SDKs do not follow one either): it
 * would carry STS's body, which holds the job's OIDC token, or KMS's
 * x-amz-security-token to the host it names. Answers are read up to 1 MiB.
 */
import { CancelledError, SignerError } from '../../../model/errors.js'
import { sleep } from '../../../util/sleep.js'
import { causeChain, networkErrorText, describeNetworkError } from '../../../http/request-error.js'
import type { SignerContext } from '../../signer-context.js'

export type AwsEnv = Readonly<Record<string, string | undefined>>

/** The endpoint of `service` ('kms', 'sts') in `region`. */
export function awsEndpoint(service: string, region: string, env: AwsEnv): URL {
  const variable = `AWS_ENDPOINT_URL_${service.toUpperCase()}`
  if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() !== 'true') {
    for (const name of [variable, 'AWS_ENDPOINT_URL']) {
      const value = env[name]
      if (!value) continue
      try {
        const url = new URL(value)
        if (url.protocol === 'https:' || url.protocol === 'http:') return url
      } catch {
        // worded below
      }
      throw new SignerError(`${name} '${value}' is not an http(s) URL; set it to the endpoint's URL or unset it.`)
    }
  }
  return new URL(`https://${service}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`)
}

export interface AwsAnswer {
  status: number
  text: string
}

/** An answer of AWS or the runner's token service is a few KB: a bigger one is refused, unread. */
export const MAX_ANSWER_BYTES = 1024 * 1024

/** A failure that no retry mends, said in words naming `what` and where. */
class Refused extends Error {}

/** The body as text, or a Refused when it holds more than MAX_ANSWER_BYTES (it is not read further). */
async function readCapped(response: Response, what: string, origin: string): Promise<string> {
  const refuse = (): Refused =>
    new Refused(
      `${what} at ${origin} answered with more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, which was refused unread ` +
        '(its answers are a few KB). Check that the endpoint is the one you meant.'
    )
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel().catch(() => undefined)
    throw refuse()
  }
  if (response.body === null) return ''
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw refuse()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** fetch's failure for a redirect under `redirect: 'error'` (undici's words; node-fetch.ts says the same). */
function isRedirectRefusal(error: unknown): boolean {
  return [...causeChain(error)].some(({ message }) => typeof message === 'string' && message.startsWith('unexpected redirect'))
}

const ATTEMPTS = 3
const FIRST_BACKOFF_MS = 300
const TIMEOUT_MS = 15_000

/**
 * Sends one request; a network failure, a 5xx or an answer `retryable` calls
 * transient is tried again (at most 3 attempts). A network failure after the
 * last attempt is thrown in words naming `what` and the URL.
 */
export async function awsRequest(
  context: SignerContext,
  url: URL,
  init: { method: string; headers: () => Record<string, string>; body: string },
  what: string,
  retryable: (answer: AwsAnswer) => boolean
): Promise<AwsAnswer> {
  const fetch = context.fetchFor(url.href)
  const wait = context.sleep ?? sleep
  for (let attempt = 1; ; attempt++) {
    if (context.signal?.aborted) throw new CancelledError(false)
    const timeout = AbortSignal.timeout(TIMEOUT_MS)
    const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout
    let answer: AwsAnswer | undefined
    let failure: string | undefined
    try {
      // Headers are signed per attempt: the signature carries the time.
      // No body rather than an empty one: undici's fetch (the proxy path) refuses any body on a GET.
      const body = init.body === '' ? undefined : init.body
      const response = await fetch(url, { method: init.method, headers: init.headers(), body, signal, redirect: 'error' })
      answer = { status: response.status, text: await readCapped(response, what, url.origin) }
    } catch (error) {
      if (context.signal?.aborted) throw new CancelledError(true)
      if (error instanceof Refused) throw new SignerError(error.message)
      if (isRedirectRefusal(error)) {
        throw new SignerError(
          `${what} at ${url.origin} answered with a redirect, which was not followed: it never redirects, and following it ` +
            'would carry the request and its credentials to another host. Check that the endpoint is the one you meant ' +
            '(AWS_ENDPOINT_URL_*, AWS_ENDPOINT_URL, or a proxy in between).'
        )
      }
      failure = describeNetworkError(networkErrorText(error))
    }
    const transient = answer === undefined || answer.status >= 500 || retryable(answer)
    if (!transient || attempt >= ATTEMPTS) {
      if (answer) return answer
      throw new SignerError(`Could not reach ${what} at ${url.origin} (${failure ?? 'no answer'}) after ${attempt} attempts.`)
    }
    context.log.debug(`${what}: ${answer ? `HTTP ${answer.status}` : failure}; trying again (attempt ${attempt + 1}).`)
    await wait(FIRST_BACKOFF_MS * 2 ** (attempt - 1), context.signal)
  }
}

/** Text from AWS in one bounded line (it is shown in logs and messages). */
export function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
