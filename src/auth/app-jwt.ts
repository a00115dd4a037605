/**
 * The App's JWT when the key is not in this process: built here and signed
 * by AWS KMS, or made by the library caller's own `createJwt`. Either way it
 * goes to @octokit/auth-app (≥ 8.1) as `createJwt`, which auth-app calls for
 * every App request without a cache of its own; a KMS Sign is a round trip
 * (and billed), so one JWT is reused until shortly before it expires.
 *
 * The KMS code is loaded with import() on the first signature only: the
 * private-key path never evaluates it (the bundles keep it in its own chunk).
 */
import type { Octokit } from '@octokit/core'
import { AppDispatchError, GitHubError, SignerError, messageOf } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import type { AppKey, CreateJwt } from '../model/plan.js'
import { githubMessageOf } from '../http/request-error.js'
import type { SignerContext, SignRs256 } from './signer-context.js'

/** GitHub's rules: `iat` backdated 60 s for clock drift, `exp` at most 10 minutes after `iat`. */
const BACKDATE_SECONDS = 60
const LIFETIME_SECONDS = 600
/** A cached JWT is not handed out with less than this left. */
export const JWT_REUSE_MARGIN_MS = 60_000

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A createJwt that builds the claims and has `sign` sign them. */
export function jwtFromSigner(sign: SignRs256, nowMs: () => number = Date.now): CreateJwt {
  return async (appId, timeDifference = 0) => {
    const iat = Math.floor(nowMs() / 1000) + timeDifference - BACKDATE_SECONDS
    const exp = iat + LIFETIME_SECONDS
    // A numeric App ID goes out as a number, as GitHub's examples send it; a Client ID as text.
    const iss = typeof appId === 'string' && /^\d+$/.test(appId) ? Number(appId) : appId
    const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({ iat, exp, iss })}`
    const signature = await sign(Buffer.from(signingInput))
    // expiresAt on this machine's clock (the claims are on GitHub's).
    return { jwt: `${signingInput}.${signature.toString('base64url')}`, expiresAt: new Date((exp - timeDifference) * 1000).toISOString() }
  }
}

interface CachedJwt {
  pending: Promise<{ jwt: string; expiresAt: string }>
  /** ms epoch; undefined while pending. */
  expiresAt?: number
}

/**
 * One JWT per App and clock correction, shared by concurrent requests and
 * reused until JWT_REUSE_MARGIN_MS before it expires. A failure is not
 * cached: the next request asks again.
 */
export function cachedJwt(create: CreateJwt, nowMs: () => number = Date.now): CreateJwt {
  const cache = new Map<string, CachedJwt>()
  return (appId, timeDifference) => {
    const key = `${appId}\n${timeDifference ?? 0}`
    const hit = cache.get(key)
    if (hit && (hit.expiresAt === undefined || hit.expiresAt - nowMs() > JWT_REUSE_MARGIN_MS)) return hit.pending
    const entry: CachedJwt = { pending: create(appId, timeDifference) }
    cache.set(key, entry)
    entry.pending.then(
      result => (entry.expiresAt = Date.parse(result.expiresAt) || 0),
      () => cache.get(key) === entry && cache.delete(key)
    )
    return entry.pending
  }
}

/** The caller's createJwt, its answer checked and its failure worded (never retried as a network error). */
function checkedCreateJwt(createJwt: CreateJwt, onSecret: (secret: string) => void): CreateJwt {
  return async (appId, timeDifference) => {
    let answer: unknown
    try {
      answer = await createJwt(appId, timeDifference)
    } catch (error) {
      if (error instanceof AppDispatchError) throw error
      throw new SignerError(`createJwt failed: ${messageOf(error)}`)
    }
    const { jwt, expiresAt } = (answer ?? {}) as { jwt?: unknown; expiresAt?: unknown }
    if (typeof jwt !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt) || typeof expiresAt !== 'string' || isNaN(Date.parse(expiresAt))) {
      throw new SignerError('createJwt must resolve to { jwt, expiresAt }: a signed RS256 JWT and an ISO 8601 time.')
    }
    onSecret(jwt)
    return { jwt, expiresAt }
  }
}

/** createJwt for an App key that is not in this process. */
export function createJwtFor(appKey: Exclude<AppKey, { kind: 'private-key' }>, context: SignerContext): CreateJwt {
  const now = context.now ?? Date.now
  if (appKey.kind === 'create-jwt') return cachedJwt(checkedCreateJwt(appKey.createJwt, context.onSecret), now)
  let signer: Promise<SignRs256> | undefined
  const sign: SignRs256 = async signingInput => {
    signer ??= import('./signers/aws/kms-signer.js').then(kms => kms.kmsSigner(appKey, context))
    try {
      return await (
        await signer
      )(signingInput)
    } catch (error) {
      // Anything unforeseen is still final and in words, never retried as a network failure.
      if (error instanceof AppDispatchError) throw error
      throw new SignerError(`Signing the App's JWT with ${describeSigner(appKey)} failed: ${messageOf(error)}`)
    }
  }
  return cachedJwt(jwtFromSigner(sign, now), now)
}

/** The signer in words, for messages: "AWS KMS key alias/x in eu-west-1" or "createJwt". */
export function describeSigner(appKey: Exclude<AppKey, { kind: 'private-key' }>): string {
  return appKey.kind === 'aws-kms' ? `AWS KMS key ${appKey.keyId} in ${appKey.region}` : 'createJwt'
}

/**
 * GitHub's 401 to a JWT that was signed elsewhere, in words: the signer's key
 * is not the App's, or the App ID is not the App's. Wraps the App client's
 * requests (all of them carry the JWT).
 */
export function explainRejectedJwt(app: Octokit, appId: string, appKey: Exclude<AppKey, { kind: 'private-key' }>): void {
  app.hook.wrap('request', async (request, options) => {
    try {
      return await request(options)
    } catch (error) {
      if ((error as { status?: unknown }).status !== 401 || (error as { response?: unknown }).response === undefined) throw error
      const said = githubMessageOf(error)
      const signer = describeSigner(appKey)
      const fix =
        appKey.kind === 'aws-kms'
          ? "the KMS key does not match the App's key: import the App's private key into it (docs/keyless.md), or use the KMS key that holds it."
          : "the JWT was not signed with the App's private key (or its claims are wrong)."
      const message = /issuer|'iss'/i.test(said)
        ? msg`GitHub knows no App '${appId}' (401, GitHub said: "${said}"). Set {app-id} to the App ID or Client ID of the App whose key ${signer} holds.`
        : msg`GitHub rejected the App's JWT signed by ${signer} (401, GitHub said: "${said}"): ${fix}` +
          msg` Check too that {app-id} '${appId}' is that App.`
      throw new GitHubError('app-jwt', 401, message)
    }
  })
}
