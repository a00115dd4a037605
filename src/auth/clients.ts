/**
 * The two authenticated clients on the shared request stack (http/client.ts):
 * the App's (a JWT, via @octokit/auth-app) and the session's, whose every
 * request takes the installation token current when it is sent.
 */
import { Octokit } from '@octokit/core'
import { createAppAuth } from '@octokit/auth-app'
import type { AppKey } from '../model/plan.js'
import { baseOptions, clockOf, installRetries, proxyAwareFetch, type Transport } from '../http/client.js'
import { statusOf } from '../http/request-error.js'
import { freshTokenRetryDelay } from '../http/retry-policy.js'
import { createJwtFor, explainRejectedJwt } from './app-jwt.js'

/**
 * Authenticates as the App: JWT for app routes, via @octokit/auth-app (which
 * also corrects clock skew), signed with the key or, keyless, by app-jwt.ts.
 */
export function createAppClient(transport: Transport, appId: string, appKey: AppKey): Octokit {
  const { settings } = transport
  const auth =
    appKey.kind === 'private-key'
      ? { appId, privateKey: appKey.pem }
      : {
          appId,
          createJwt: createJwtFor(appKey, {
            ...settings,
            sleep: clockOf(settings).sleep,
            now: clockOf(settings).now,
            onSecret: transport.registerSecret,
            fetchFor: proxyAwareFetch
          })
        }
  const octokit = new Octokit({ ...baseOptions(transport), authStrategy: createAppAuth, auth })
  installRetries(octokit, transport)
  if (appKey.kind !== 'private-key') explainRejectedJwt(octokit, appId, appKey)
  return octokit
}

/** A token for one request, and what to call when the request is over. */
export interface TokenLease {
  token: string
  /** When it was minted (ms since the epoch, on the stack's clock). */
  mintedAt: number
  release: () => void
}

/**
 * A client whose every request (every retry too) takes the token that is
 * current when it is sent, from `lease`: a caller may hold the client across
 * a token refresh, and a replaced token is no longer in use once its
 * requests are over. Written here (a few lines) because @octokit/auth-token
 * takes one fixed token.
 */
export function createSessionClient(transport: Transport, lease: () => Promise<TokenLease>): Octokit {
  const octokit = new Octokit({
    ...baseOptions(transport),
    authStrategy: () =>
      Object.assign(() => Promise.resolve({ type: 'token' }), {
        hook: async (request: Octokit['request'], route: string, parameters?: Record<string, unknown>) => {
          const clock = clockOf(transport.settings)
          for (;;) {
            const { token, mintedAt, release } = await lease()
            transport.registerSecret(token)
            const endpoint = request.endpoint.merge(route, parameters)
            // As @octokit/auth-token does: a JWT-shaped token (GHE Cloud's stateless ghs_<APPID>_<JWT>) as bearer.
            endpoint.headers.authorization = `${token.split('.').length === 3 ? 'bearer' : 'token'} ${token}`
            let refused: unknown
            try {
              return await (request as unknown as (options: object) => Promise<unknown>)(endpoint)
            } catch (error) {
              refused = error
            } finally {
              release()
            }
            // A 401 in a token's first seconds: GitHub's replicas may not know it yet (retry-policy.ts).
            const delayMs = statusOf(refused) === 401 ? freshTokenRetryDelay(clock.now() - mintedAt) : undefined
            if (delayMs === undefined || transport.settings.signal?.aborted) throw refused
            transport.settings.log.info(
              `${endpoint.method} ${new URL(request.endpoint.parse(endpoint).url).pathname}: 401 right after the token was minted ` +
                `(GitHub may not know it yet); retrying in ${(delayMs / 1000).toFixed(1)} s.`
            )
            await clock.sleep(delayMs, transport.settings.signal)
            if (transport.settings.signal?.aborted) throw refused
          }
        }
      })
  })
  installRetries(octokit, transport)
  return octokit
}
