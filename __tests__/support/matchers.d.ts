// The types of the matchers registered by matchers.ts (jest.config.js: setupFilesAfterEnv).
import 'expect'

declare module 'expect' {
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
