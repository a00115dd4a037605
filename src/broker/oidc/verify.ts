/**
 * Verifies a caller's GitHub Actions OIDC token. The order matters:
 * 1. the header and payload are decoded and trusted for nothing;
 * 2. `alg` must be exactly RS256, before any key is touched (no `none`, no
 *    HS256 keyed with a public key);
 * 3. `iss` is compared exactly with the configured issuers before any network
 *    request (an unconfigured issuer costs no fetch: CVE-2025-52477);
 * 4. `aud`, `exp`, `nbf`, `iat` and the required claims are checked, so a
 *    token refused for them costs no fetch either;
 * 5. the issuer's key with the token's `kid` is found (jwks.ts) and jose
 *    verifies the signature and checks the claims again.
 * Replay (`jti`) is the broker's: it claims each jti in its claim store until `exp`.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose'
import { callerClaimsFrom, type CallerClaims } from './claims.js'
import { BrokerAuthError, BrokerOidcConfigError, shown } from './errors.js'
import { IssuerKeys, keyUrlProblem, type IssuerSource } from './jwks.js'

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'
/** The audience AWS STS asks for: a token minted for AWS must never open the broker. */
const AWS_AUDIENCE = 'sts.amazonaws.com'
const MAX_SKEW_SECONDS = 60
/** GitHub's tokens are about 1-2 KB; anything far larger is not one of them and is not decoded. */
const MAX_TOKEN_CHARS = 16 * 1024

export interface OidcVerifierConfig {
  /** Default: github.com's issuer only. */
  issuers?: Array<string | IssuerSource>
  /** The `aud` tokens must carry (the caller's broker-audience). */
  audience: string
  /** Default 60, at most 60. */
  maxSkewSeconds?: number
  /** Seconds since the epoch (tests). */
  now?: () => number
  jwksTimeoutMs?: number
  jwksMaxBytes?: number
  jwksRefetchIntervalMs?: number
  /** Keys older than this are fetched again on the next use. Default one hour. */
  jwksMaxAgeMs?: number
}

export interface OidcVerifier {
  verify(token: string): Promise<CallerClaims>
}

export function createOidcVerifier(config: OidcVerifierConfig): OidcVerifier {
  const audience = checkedAudience(config.audience)
  const sources = new Map<string, IssuerSource>()
  for (const entry of config.issuers ?? [GITHUB_ACTIONS_ISSUER]) {
    const source = typeof entry === 'string' ? { issuer: entry } : entry
    sources.set(checkedIssuer(source.issuer), { issuer: source.issuer, jwksUrl: checkedJwksUrl(source) })
  }
  if (sources.size === 0)
    throw new BrokerOidcConfigError('OIDC issuers: the list is empty; name at least one issuer (the default is github.com).')
  const skew = config.maxSkewSeconds ?? MAX_SKEW_SECONDS
  if (!Number.isFinite(skew) || skew < 0 || skew > MAX_SKEW_SECONDS)
    throw new BrokerOidcConfigError(`OIDC maxSkewSeconds is ${skew}; use 0 to ${MAX_SKEW_SECONDS} seconds.`)
  const now = config.now ?? (() => Date.now() / 1000)
  const keys = new IssuerKeys(sources, {
    timeoutMs: positive('jwksTimeoutMs', config.jwksTimeoutMs, 5000),
    maxBytes: positive('jwksMaxBytes', config.jwksMaxBytes, 256 * 1024),
    refetchIntervalMs: positive('jwksRefetchIntervalMs', config.jwksRefetchIntervalMs, 60_000),
    maxAgeMs: positive('jwksMaxAgeMs', config.jwksMaxAgeMs, 3_600_000),
    clock: () => now() * 1000
  })

  return {
    async verify(token: string): Promise<CallerClaims> {
      const { header, payload } = decoded(token)
      if (header.alg !== 'RS256')
        throw new BrokerAuthError(
          `The OIDC token's algorithm is ${shown(header.alg ?? 'missing')}; this broker accepts only RS256, as GitHub signs.`
        )
      if (typeof payload.iss !== 'string' || !sources.has(payload.iss))
        throw new BrokerAuthError(
          `The OIDC token's issuer is ${shown(payload.iss ?? 'missing')}; this broker accepts ${[...sources.keys()].map(i => `'${i}'`).join(', ')}.`
        )
      if (payload.aud !== audience)
        throw new BrokerAuthError(
          `The OIDC token's audience is ${shown(payload.aud ?? 'missing')}; this broker accepts '${audience}': request the token with audience=${audience} (broker-audience).`
        )
      const claims = callerClaimsFrom(payload)
      checkTimes(claims, now(), skew)
      if (typeof header.kid !== 'string' || header.kid === '') throw new BrokerAuthError("The OIDC token's header has no key id (kid).")
      const getKey = await keys.keysFor(payload.iss, header.kid)
      try {
        await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          issuer: payload.iss,
          audience,
          clockTolerance: skew,
          currentDate: new Date(now() * 1000)
        })
      } catch (error) {
        throw joseRefusal(error)
      }
      return claims
    }
  }
}

function decoded(token: string): { header: { alg?: unknown; kid?: unknown }; payload: Record<string, unknown> } {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || token.split('.').length !== 3)
    throw new BrokerAuthError(
      "The bearer token is not a signed JWT (three dot-separated parts, at most 16 KiB); send the job's GitHub OIDC token."
    )
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) }
  } catch {
    throw new BrokerAuthError("The bearer token's header or claims are not valid JWT JSON; send the job's GitHub OIDC token.")
  }
}

function checkTimes(claims: CallerClaims, now: number, skew: number): void {
  const at = (seconds: number): string => new Date(seconds * 1000).toISOString()
  if (claims.exp <= now - skew)
    throw new BrokerAuthError(`The OIDC token expired at ${at(claims.exp)}; request a fresh token right before calling the broker.`)
  if (claims.nbf > now + skew)
    throw new BrokerAuthError(`The OIDC token is not valid before ${at(claims.nbf)} (nbf), more than ${skew} s from now; check the clocks.`)
  if (claims.iat > now + skew)
    throw new BrokerAuthError(
      `The OIDC token says it was issued at ${at(claims.iat)} (iat), more than ${skew} s from now; check the clocks.`
    )
}

/** jose's refusal in one line (its error codes, not classes: names survive jest's realms). */
function joseRefusal(error: unknown): BrokerAuthError {
  const code = (error as { code?: unknown }).code
  if (code === joseErrors.JWSSignatureVerificationFailed.code)
    return new BrokerAuthError("The OIDC token's signature does not verify with its issuer's key; it was not signed by that issuer.")
  const detail =
    error instanceof Error || typeof (error as { message?: unknown }).message === 'string' ? (error as Error).message : String(error)
  return new BrokerAuthError(`The OIDC token was refused: ${shown(detail)}.`)
}

function checkedAudience(audience: unknown): string {
  if (typeof audience !== 'string' || audience.trim() === '')
    throw new BrokerOidcConfigError(
      "OIDC audience is required: set the broker's audience (callers request their token with it as broker-audience)."
    )
  if (audience === AWS_AUDIENCE)
    throw new BrokerOidcConfigError(
      `OIDC audience '${AWS_AUDIENCE}' is AWS STS's: a token minted for AWS must not open the broker. Use the broker's own URL.`
    )
  return audience
}

function checkedIssuer(issuer: string): string {
  const problem = keyUrlProblem(issuer)
  if (problem !== undefined) throw new BrokerOidcConfigError(`OIDC issuer ${shown(issuer)} ${problem}.`)
  const url = new URL(issuer)
  const canonical = url.pathname === '/' ? url.origin : `${url.origin}${url.pathname}`
  if (issuer !== canonical || issuer.endsWith('/'))
    throw new BrokerOidcConfigError(
      `OIDC issuer ${shown(issuer)} is compared exactly with tokens' iss: write it as the issuer does, without a trailing '/' (e.g. ${shown(canonical.replace(/\/$/, ''))}).`
    )
  return issuer
}

function checkedJwksUrl(source: IssuerSource): string | undefined {
  if (source.jwksUrl === undefined) return undefined
  const problem = keyUrlProblem(source.jwksUrl)
  if (problem !== undefined)
    throw new BrokerOidcConfigError(`OIDC jwksUrl ${shown(source.jwksUrl)} of issuer '${source.issuer}' ${problem}.`)
  return source.jwksUrl
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0) throw new BrokerOidcConfigError(`OIDC ${name} is ${value}; use a positive number.`)
  return value
}
