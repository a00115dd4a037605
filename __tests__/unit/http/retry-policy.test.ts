import { describe, expect, test } from '@jest/globals'
import { decideRetry, freshTokenRetryDelay, MAX_ATTEMPTS, type FailedAttempt } from '../../../src/http/retry-policy.js'

const now = Date.UTC(2026, 10, 27, 12, 0, 0)
const failure = (over: Partial<FailedAttempt>): FailedAttempt => ({
  status: 500,
  headers: {},
  message: 'boom',
  attempt: 1,
  elapsedMs: 0,
  now,
  ...over
})
const half = (): number => 0.5

describe('decideRetry', () => {
  test.each([400, 401, 404, 410, 422])('%i is never retried', status => {
    expect(decideRetry(failure({ status }))).toEqual({ retry: false })
  })

  test('403 without rate-limit signs (a permission problem) is not retried', () => {
    expect(decideRetry(failure({ status: 403, message: 'Resource not accessible by integration' }))).toEqual({ retry: false })
  })

  test('5xx and no answer back off exponentially with jitter', () => {
    const delays = [1, 2, 3, 4].map(attempt => decideRetry(failure({ status: 502, attempt }), half))
    expect(delays.map(d => (d.retry ? d.delayMs : -1))).toEqual([750, 1500, 3000, 6000])
    const network = decideRetry(failure({ status: undefined, message: 'ECONNRESET' }), () => 1)
    expect(network).toMatchObject({ retry: true, delayMs: 1000, rateLimited: false })
  })

  test(`stops after ${MAX_ATTEMPTS} attempts`, () => {
    expect(decideRetry(failure({ attempt: MAX_ATTEMPTS }))).toEqual({ retry: false })
  })

  test('retry-after is honoured and marks a rate limit', () => {
    expect(decideRetry(failure({ status: 429, headers: { 'retry-after': '7' } }))).toMatchObject({
      retry: true,
      delayMs: 7000,
      rateLimited: true
    })
    expect(decideRetry(failure({ status: 403, headers: { 'retry-after': '2' }, message: 'secondary rate limit' }))).toMatchObject({
      delayMs: 2000
    })
  })

  test('x-ratelimit-reset is honoured when remaining is 0, plus one second', () => {
    const reset = String(now / 1000 + 10)
    expect(decideRetry(failure({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } }))).toMatchObject({
      retry: true,
      delayMs: 11_000
    })
  })

  test('a wait past the one-minute budget gives up', () => {
    expect(decideRetry(failure({ status: 429, headers: { 'retry-after': '120' } }))).toEqual({ retry: false })
    expect(decideRetry(failure({ status: 429, headers: { 'retry-after': '10' }, elapsedMs: 55_000 }))).toEqual({ retry: false })
    // A secondary rate limit with no retry-after means "wait a minute": over budget once anything has elapsed.
    expect(decideRetry(failure({ status: 403, message: 'You have exceeded a secondary rate limit', elapsedMs: 100 }))).toEqual({
      retry: false
    })
  })
})

// As the request stack passes a failure without an answer: its words, and whether the URL or the
// machine's settings caused it (delivery.ts, failsBySettings, tested in delivery.test.ts).
const network = (fromSettings: boolean, attempt: number) =>
  decideRetry(failure({ status: undefined, message: 'in words', fromSettings, attempt }), half)

test('a failure from the settings (a host that does not resolve, TLS to plain http, an untrusted certificate) is retried once', () => {
  expect(network(true, 1)).toMatchObject({ retry: true })
  expect(network(true, 2)).toEqual({ retry: false })
})

test('any other failure without an answer keeps the usual backoff', () => {
  expect(network(false, 2)).toMatchObject({ retry: true })
  expect(network(false, 4)).toMatchObject({ retry: true })
  expect(network(false, 5)).toEqual({ retry: false })
})

test("a 401 in a token's first 5 s is sent again after 1 s, as long as the next send starts within the window", () => {
  expect(freshTokenRetryDelay(0)).toBe(1000)
  expect(freshTokenRetryDelay(4000)).toBe(1000)
  expect(freshTokenRetryDelay(4001)).toBeUndefined()
  expect(freshTokenRetryDelay(60_000)).toBeUndefined()
})
