/**
 * wait: find the exact run each dispatch started, follow it to its
 * conclusion, and fail the step when it fails, times out or never appears.
 * What goes wrong while it waits (a 5xx on the dispatch, the token's expiry,
 * a missing permission, cancellation): wait-faults.e2e.test.ts. What only needs
 * the clock to move (the timeout, a workflow without the run-name line, the
 * token's expiry, rate limits) is proven in-process on the virtual clock:
 * wait-virtual-time.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { expectInputRefused, resultsOf, ROUTES } from '../../support/fixture.js'
import { type Fixture } from '../../support/fixture.js'
import { gateRunner, installGate, RUN_NAME, type Gate } from '../../support/gate.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    app = installGate(f, ['deploy', 'fail', 'ship', 'old-ghes'])
    gate = gateRunner(f, app)
    const lifecycle = { queuedMs: 300, runMs: 600, conclusion: 'success' }
    // Long enough for 1 s polls to see queued, in_progress and completed.
    f.gh.addWorkflow('gate-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 1200, runMs: 1500, conclusion: 'success' }
    })
    f.gh.addWorkflow('gate-org/fail', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { ...lifecycle, conclusion: 'failure' }
    })
    f.gh.addWorkflow('gate-org/ship', { file: 'release.yml', inputs: { version: {} }, lifecycle })
    f.gh.addWorkflow('gate-org/old-ghes', {
      file: 'release.yml',
      inputs: { version: {}, distinct_id: {} },
      runName: 'Release ${{ inputs.distinct_id }}',
      lifecycle
    })
    f.gh.addWorkflow('gate-org/old-ghes', { file: 'no-id.yml', inputs: { version: {} }, lifecycle })
  }
})
let app: ReturnType<Fixture['gh']['createApp']>
let gate: Gate

test('success: the run carrying the distinct_id is followed to its conclusion', async () => {
  const result = await gate({ 'client-payload': '{"version": "1.2.3"}' })
  expect(result.code).toBe(0)
  const dispatched = f.gh.dispatches[0]
  const distinctId = (dispatched?.client_payload as Record<string, string>)['distinct_id']
  expect(distinctId).toMatch(/^[0-9a-f-]{36}$/)
  expect(dispatched?.rawBody).toBe(`{"event_type":"deploy","client_payload":{"distinct_id":"${distinctId}","version": "1.2.3"}}`)
  // The token can also read runs, and nothing more.
  expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toMatchObject({ permissions: { contents: 'write', actions: 'read' } })

  const run = f.gh.runs[0]
  expect(run?.display_title).toBe(`Deploy ${distinctId}`)
  expect(result.outputs['run-id']).toBe(String(run?.id))
  expect(result.outputs['conclusion']).toBe('success')
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true, run_id: run?.id, status: 'completed', conclusion: 'success' })
  expect(result.stdout).toContain(`gate-org/deploy: run #${run?.runNumber} queued: ${f.gh.url}/gate-org/deploy/actions/runs/${run?.id}`)
  expect(result.stdout).toMatch(/run #\d+ queued → in_progress/)
  expect(result.stdout).toMatch(/run #\d+ in_progress → completed \(success\)/)
  // Polls after the first are conditional; unchanged ones are 304s.
  const polls = f.gh.requestsFor(ROUTES.getRun)
  expect(polls.slice(1).every(p => typeof p.headers['if-none-match'] === 'string')).toBe(true)
  expect(polls.some(p => p.status === 304)).toBe(true)
  expect(result.summary).toContain('<th>Conclusion</th>')
  expect(result.summary).toContain('success')
  expect(f.gh).toHaveRevokedEveryToken()
})

test('a failed downstream run fails the step, naming the run and its conclusion', async () => {
  const result = await gate({ repository: 'gate-org/fail' })
  expect(result.code).toBe(1)
  const run = f.gh.runs[0]
  expect(result.errors).toEqual([
    `::error::run #${run?.runNumber} in gate-org/fail concluded failure: ${f.gh.url}/gate-org/fail/actions/runs/${run?.id}`
  ])
  expect(result.outputs['conclusion']).toBe('failure')
  expect(f.gh).toHaveRevokedEveryToken()
})

test('two dispatches to the same repository at the same moment each find their own run', async () => {
  const [a, b] = await Promise.all([gate({ 'client-payload': '{"who": "A"}' }), gate({ 'client-payload': '{"who": "B"}' })])
  expect(a.code).toBe(0)
  expect(b.code).toBe(0)
  expect(f.gh.runs).toHaveLength(2)
  for (const [step, who] of [
    [a, 'A'],
    [b, 'B']
  ] as const) {
    const mine = f.gh.dispatches.find(d => (d.client_payload as Record<string, string>)['who'] === who)
    const id = (mine?.client_payload as Record<string, string>)['distinct_id'] ?? 'missing'
    const run = f.gh.runs.find(r => r.display_title.includes(id))
    expect(step.outputs['run-id']).toBe(String(run?.id))
  }
  expect(a.outputs['run-id']).not.toBe(b.outputs['run-id'])
})

test('fan-out with mixed conclusions: each run followed; the failure named, the success reported', async () => {
  const result = await gate({ repository: 'gate-org/deploy\ngate-org/fail' })
  expect(result.code).toBe(1)
  expect(f.gh.runs).toHaveLength(2)
  const failedRun = f.gh.runs.find(r => r.repository === 'gate-org/fail')
  expect(result.errors[0]).toContain('1 of 2 targets failed (1 succeeded)')
  expect(result.errors[0]).toContain(`gate-org/fail: run #${failedRun?.runNumber} in gate-org/fail concluded failure`)
  expect(resultsOf(result.outputs).map(r => r['conclusion'])).toEqual(['success', 'failure'])
  expect(result.summary.match(/<tr><td>/g)).toHaveLength(2)
})

test('workflow_dispatch with run details: follows the reported run, no search', async () => {
  const result = await gate({ repository: 'gate-org/ship', 'event-type': '', workflow: 'release.yml', inputs: '{"version":"2.0.0"}' })
  expect(result.code).toBe(0)
  expect(f.gh.requestsFor(ROUTES.listRuns)).toHaveLength(0)
  expect(result.outputs['run-id']).toBe(String(f.gh.runs[0]?.id))
  expect(result.outputs['conclusion']).toBe('success')
})

test('workflow_dispatch on GHES before 3.21: the distinct_id input finds the run', async () => {
  f.gh.supportsRunDetails = false
  const result = await gate({ repository: 'gate-org/old-ghes', 'event-type': '', workflow: 'release.yml', inputs: '{"version":"2.0.0"}' })
  expect(result.code).toBe(0)
  const run = f.gh.runs[0]
  expect(run?.display_title).toMatch(/^Release [0-9a-f-]{36}$/)
  expect(result.outputs['run-id']).toBe(String(run?.id))
})

test('workflow_dispatch on GHES before 3.21 without a distinct_id input: fails early with advice, nothing started', async () => {
  f.gh.supportsRunDetails = false
  const result = await gate({ repository: 'gate-org/old-ghes', 'event-type': '', workflow: 'no-id.yml', inputs: '{"version":"2.0.0"}' })
  expect(result.code).toBe(1)
  expect(f.gh.runs).toHaveLength(0)
  expect(result.errors[0]).toContain('declare a `distinct_id` input')
})

describe('bad wait input: one ::error::, nothing sent', () => {
  test.each([
    [{ wait: 'yes' }, /Input 'wait': 'yes' is not a boolean/],
    [{ 'poll-interval': '0' }, /Input 'poll-interval'/],
    [{ 'wait-timeout': 'soon' }, /Input 'wait-timeout'/],
    [
      { 'client-payload': JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]))) },
      /Input 'client-payload': has 10 top-level properties; with wait on, 'distinct_id' is added/
    ],
    [{ 'client-payload': '{"distinct_id": "mine"}' }, /Input 'client-payload': has a 'distinct_id' property/]
  ])('%j', async (inputs, message) => {
    expectInputRefused(await gate(inputs), f.gh, message)
  })
})
