/**
 * One configured request stack for every call of a run: base URL, user agent,
 * proxy, per-request timeout, secret registration and the retry policy. The
 * App client (JWT, via @octokit/auth-app) and the installation-token client
 * share it, so auth-app's own requests get the same behaviour as ours.
 */
import { Octokit } from '@octokit/core'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { AppDispatchError, CancelledError } from '../model/errors.js'
import { realClock, type Clock } from '../util/clock.js'
import { apiVersionFor, FALLBACK_API_VERSION, isVersionRefusal } from './api-version.js'
import { failsBySettings, provenNotDelivered } from './delivery.js'
import { describeNetworkError, githubMessageOf, networkErrorText, type RequestErrorLike } from './request-error.js'
import type { Logger } from '../model/logger.js'
import { nodeFetch } from './node-fetch.js'
import { decideRetry } from './retry-policy.js'

export interface ClientSettings {
  apiUrl: string
  userAgent: string
  log: Logger
  /**
   * Called with every credential before it is first sent or returned, so an
   * adapter can mask it (`core.setSecret`) before anything could print it.
   */
  onSecret: (secret: string) => void
  /**
   * Cancellation: when it aborts, every request in flight is abandoned at once
   * and none is sent or retried, except those marked `request: { keepOnCancel: true }`
   * (the revocations, which bring their own short deadline).
   */
  signal?: AbortSignal
  /** The time and how the stack waits between attempts (default real time; tests pass a virtual clock). */
  clock?: Clock
  /** A request without an answer after this long counts as a network failure (default 30 s; tests shorten it). */
  requestTimeoutMs?: number
  /** The REST API version to ask for first (default: by host, see api-version.ts); a test seam. */
  apiVersion?: string
}

/** State shared by every client of one run. */
export interface Transport {
  settings: ClientSettings
  fetch: typeof fetch
  /** A rate limit seen by any request pauses all of them until then (ms epoch). */
  pausedUntil: number
  /** Hands a credential to `settings.onSecret`, once per value. */
  registerSecret: (secret: string) => void
  /** The REST API version every request asks for; 2022-11-28 for the rest of the run once the server refuses another. */
  apiVersion: string
}

/** A request that takes longer counts as a network failure (and is retried). */
const REQUEST_TIMEOUT_MS = 30_000

export function createTransport(settings: ClientSettings): Transport {
  const seen = new Set<string>()
  const registerSecret = (secret: string): void => {
    if (secret === '' || seen.has(secret)) return
    seen.add(secret)
    settings.onSecret(secret)
  }
  const base = proxyAwareFetch()
  const wrapped = (async (url: string | URL | Request, init?: RequestInit) => {
    // Octokit passes headers as a plain object (no Headers: it would load Node's fetch).
    const headers = (init?.headers ?? {}) as Record<string, string>
    const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1]
    if (authorization) registerSecret(authorization.replace(/^(?:bearer|token)\s+/i, ''))
    // Let the HTTP client return the previous response's connection to its pool
    // first: a request issued in the same tick finds it busy and opens a second
    // connection (another TCP and TLS handshake against GitHub).
    await new Promise(resolve => setImmediate(resolve))
    const timeoutMs = settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    try {
      return await base(url, { ...init, signal })
    } catch (error) {
      // Said as what it is: no answer in time (the request may have been processed).
      if (!timeout.aborted || init?.signal?.aborted) throw error
      const cause = Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })
      throw Object.assign(new TypeError('fetch failed'), { cause })
    }
  }) as typeof fetch
  return { settings, fetch: wrapped, pausedUntil: 0, registerSecret, apiVersion: settings.apiVersion ?? apiVersionFor(settings.apiUrl) }
}

/** The clock a stack's settings name (real time unless a test passed one). */
export function clockOf(settings: ClientSettings): Clock {
  return settings.clock ?? realClock
}

/**
 * Node's own fetch (keep-alive, one connection reused for the whole run)
 * unless https_proxy / http_proxy / no_proxy send a URL through a proxy,
 * decided for each request's own host and scheme (@actions/http-client's
 * rules): the storage host a download is redirected to is not the API host.
 * Then undici's fetch with a ProxyAgent (one per proxy). undici is loaded
 * only then: the bundles do not evaluate it otherwise (see
 * bundle-stubs/undici.ts; `undici/index.js` is the real package).
 */
export function proxyAwareFetch(): typeof fetch {
  const agents = new Map<string, Promise<typeof fetch>>()
  const load = async (proxy: string): Promise<typeof fetch> => {
    const undici = await import('undici/index.js')
    const dispatcher = new undici.ProxyAgent(proxy)
    return (url: string | URL | Request, init?: RequestInit) => undici.fetch(url, { ...(init as object), dispatcher })
  }
  return async (url: string | URL | Request, init?: RequestInit) => {
    const proxy = getProxyUrl(new URL(typeof url === 'string' || url instanceof URL ? url : url.url))
    if (!proxy) return (nodeFetch as unknown as typeof fetch)(url, init)
    let proxied = agents.get(proxy.href)
    if (proxied === undefined) agents.set(proxy.href, (proxied = load(proxy.href)))
    return (await proxied)(url, init)
  }
}

export function baseOptions(transport: Transport): ConstructorParameters<typeof Octokit>[0] {
  const { settings } = transport
  return {
    baseUrl: settings.apiUrl,
    userAgent: settings.userAgent,
    request: { fetch: transport.fetch },
    log: {
      debug: (message: string) => settings.log.debug(message),
      info: (message: string) => settings.log.debug(message),
      warn: (message: string) => settings.log.warning(message),
      error: (message: string) => settings.log.warning(message)
    }
  }
}

/** Authenticates with an installation token. */
export function createTokenClient(transport: Transport, token: string): Octokit {
  transport.registerSecret(token)
  const octokit = new Octokit({ ...baseOptions(transport), auth: token })
  installRetries(octokit, transport)
  return octokit
}

/** Per-request options this stack understands (inside Octokit's `request`). */
export interface StackOptions {
  /**
   * false: a failure that may have taken effect (no answer, a 5xx) is not
   * retried; only one that proves the request never left (see delivery.ts) is.
   */
  retryAmbiguous?: boolean
  /** Sent even when the run is cancelled (revocation); bring a `signal` with a deadline. */
  keepOnCancel?: boolean
  /**
   * Parameters that depend on the REST API version an attempt is sent with
   * (a field one version needs and another refuses), asked again for each
   * attempt: the run may fall back to 2022-11-28 between two attempts.
   */
  paramsFor?: (apiVersion: string) => Record<string, unknown>
  signal?: AbortSignal
}

/** The path actually requested, for log lines ("/repos/o/r/installation", not the route template). */
function requestedPath(octokit: Octokit, options: object): string {
  try {
    return new URL(octokit.request.endpoint.parse(options as Parameters<Octokit['request']['endpoint']['parse']>[0]).url).pathname
  } catch {
    return String((options as { url?: unknown }).url)
  }
}

/** Refused (400): the rest of the run asks for 2022-11-28; said once, by whichever request saw it first. */
function fallBackToOldVersion(transport: Transport, refused: string): void {
  if (transport.apiVersion !== refused) return
  transport.apiVersion = FALLBACK_API_VERSION
  transport.settings.log.notice(
    `This GitHub does not support REST API version ${refused} (it answered 400): using ${FALLBACK_API_VERSION} for the rest of this run.`
  )
}

/** Replaces the parameters set for the previous attempt's version by this one's; returns their names. */
function setVersioned(options: Record<string, unknown>, previous: string[], params: Record<string, unknown>): string[] {
  for (const name of previous) delete options[name]
  Object.assign(options, params)
  return Object.keys(params)
}

/**
 * Wraps every request (outermost, so auth runs again on each attempt) in the
 * retry policy, and ties it to the run's cancellation.
 */
export function installRetries(octokit: Octokit, transport: Transport): void {
  const { log, signal } = transport.settings
  const clock = clockOf(transport.settings)
  octokit.hook.wrap('request', async (request, options) => {
    const own = (options.request ?? {}) as StackOptions
    const cancellable = signal !== undefined && own.keepOnCancel !== true
    if (cancellable) {
      options.request = { ...options.request, signal: own.signal ? AbortSignal.any([own.signal, signal]) : signal }
    }
    const started = clock.now()
    let versioned: string[] = []
    for (let attempt = 1; ; attempt++) {
      if (cancellable && signal.aborted) throw new CancelledError(false)
      const pause = transport.pausedUntil - clock.now()
      if (pause > 0) await clock.sleep(pause, signal)
      if (cancellable && signal.aborted) throw new CancelledError(false)
      // Pinned: GitHub's dated versions may break shapes (2026-03-10 did); an unpinned client gets whatever the default becomes.
      const version = transport.apiVersion
      options.headers = { ...options.headers, 'x-github-api-version': version }
      // Set on `options` itself: the next hook is bound to this object and ignores one passed in its place.
      if (own.paramsFor) versioned = setVersioned(options, versioned, own.paramsFor(version))
      try {
        return await request(options)
      } catch (caught) {
        if (cancellable && signal.aborted) throw new CancelledError(true)
        // Already final and explained where it failed: the App's JWT could not be signed (SignerError: AWS KMS,
        // which retries its own transient failures, or createJwt), the job's OIDC token could not be had, the
        // run was cancelled. Sending again would only ask KMS again for the same refusal.
        if (caught instanceof AppDispatchError) throw caught
        const error = caught as RequestErrorLike
        if (version !== FALLBACK_API_VERSION && isVersionRefusal(error.status, githubMessageOf(error))) {
          fallBackToOldVersion(transport, version)
          attempt -= 1 // refused unprocessed: not an attempt that counts against the retry budget
          continue
        }
        const answered = error.response !== undefined
        // A request that must not take effect twice (a dispatch) is sent again
        // only when the failure proves it never reached GitHub.
        const ambiguous = !answered || (error.status ?? 0) >= 500
        if (ambiguous && own.retryAmbiguous === false && !provenNotDelivered(caught)) throw caught
        const decision = decideRetry({
          status: answered ? error.status : undefined,
          headers: error.response?.headers ?? {},
          message: answered ? (error.message ?? '') : describeNetworkError(networkErrorText(caught)),
          fromSettings: failsBySettings(caught),
          attempt,
          elapsedMs: clock.now() - started,
          now: clock.now()
        })
        if (!decision.retry || signal?.aborted) throw caught
        if (decision.rateLimited) {
          transport.pausedUntil = Math.max(transport.pausedUntil, clock.now() + decision.delayMs)
        }
        log.info(
          `${String(options.method)} ${requestedPath(octokit, options)}: ${decision.reason}; retrying in ${(decision.delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1}).`
        )
        await clock.sleep(decision.delayMs, signal)
      }
    }
  })
}
