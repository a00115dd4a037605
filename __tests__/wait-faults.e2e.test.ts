/**
 * wait-faults: what goes wrong while the bundle waits, and what the step
 * does about it: a 5xx on a dispatch that did or did not reach GitHub, a wait
 * that outlives its token, a rate limit while following, an installation
 * without Actions: read, and a cancelled step. (Finding and following the
 * run itself: wait.e2e.test.ts.)
 */
import { expect, test } from '@jest/globals'
import { resultsOf, ROUTES, sigintOnRequest, type Fixture } from './support/fixture.js'
import { gateRunner, installGate, RUN_NAME, type Gate } from './support/gate.js'
import { useFixture } from './support/use.js'

const f = useFixture({
  setup: () => {
    app = installGate(f, ['deploy', 'slow'])
    gate = gateRunner(f, app)
    // Long enough for 1 s polls to see queued, in_progress and completed.
    f.gh.addWorkflow('gate-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 1200, runMs: 1500, conclusion: 'success' }
    })
    f.gh.addWorkflow('gate-org/slow', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 0, runMs: 60_000, conclusion: 'success' }
    })
  }
})
let app: ReturnType<Fixture['gh']['createApp']>
let gate: Gate

test('a 5xx on a dispatch that had in fact reached GitHub: exactly one run, no second dispatch', async () => {
  f.gh.fault(ROUTES.dispatches, { status: 502, afterProcessing: true })
  const result = await gate({})
  expect(result.code).toBe(0)
  expect(f.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
  expect(f.gh.runs).toHaveLength(1)
  expect(result.stdout).toContain('its run exists, so the dispatch arrived (once)')
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true, conclusion: 'success' })
})

test('a 5xx on a dispatch that did not arrive: never sent again; no run appears, so the outcome is unknown', async () => {
  f.gh.fault(ROUTES.dispatches, { status: 503 })
  const result = await gate({ 'wait-timeout': '2' })
  expect(result.code).toBe(1)
  expect(f.gh.requestsFor(ROUTES.dispatches).map(r => r.status)).toEqual([503])
  expect(f.gh.runs).toHaveLength(0)
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: 'unknown' })
  expect(result.errors[0]).toContain('no run carrying its distinct_id appeared while the step waited')
  expect(result.errors[0]).toContain(`Check ${f.gh.url}/gate-org/deploy/actions before running this again.`)
  expect(f.gh).toHaveRevokedEveryToken()
})

test('a wait that outlives the token: a fresh token is minted, the one it replaces revoked at once, every token revoked', async () => {
  // 8 s tokens are refreshed with a quarter of their life (2 s) left: room for a loaded machine's jitter.
  f.gh.tokenLifetimeSeconds = 8
  const result = await gate({ repository: 'gate-org/slow', 'wait-timeout': '12' })
  expect(result.code).toBe(1) // the slow run outlasts the wait; what matters here is the tokens
  expect(f.gh.requestsFor(ROUTES.accessTokens).length).toBeGreaterThanOrEqual(2)
  expect(f.gh.requestsFor(ROUTES.getRun).every(r => r.status === 200 || r.status === 304)).toBe(true)
  expect(result.stdout).toContain('Minted a fresh token for slow')
  expect(f.gh).toHaveRevokedEveryToken()
  // The replaced token was revoked while the wait went on, not left to expire.
  const polls = f.gh.requestsFor(ROUTES.getRun).map(r => r.receivedAt)
  expect(Math.min(...f.gh.requestsFor(ROUTES.revoke).map(r => r.receivedAt))).toBeLessThan(Math.max(...polls))
}, 30_000)

test('a rate limit while following: waits as GitHub says instead of polling into it', async () => {
  f.gh.fault(ROUTES.getRun, {
    status: 403,
    headers: { 'retry-after': '120' },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }
  })
  const result = await gate({ repository: 'gate-org/slow', 'wait-timeout': '4' })
  expect(result.code).toBe(1)
  // The first poll hit the limit; the next came only at the deadline (a last look), not every second.
  const polls = f.gh.requestsFor(ROUTES.getRun)
  expect(polls.map(r => r.status)).toEqual([403, 200])
  expect((polls[1]?.receivedAt ?? 0) - (polls[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(3000)
  expect(result.stdout).toMatch(/could not read run \d+ .*403.*trying again in 2m 0s/)
  expect(result.errors[0]).toMatch(/did not finish within 4s; its last status was in_progress/)
})

test('an installation without Actions: read cannot be waited on: names only the missing permission, nothing sent', async () => {
  const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy', wait: 'true' }) // f.app: Contents only
  expect(result.code).toBe(1)
  expect(result.errors[0]).toContain('does not grant Actions: Read-only, which this needs')
  expect(result.errors[0]).not.toContain('Contents')
  expect(f.gh.dispatches).toHaveLength(0)
})

test('a cancelled step stops waiting, revokes its token and says so', async () => {
  // Cancel as the runner does (SIGINT) once the step is following the run.
  const cancel = sigintOnRequest(f.gh, ROUTES.getRun)
  const result = await gate({ repository: 'gate-org/slow', 'wait-timeout': '60' }, cancel.onStart)
  expect(result.code).toBe(1)
  // It stopped following the 60 s run: revoked while the run went on, and read nothing after.
  const run = f.gh.runs[0] as NonNullable<(typeof f.gh.runs)[0]>
  expect(f.gh.runState(run).status).toBe('in_progress')
  expect(f.gh.requests.at(-1)?.route).toBe(ROUTES.revoke)
  expect(result.stdout).toContain('Received SIGINT: the step is being cancelled')
  expect(result.errors[0]).toMatch(/The step was cancelled while waiting for run #\d+ in gate-org\/slow \(last status in_progress\)/)
  expect(f.gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(f.gh).toHaveRevokedEveryToken()
})
