/**
 * At most once under faults, through the bundled action as the runner runs
 * it: GitHub processes the dispatch, then its answer is lost (a 502, a
 * dropped connection). The step sends it once, starts at most one run,
 * revokes every token, says the outcome is unknown in one ::error:: line with
 * advice, exits 1, and prints no line that claims it was dispatched: once for
 * each fault and mode. The whole matrix (mode × wait × a 502, a dropped
 * connection, no answer until the request times out) runs the action's path
 * in-process: unit/core/exactly-once.test.ts.
 */
import { expect, test } from '@jest/globals'
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

/** Runs the bundle as once-org's App. */
const step = (inputs: Record<string, string>) =>
  f.run({ 'app-id': String(app.id), 'private-key': app.privateKey, repository: 'once-org/deploy', ...inputs })

test.each([
  ['repository_dispatch', '5xx after processing', { status: 502, afterProcessing: true }],
  ['workflow_dispatch', 'connection dropped after processing', { reset: true, afterProcessing: true }]
] as const)('%s, %s, without wait: one send, outcome unknown, the step fails with advice', async (mode, _name, fault) => {
  f.gh.fault(route(mode), fault)
  const result = await step(modeInputs(mode))
  expect(f.gh.requestsFor(route(mode))).toHaveLength(1)
  expect(f.gh.runs).toHaveLength(1)
  expect(f.gh).toHaveRevokedEveryToken()
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
})
