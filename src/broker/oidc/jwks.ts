/**
 * The signing keys of the configured OIDC issuers: discovered at
 * `<iss>/.well-known/openid-configuration` → `jwks_uri` (which must be on the
 * issuer's own origin: octo-sts's CVE-2025-52477 was a fetch steered by token
 * fields), or read from a configured `jwksUrl`. Every fetch is bounded in time
 * and size (bounded-fetch.ts).
 *
 * Cached per issuer. A token whose `kid` is not in the cached set makes the
 * set be fetched again, at most once per `refetchIntervalMs` per issuer (an
 * attacker can write any kid into a token header: without the limit each
 * forged token would cost a fetch), and callers arriving while a fetch is in
 * flight wait for that one. A set older than `maxAgeMs` is fetched again on
 * the next use (same limit), so a key the issuer dropped stops verifying; if
 * that fetch fails, the old set keeps serving.
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose'
import { FetchFailure, fetchJsonBounded, type FetchBounds } from './bounded-fetch.js'
import { BrokerAuthError, shown } from './errors.js'

export interface IssuerSource {
  /** Exactly as tokens carry it in `iss`. */
  issuer: string
  /** Where the key set is, skipping discovery. */
  jwksUrl?: string
}

export interface JwksOptions {
  timeoutMs: number
  maxBytes: number
  refetchIntervalMs: number
  maxAgeMs: number
  /** Milliseconds, for the refetch limit and the cache age. */
  clock: () => number
}

interface CachedKeys {
  kids: ReadonlySet<string>
  getKey: JWTVerifyGetKey
  fetchedAt: number
}

interface IssuerState {
  keys?: CachedKeys
  /** A first fetch was made (it does not count against the refetch limit). */
  fetched?: boolean
  /** When the last fetch after the first started. */
  lastRefetch?: number
  /** Why the last fetch failed; cleared by a successful one. */
  failure?: string
  inFlight?: Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** Why `url` may not serve keys (https, or http on loopback only; no credentials, query or fragment), or undefined. */
export function keyUrlProblem(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not a URL'
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)))
    return 'must be an https URL (http only on 127.0.0.1, ::1 or localhost)'
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return 'must not carry credentials, a query or a fragment'
  return undefined
}

export class IssuerKeys {
  private readonly states = new Map<string, IssuerState>()

  constructor(
    private readonly sources: ReadonlyMap<string, IssuerSource>,
    private readonly options: JwksOptions
  ) {}

  /** A key resolver for jose holding `kid` for a configured issuer; throws BrokerAuthError when there is none. */
  async keysFor(issuer: string, kid: string): Promise<JWTVerifyGetKey> {
    const source = this.sources.get(issuer)
    if (!source) throw new BrokerAuthError(`The OIDC token's issuer ${shown(issuer)} is not one this broker accepts.`)
    let state = this.states.get(issuer)
    if (!state) this.states.set(issuer, (state = {}))
    if (state.inFlight) await state.inFlight
    const now = this.options.clock()
    const fresh = state.keys !== undefined && now - state.keys.fetchedAt < this.options.maxAgeMs
    if (fresh && state.keys?.kids.has(kid)) return state.keys.getKey
    if (state.lastRefetch === undefined || now - state.lastRefetch >= this.options.refetchIntervalMs) {
      // The first fetch is free; every later one (unknown kid, old set, retry after a failure) counts.
      if (state.fetched) state.lastRefetch = now
      state.fetched = true
      state.inFlight ??= this.refresh(source, state).finally(() => {
        if (state) state.inFlight = undefined
      })
      await state.inFlight
    }
    if (state.keys?.kids.has(kid)) return state.keys.getKey
    const every = `at most once every ${Math.round(this.options.refetchIntervalMs / 1000)} s`
    if (state.failure)
      throw new BrokerAuthError(`The signing keys of ${issuer} could not be fetched: ${state.failure}; the broker tries again ${every}.`)
    throw new BrokerAuthError(
      `The OIDC token's key id ${shown(kid)} is not among the signing keys of ${issuer}; the broker fetches them again for an unknown key ${every}.`
    )
  }

  private async refresh(source: IssuerSource, state: IssuerState): Promise<void> {
    const bounds: FetchBounds = {
      signal: AbortSignal.timeout(this.options.timeoutMs),
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxBytes
    }
    let url = source.jwksUrl ?? `${source.issuer}/.well-known/openid-configuration`
    try {
      if (source.jwksUrl === undefined) {
        const discovery = await fetchJsonBounded(url, bounds)
        url = jwksUriOf(source.issuer, discovery)
      }
      const keys = usableKeys(await fetchJsonBounded(url, bounds))
      state.keys = {
        kids: new Set(keys.map(key => key.kid as string)),
        getKey: createLocalJWKSet({ keys } satisfies JSONWebKeySet),
        fetchedAt: this.options.clock()
      }
      state.failure = undefined
    } catch (error) {
      if (!(error instanceof FetchFailure)) throw error
      state.failure = `${url}: ${error.message}`
    }
  }
}

/** The discovery document's jwks_uri, when it is on the issuer's own origin and the document names the issuer. */
function jwksUriOf(issuer: string, discovery: Record<string, unknown>): string {
  if (discovery.issuer !== issuer)
    throw new FetchFailure(`the discovery document names the issuer ${shown(discovery.issuer)}, not ${shown(issuer)}`)
  const uri = discovery.jwks_uri
  if (typeof uri !== 'string') throw new FetchFailure('the discovery document has no jwks_uri')
  const problem = keyUrlProblem(uri)
  if (problem !== undefined || new URL(uri).origin !== new URL(issuer).origin)
    throw new FetchFailure(`its jwks_uri ${shown(uri)} is not on the issuer's own origin (${new URL(issuer).origin}); it is not fetched`)
  return uri
}

/** The RSA signing keys of a JWKS document (others are ignored; none at all is a failure). */
function usableKeys(document: Record<string, unknown>): JWK[] {
  if (!Array.isArray(document.keys)) throw new FetchFailure('the answer is not a key set (no "keys" list)')
  const keys = (document.keys as unknown[]).filter(
    (key): key is JWK =>
      typeof key === 'object' &&
      key !== null &&
      (key as JWK).kty === 'RSA' &&
      typeof (key as JWK).kid === 'string' &&
      ((key as JWK).use === undefined || (key as JWK).use === 'sig') &&
      ((key as JWK).alg === undefined || (key as JWK).alg === 'RS256')
  )
  if (keys.length === 0) throw new FetchFailure('the key set holds no RSA signing key with a kid')
  return keys
}
