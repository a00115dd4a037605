/**
 * Bounded retries through the core, with the wait injected: what was asked
 * to wait, how many attempts GitHub saw, and that the token is revoked, in
 * milliseconds of test time instead of the 15 s the backoff would sleep.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { dispatchPlan } from '../../../src/core/dispatch.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { startGitHub } from '../../support/github.js'

let gh: GitHubEmulator
let options: Parameters<typeof planFromOptions>[0]

beforeAll(async () => {
  const local = await startGitHub()
  gh = local.gh
  const app = local.app
  options = { appId: app.id, privateKey: app.privateKey, repository: 'octo-org/deploy', eventType: 'deploy', apiUrl: gh.url }
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})

const quiet = { debug: () => undefined, info: () => undefined, notice: () => undefined, warning: () => undefined }

test('a lookup that keeps failing: 5 attempts with doubling backoff, then advice, nothing sent', async () => {
  gh.fault(ROUTES.installation, { status: 503, times: 10 })
  const waits: number[] = []
  const [result] = await dispatchPlan(planFromOptions(options), {
    log: quiet,
    onSecret: () => undefined,
    userAgent: 'test',
    clock: { now: () => Date.now(), sleep: (ms: number) => Promise.resolve(void waits.push(ms)) }
  })
  expect(result?.error).toContain('GitHub answered 503 repeatedly')
  const attempts = gh.requestsFor(ROUTES.installation)
  expect(attempts).toHaveLength(5)
  expect(gh.requestsFor(ROUTES.dispatches)).toHaveLength(0)
  // As GitHub saw them: closer together than the shortest real backoffs (0.5 + 1 + 2 + 4 s), so the injected wait was used.
  expect((attempts[4]?.receivedAt ?? Infinity) - (attempts[0]?.receivedAt ?? 0)).toBeLessThan(7_500)
  // 1 s, 2 s, 4 s, 8 s, each with 50-100 % jitter.
  expect(waits).toHaveLength(4)
  waits.forEach((ms, i) => {
    expect(ms).toBeGreaterThanOrEqual(500 * 2 ** i)
    expect(ms).toBeLessThanOrEqual(1000 * 2 ** i)
  })
  expect(gh.tokens.size).toBe(0)
})

test('a rate limit with retry-after: waits that long, then succeeds with one more attempt', async () => {
  gh.fault(ROUTES.dispatches, { status: 429, headers: { 'retry-after': '7' } })
  const waits: number[] = []
  const [result] = await dispatchPlan(planFromOptions(options), {
    log: quiet,
    onSecret: () => undefined,
    userAgent: 'test',
    clock: { now: () => Date.now(), sleep: (ms: number) => Promise.resolve(void waits.push(ms)) }
  })
  expect(result?.dispatched).toBe(true)
  // The first wait is GitHub's 7 s. (The recorder does not advance the clock, so the
  // step-wide pause that the rate limit also set is asked for again before the retry.)
  expect(waits[0]).toBe(7000)
  expect(gh.requestsFor(ROUTES.dispatches).map(r => r.status)).toEqual([429, 204])
  expect(gh.dispatches).toHaveLength(1)
})

test('an https:// URL at a plain-http port: given up after one retry, with advice, nothing sent', async () => {
  // Node's own error (OpenSSL's "wrong version number") reaches the retry policy, not only its words.
  const waits: number[] = []
  const [result] = await dispatchPlan(planFromOptions({ ...options, apiUrl: gh.url.replace('http://127.0.0.1', 'https://localhost') }), {
    log: quiet,
    onSecret: () => undefined,
    userAgent: 'test',
    clock: { now: () => Date.now(), sleep: (ms: number) => Promise.resolve(void waits.push(ms)) }
  })
  expect(waits).toHaveLength(1)
  expect(result?.error).toContain('the server did not answer with TLS')
  expect(gh).toHaveSentNothing()
})

/** A clock whose waits pass at once and move its time on: the token's age is measured on it. */
function virtualClock(): { clock: { now: () => number; sleep: (ms: number) => Promise<void> }; waits: number[] } {
  let offset = 0
  const waits: number[] = []
  return {
    waits,
    clock: {
      now: () => Date.now() + offset,
      sleep: (ms: number) => {
        waits.push(ms)
        offset += ms
        return Promise.resolve()
      }
    }
  }
}

test('a 401 right after the token was minted (replication lag) is sent again within 5 s: one dispatch, success', async () => {
  gh.fault(ROUTES.dispatches, { status: 401, body: { message: 'Bad credentials' } })
  const { clock, waits } = virtualClock()
  const lines: string[] = []
  const [result] = await dispatchPlan(planFromOptions(options), {
    log: { ...quiet, info: (line: string) => void lines.push(line) },
    onSecret: () => undefined,
    userAgent: 'test',
    clock
  })
  expect(result).toMatchObject({ dispatched: true })
  expect(result?.error).toBeUndefined()
  expect(gh.requestsFor(ROUTES.dispatches).map(r => r.status)).toEqual([401, 204])
  expect(gh.dispatches).toHaveLength(1)
  expect(waits).toEqual([1000])
  expect(lines).toContain(
    'POST /repos/octo-org/deploy/dispatches: 401 right after the token was minted (GitHub may not know it yet); retrying in 1.0 s.'
  )
  expect(gh).toHaveRevokedEveryToken()
})

test('a 401 that persists fails once the 5 s window is over, without hanging: nothing dispatched', async () => {
  gh.fault(ROUTES.dispatches, { status: 401, body: { message: 'Bad credentials' }, times: 50 })
  const { clock, waits } = virtualClock()
  const started = Date.now()
  const [result] = await dispatchPlan(planFromOptions(options), { log: quiet, onSecret: () => undefined, userAgent: 'test', clock })
  expect(result?.dispatched).toBe(false)
  expect(result?.error).toMatch(/401|credentials/i)
  // Sent at 0, 1, 2, 3 and 4 s of the token's life: the next would start past 5 s.
  expect(gh.requestsFor(ROUTES.dispatches)).toHaveLength(5)
  expect(waits).toEqual([1000, 1000, 1000, 1000])
  expect(gh.dispatches).toHaveLength(0)
  expect(Date.now() - started).toBeLessThan(5_000)
})

test('a JWT that cannot be made (the signer refuses): asked once, not retried as if GitHub had not answered', async () => {
  let calls = 0
  const waits: number[] = []
  const createJwt = (): Promise<{ jwt: string; expiresAt: string }> => {
    calls += 1
    return Promise.reject(new Error('the HSM says: key disabled'))
  }
  const [result] = await dispatchPlan(planFromOptions({ ...options, privateKey: undefined, createJwt }), {
    log: quiet,
    onSecret: () => undefined,
    userAgent: 'test',
    clock: { now: () => Date.now(), sleep: (ms: number) => Promise.resolve(void waits.push(ms)) }
  })
  expect(result).toMatchObject({ dispatched: false, error_code: 'signer' })
  expect(result?.error).toContain('the HSM says: key disabled')
  expect(calls).toBe(1)
  expect(waits).toEqual([])
  expect(gh).toHaveSentNothing()
})
