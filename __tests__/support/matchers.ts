/**
 * Matchers that say what went wrong, registered for every test file by
 * jest.config.js (setupFilesAfterEnv); their types are declared below, for
 * `npm run typecheck`.
 *
 *   expect(gh).toHaveRevokedEveryToken()   at least one token was issued and none is still live
 *   expect(gh).toHaveSentNothing()         the stand-in (or list of requests) received no request
 *
 * A failure names each live token with its repositories, or each request
 * received, instead of "expected true, received false".
 */
import { expect } from '@jest/globals'

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameters must match expect's own declaration to merge with it
  interface Matchers<R extends void | Promise<void>, T = unknown> {
    /**
     * At least one installation token was issued since the last reset, and every one was revoked
     * (`expiredAllowed`: or expired on its own). The failure names each live token and its repositories.
     */
    toHaveRevokedEveryToken(options?: { expiredAllowed?: boolean }): R
    /** The stand-in (anything with a `requests` array, or the array) received no request; the failure lists them. */
    toHaveSentNothing(): R
  }
}

interface TokenLike {
  token: string
  repositories: string[]
  revoked: boolean
  expiresAt: number
}
interface IssuerLike {
  tokens: Map<string, TokenLike>
  now: () => number
}
type RequestLike = Record<string, unknown>

function isIssuer(value: unknown): value is IssuerLike {
  return typeof value === 'object' && value !== null && (value as IssuerLike).tokens instanceof Map
}

/** Enough of a token to tell it apart in a failure message, not the whole secret. */
const shortToken = (token: string): string => (token.length > 12 ? `${token.slice(0, 10)}…` : token)

/** One line per request: method and path (or route, service, audience), then its status if recorded. */
function describeRequest(request: RequestLike): string {
  const text = (key: string): string | undefined => {
    const value = request[key]
    return typeof value === 'string' && value !== '' ? value : undefined
  }
  const method = text('method')
  const path = text('path')
  const what =
    method !== undefined && path !== undefined
      ? `${method} ${path}`
      : (text('route') ?? text('service') ?? text('target') ?? text('audience') ?? JSON.stringify(request).slice(0, 160))
  const status = request['status']
  return typeof status === 'number' || typeof status === 'string' ? `${what} → ${status}` : what
}

expect.extend({
  toHaveRevokedEveryToken(received: unknown, options: { expiredAllowed?: boolean } = {}) {
    if (!isIssuer(received)) {
      return { pass: false, message: () => 'toHaveRevokedEveryToken() takes a GitHub emulator (something with a `tokens` Map)' }
    }
    const tokens = [...received.tokens.values()]
    const now = received.now()
    const live = tokens.filter(t => !t.revoked && !(options.expiredAllowed === true && t.expiresAt <= now))
    const pass = tokens.length > 0 && live.length === 0
    const message = (): string => {
      if (pass) return `expected a token still live, but all ${tokens.length} issued were revoked`
      if (tokens.length === 0) return 'expected every token revoked, but no token was issued (nothing to revoke: did the test dispatch?)'
      const lines = live.map(t => {
        const repositories = t.repositories.length > 0 ? t.repositories.join(', ') : '(no repositories)'
        const expiry = t.expiresAt <= now ? ', expired' : ''
        return `  ${shortToken(t.token)} for ${repositories}${expiry}`
      })
      return `expected every token revoked, but ${live.length} of ${tokens.length} ${live.length === 1 ? 'is' : 'are'} still live:\n${lines.join('\n')}`
    }
    return { pass, message }
  },

  toHaveSentNothing(received: unknown) {
    const requests = Array.isArray(received)
      ? (received as RequestLike[])
      : typeof received === 'object' && received !== null && Array.isArray((received as { requests?: unknown }).requests)
        ? (received as { requests: RequestLike[] }).requests
        : undefined
    if (requests === undefined) {
      return { pass: false, message: () => 'toHaveSentNothing() takes a stand-in with a `requests` array, or the array itself' }
    }
    const pass = requests.length === 0
    const message = (): string =>
      pass
        ? 'expected at least one request, but none was received'
        : `expected nothing sent, but ${requests.length} request${requests.length === 1 ? ' was' : 's were'} received:\n${requests
            .map(r => `  ${describeRequest(r)}`)
            .join('\n')}`
    return { pass, message }
  }
})
