/**
 * GitHub's refusals and transient failures, one condition at a time: the
 * action's path in-process (support/action-in-process.ts) against the emulator,
 * on a VirtualClock that is also the emulator's time, so a rate limit's wait
 * passes in milliseconds and is measured on the clock GitHub and the step share.
 * Each message is asserted as the step's ::error:: says it. The contract of
 * each through the bundle (exit code, one ::error:: line, no stack, the
 * results output, masking) is e2e/action/action.e2e.test.ts: one case of
 * advice (the App not installed) and one of retries (a reset and a 5xx).
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { runCheckedInProcess, type ActionStep } from '../../support/action-in-process.js'
import { useGitHubOnClock } from '../../support/use.js'

const local = useGitHubOnClock({ repositories: ['deploy', 'docs'] })

const deploy = { repository: 'octo-org/deploy', 'event-type': 'deploy' }

/** The step with the App's credentials plus `inputs`; fails the test on any secret in what the user sees. */
async function run(inputs: Record<string, string>): Promise<ActionStep> {
  return runCheckedInProcess(
    {
      apiUrl: local.gh.url,
      inputs: { 'app-id': String(local.app.id), 'private-key': local.app.privateKey, ...inputs },
      clock: local.clock
    },
    local.gh.secrets()
  )
}

describe('errors from GitHub become advice', () => {
  test('installation without Contents: write: says which permission and where to grant it', async () => {
    const other = local.gh.createApp()
    local.gh.install({ app: other, account: 'read-only-org', repositories: ['site'], permissions: { contents: 'read', metadata: 'read' } })
    const step = await run({ ...deploy, repository: 'read-only-org/site', 'app-id': String(other.id), 'private-key': other.privateKey })
    expect(step.error).toContain('does not grant Contents: Read and write')
    expect(step.error).toContain('Permissions & events')
    expect(step.results).toMatchObject([{ dispatched: false }])
    expect(local.gh.dispatches).toHaveLength(0)
  })

  test('403 Resource not accessible by integration on the dispatch: permission advice, token still revoked', async () => {
    local.gh.fault(ROUTES.dispatches, { status: 403, body: { message: 'Resource not accessible by integration' } })
    const step = await run(deploy)
    expect(step.error).toContain('Contents: Read and write')
    expect(local.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
    expect(local.gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('a key that does not belong to the App: 401 advice about app-id and key, no retry', async () => {
    const stray = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    const step = await run({ ...deploy, 'private-key': stray })
    expect(step.error).toContain("GitHub rejected the App's credentials (401)")
    expect(step.error).toContain(`app-id '${local.app.id}'`)
    expect(local.gh.requestsFor(ROUTES.installation)).toHaveLength(1)
    expect(step.log.join('\n')).not.toMatch(/retrying in/)
  })

  test("422 on the dispatch: GitHub's own message, token revoked", async () => {
    local.gh.fault(ROUTES.dispatches, { status: 422, body: { message: 'Repository is archived' } })
    const step = await run(deploy)
    expect(step.error).toContain('Repository is archived')
    expect(local.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
    expect(local.gh).toHaveRevokedEveryToken()
  })
})

describe('transient failures are retried', () => {
  test('a 5xx on the dispatch itself is not retried: GitHub may have taken it, so the outcome is unknown', async () => {
    local.gh.fault(ROUTES.dispatches, { status: 502 })
    const step = await run(deploy)
    expect(local.gh.requestsFor(ROUTES.dispatches).map(r => r.status)).toEqual([502])
    expect(step.results[0]).toMatchObject({ dispatched: 'unknown' })
    expect(step.error).toContain('GitHub may have started it')
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('429 with retry-after: waits that long, on the clock GitHub and the step share', async () => {
    local.gh.fault(ROUTES.dispatches, {
      status: 429,
      headers: { 'retry-after': '20' },
      body: { message: 'You have exceeded a secondary rate limit.' }
    })
    const step = await run(deploy)
    expect(step.error).toBeUndefined()
    const [first, second] = local.gh.requestsFor(ROUTES.dispatches)
    expect(first?.status).toBe(429)
    // 20 s as GitHub asked (not the 0.5-1 s backoff of a 5xx, nor the 60 s of a secondary limit without retry-after).
    expect(local.clock.waits).toContain(20_000)
    expect((second?.clockAt ?? 0) - (first?.clockAt ?? 0)).toBeGreaterThanOrEqual(20_000)
    expect((second?.clockAt ?? 0) - (first?.clockAt ?? 0)).toBeLessThan(21_000)
    expect(step.log).toContainEqual(
      expect.stringMatching(/POST \/repos\/octo-org\/deploy\/dispatches: rate limited, retry-after 20 s; retrying in 20\.0 s/)
    )
    expect(local.gh.dispatches).toHaveLength(1)
  })

  test('403 with x-ratelimit-remaining 0: waits for the reset', async () => {
    const reset = Math.floor(local.clock.now() / 1000) + 30
    local.gh.fault(ROUTES.installation, {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for installation.' }
    })
    const step = await run(deploy)
    expect(step.error).toBeUndefined()
    const [first, second] = local.gh.requestsFor(ROUTES.installation)
    expect(first?.status).toBe(403)
    expect(second?.status).toBe(200)
    // After the reset on GitHub's clock (one second past it, as GitHub's docs advise), not long after.
    expect(second?.clockAt ?? 0).toBeGreaterThanOrEqual(reset * 1000)
    expect(second?.clockAt ?? 0).toBeLessThan(reset * 1000 + 2_000)
    expect(local.gh.dispatches).toHaveLength(1)
  })

  test('a secondary rate limit longer than the budget fails with advice instead of hanging', async () => {
    local.gh.fault(ROUTES.dispatches, {
      status: 403,
      headers: { 'retry-after': '3600' },
      body: { message: 'You have exceeded a secondary rate limit' }
    })
    const step = await run(deploy)
    expect(step.error).toContain('rate-limited')
    // It did not wait out the hour, nor any of it: it gave up at once. (On the virtual clock a wait passes
    // unseen, so the clock is asked.)
    expect(local.clock.waits).toEqual([])
    // GitHub saw the one dispatch, then the revocation.
    expect(local.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
    expect(local.gh.requests.at(-1)?.route).toBe(ROUTES.revoke)
    expect(local.gh).toHaveRevokedEveryToken()
  })
})
