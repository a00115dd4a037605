/**
 * wait-faults: what goes wrong while the bundle waits, and what the step
 * does about it, one contract each through the bundle: a 5xx on a dispatch
 * that reached GitHub, an installation without Actions: read, and a
 * cancelled step. The matrix that only needs time to pass (a 5xx on a
 * dispatch that did not arrive, a wait that outlives its token, rate limits)
 * runs in-process on the virtual clock: wait-virtual-time.test.ts. (Finding
 * and following the run itself: wait.e2e.test.ts.)
 */
import { expect, test } from '@jest/globals'
import { resultsOf, ROUTES, sigintOnRequest, type Fixture } from '../../support/fixture.js'
import { gateRunner, installGate, RUN_NAME, type Gate } from '../../support/gate.js'
import { useFixture } from '../../support/use.js'

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
