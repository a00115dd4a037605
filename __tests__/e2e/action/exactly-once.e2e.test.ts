/**
 * At most once under faults: GitHub processes the dispatch, then its answer
 * is lost (a 5xx, a dropped connection, no answer until the client's timeout).
 * Every combination of mode × wait starts at most one run and reports the
 * outcome truthfully: "dispatched" only when it is known, "unknown" with
 * advice otherwise, never a second send.
 *
 * The 5xx and the dropped connection run the committed bundle as the runner
 * does; the timeout runs the core in-process with a 1 s request timeout
 * (the bundle's is 30 s), against the same emulator over HTTP.
 */
import { describe, expect, test } from '@jest/globals'
import { dispatchPlan } from '../../../src/core/dispatch.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { resultsOf, ROUTES, type Fixture } from '../../support/fixture.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    app = f.gh.createApp()
    f.gh.install({
      app,
      account: 'once-org',
      repositories: ['deploy'],
      permissions: { contents: 'write', actions: 'write', metadata: 'read' }
    })
    const lifecycle = { queuedMs: 100, runMs: 200, conclusion: 'success' }
    f.gh.addWorkflow('once-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
      lifecycle
    })
    f.gh.addWorkflow('once-org/deploy', { file: 'release.yml', inputs: { version: {} }, lifecycle })
  }
})
let app: ReturnType<Fixture['gh']['createApp']>

type Mode = 'repository_dispatch' | 'workflow_dispatch'
const route = (mode: Mode): string => (mode === 'repository_dispatch' ? ROUTES.dispatches : ROUTES.workflowDispatches)
const modeInputs = (mode: Mode): Record<string, string> =>
  mode === 'repository_dispatch' ? { 'event-type': 'deploy' } : { workflow: 'release.yml', inputs: '{"version":"1.2.3"}' }

/** What every case must show, whatever the outcome: one request sent, at most one run, every token revoked. */
function expectAtMostOnce(mode: Mode): void {
  expect(f.gh.requestsFor(route(mode))).toHaveLength(1)
  expect(f.gh.runs.length).toBeLessThanOrEqual(1)
  expect(f.gh).toHaveRevokedEveryToken()
}

/** Runs the bundle as once-org's App. */
const step = (inputs: Record<string, string>) =>
  f.run({ 'app-id': String(app.id), 'private-key': app.privateKey, repository: 'once-org/deploy', ...inputs })

const faults = {
  '5xx after processing': { status: 502, afterProcessing: true },
  'connection dropped after processing': { reset: true, afterProcessing: true }
} as const

describe.each(Object.entries(faults))('the bundled action, %s', (_name, fault) => {
  test.each(['repository_dispatch', 'workflow_dispatch'] as const)(
    '%s without wait: one send, outcome unknown, the step fails with advice',
    async mode => {
      f.gh.fault(route(mode), fault)
      const result = await step(modeInputs(mode))
      expectAtMostOnce(mode)
      expect(f.gh.runs).toHaveLength(1)
      expect(result.code).toBe(1)
      const [target] = resultsOf(result.outputs)
      expect(target).toMatchObject({ dispatched: 'unknown' })
      expect(result.errors).toHaveLength(1)
      expect(result.errors[0]).toContain('GitHub may have started it')
      expect(result.errors[0]).toContain(`Check ${f.gh.url}/once-org/deploy/actions before running this again.`)
      // Nothing the user reads claims it was dispatched.
      const lines = result.stdout.split('\n')
      expect(lines.filter(line => /\bdispatched\b/i.test(line) && !/may have|unknown/i.test(line))).toEqual([])
      expect(lines.some(line => /^Dispatched /.test(line))).toBe(false)
    }
  )

  test('repository_dispatch with wait: one send, its run found by distinct_id, followed to success', async () => {
    f.gh.fault(ROUTES.dispatches, fault)
    const result = await step({ 'event-type': 'deploy', wait: 'true', 'wait-timeout': '30', 'poll-interval': '1' })
    expectAtMostOnce('repository_dispatch')
    expect(result.code).toBe(0)
    expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true, conclusion: 'success', run_id: f.gh.runs[0]?.id })
    expect(result.stdout).toContain('its run exists, so the dispatch arrived (once)')
  })

  test('workflow_dispatch with wait: the run details were lost with the answer; one send, outcome unknown', async () => {
    f.gh.fault(ROUTES.workflowDispatches, fault)
    const result = await step({ ...modeInputs('workflow_dispatch'), wait: 'true', 'poll-interval': '1' })
    expectAtMostOnce('workflow_dispatch')
    expect(result.code).toBe(1)
    expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: 'unknown', workflow: 'release.yml' })
    expect(result.errors[0]).toContain('GitHub may have started it')
  })
})

describe('the core, no answer until the request times out', () => {
  const quiet = { debug: () => undefined, info: () => undefined, notice: () => undefined, warning: () => undefined }
  const run = (mode: Mode, wait: boolean) =>
    dispatchPlan(
      planFromOptions({
        appId: app.id,
        privateKey: app.privateKey,
        apiUrl: f.gh.url,
        repository: 'once-org/deploy',
        ...(mode === 'repository_dispatch' ? { eventType: 'deploy' } : { workflow: 'release.yml', inputs: { version: '1.2.3' } }),
        ...(wait ? { wait: true, waitTimeoutSeconds: 30, pollIntervalSeconds: 1 } : {})
      }),
      { log: quiet, onSecret: () => undefined, userAgent: 'test', requestTimeoutMs: 1000 }
    )

  test.each([
    ['repository_dispatch', false, 'unknown'],
    ['workflow_dispatch', false, 'unknown'],
    ['repository_dispatch', true, true],
    ['workflow_dispatch', true, 'unknown']
  ] as const)('%s, wait %s: one send, dispatched %s', async (mode, wait, dispatched) => {
    f.gh.fault(route(mode), { hang: true, afterProcessing: true })
    const [result] = await run(mode, wait)
    expectAtMostOnce(mode)
    expect(f.gh.runs).toHaveLength(1)
    expect(result?.dispatched).toBe(dispatched)
    if (dispatched === 'unknown') expect(result?.error).toMatch(/GitHub may have started it: .*\(no answer within 1 s\)/)
    else expect(result?.conclusion).toBe('success')
  })
})
