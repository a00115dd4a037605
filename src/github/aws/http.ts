/**
 * Where AWS is reached and how: endpoints as the AWS SDKs and CLI resolve
 * them (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true; else the service's regional
 * endpoint), and one request with a timeout, cancellation and a few retries
 * for answers that say "try again" (both calls made here only read).
 */
import { CancelledError, GitHubError } from '../../model/errors.js'
import { sleep } from '../../util/sleep.js'
import { describeNetworkError } from '../advice.js'
import { networkErrorText } from '../request-error.js'
import type { SignerContext } from '../signer-context.js'

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
      throw new GitHubError('app-jwt', undefined, `${name} '${value}' is not an http(s) URL; set it to the endpoint's URL or unset it.`)
    }
  }
  return new URL(`https://${service}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`)
}

export interface AwsAnswer {
  status: number
  text: string
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
      const response = await fetch(url, { method: init.method, headers: init.headers(), body: init.body, signal })
      answer = { status: response.status, text: await response.text() }
    } catch (error) {
      if (context.signal?.aborted) throw new CancelledError(true)
      failure = describeNetworkError(networkErrorText(error))
    }
    const transient = answer === undefined || answer.status >= 500 || retryable(answer)
    if (!transient || attempt >= ATTEMPTS) {
      if (answer) return answer
      throw new GitHubError(
        'app-jwt',
        undefined,
        `Could not reach ${what} at ${url.origin} (${failure ?? 'no answer'}) after ${attempt} attempts.`
      )
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
