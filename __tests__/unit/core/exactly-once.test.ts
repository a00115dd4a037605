/**
 * At most once under faults, the whole matrix: the action's path in-process
 * (support/action-in-process.ts) against the emulator, on a VirtualClock that
 * is also the emulator's time. GitHub processes the dispatch, then its answer
 * is lost (a 502, a dropped connection, no answer until the request times
 * out); every combination of mode × wait sends it once, starts at most one
 * run, revokes every token and reports the outcome truthfully, in the action's
 * words: "dispatched" only when it is known (its run found by distinct_id),
 * "unknown" with advice otherwise. The contract through the bundle (exit 1,
 * one ::error:: line, no "Dispatched" line, for each fault and mode once) is
 * e2e/action/exactly-once.e2e.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { runCheckedInProcess, type ActionStep } from '../../support/action-in-process.js'
import { useGitHubOnClock } from '../../support/use.js'

const local = useGitHubOnClock({
  account: 'once-org',
  repositories: ['deploy'],
  permissions: { contents: 'write', actions: 'write', metadata: 'read' },
  setup: ({ gh }) => {
    const lifecycle = { queuedMs: 100, runMs: 200, conclusion: 'success' }
    gh.addWorkflow('once-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
      lifecycle
    })
    gh.addWorkflow('once-org/deploy', { file: 'release.yml', inputs: { version: {} }, lifecycle })
  }
})

type Mode = 'repository_dispatch' | 'workflow_dispatch'
const route = (mode: Mode): string => (mode === 'repository_dispatch' ? ROUTES.dispatches : ROUTES.workflowDispatches)
const modeInputs = (mode: Mode): Record<string, string> =>
  mode === 'repository_dispatch' ? { 'event-type': 'deploy' } : { workflow: 'release.yml', inputs: '{"version":"1.2.3"}' }
const withWait = { wait: 'true', 'wait-timeout': '30', 'poll-interval': '1' }

/** The step as once-org's App plus `inputs`; fails the test on any secret in what the user sees. */
async function step(inputs: Record<string, string>, requestTimeoutMs?: number): Promise<ActionStep> {
  return runCheckedInProcess(
    {
      apiUrl: local.gh.url,
      inputs: { 'app-id': String(local.app.id), 'private-key': local.app.privateKey, repository: 'once-org/deploy', ...inputs },
      clock: local.clock,
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {})
    },
    local.gh.secrets()
  )
}

/** What every case must show, whatever the outcome: one request sent, at most one run, every token revoked. */
function expectAtMostOnce(mode: Mode): void {
  expect(local.gh.requestsFor(route(mode))).toHaveLength(1)
  expect(local.gh.runs.length).toBeLessThanOrEqual(1)
  expect(local.gh).toHaveRevokedEveryToken()
}

/** The unknown outcome as the user reads it: the advice in the ::error:: text, and no line that claims it was dispatched. */
function expectUnknownSaid(result: ActionStep): void {
  expect(result.results).toHaveLength(1)
  expect(result.results[0]).toMatchObject({ dispatched: 'unknown' })
  expect(result.error).toContain('GitHub may have started it')
  expect(result.error).toContain(`Check ${local.gh.url}/once-org/deploy/actions before running this again.`)
  const lines = [...result.log, ...(result.error ?? '').split('\n')]
  expect(lines.filter(line => /\bdispatched\b/i.test(line) && !/may have|unknown/i.test(line))).toEqual([])
  expect(lines.some(line => /^Dispatched /.test(line))).toBe(false)
}

const faults = {
  '502 after processing': { fault: { status: 502, afterProcessing: true }, reason: 'GitHub answered HTTP 502' },
  'connection dropped after processing': { fault: { reset: true, afterProcessing: true }, reason: 'the connection' }
} as const

describe.each(Object.entries(faults))('%s', (_name, { fault, reason }) => {
  test.each(['repository_dispatch', 'workflow_dispatch'] as const)(
    '%s without wait: one send, its run started once, outcome unknown, the step fails with advice',
    async mode => {
      local.gh.fault(route(mode), fault)
      const result = await step(modeInputs(mode))
      expectAtMostOnce(mode)
      expect(local.gh.runs).toHaveLength(1)
      expectUnknownSaid(result)
      expect(result.error).toContain(`was lost (${reason}`)
    }
  )

  test('repository_dispatch with wait: one send, its run found by distinct_id, followed to success', async () => {
    local.gh.fault(ROUTES.dispatches, fault)
    const result = await step({ ...modeInputs('repository_dispatch'), ...withWait })
    expectAtMostOnce('repository_dispatch')
    expect(result.error).toBeUndefined()
    expect(result.results).toHaveLength(1)
    expect(result.results[0]).toMatchObject({ dispatched: true, conclusion: 'success', run_id: local.gh.runs[0]?.id })
    expect(result.log).toContain('once-org/deploy: its run exists, so the dispatch arrived (once).')
  })

  test('workflow_dispatch with wait: the run details were lost with the answer; one send, outcome unknown', async () => {
    local.gh.fault(ROUTES.workflowDispatches, fault)
    const result = await step({ ...modeInputs('workflow_dispatch'), wait: 'true', 'poll-interval': '1' })
    expectAtMostOnce('workflow_dispatch')
    expectUnknownSaid(result)
    expect(result.results[0]).toMatchObject({ workflow: 'release.yml' })
  })
})

describe('no answer until the request times out (1 s here; the action’s is 30 s)', () => {
  test.each([
    ['repository_dispatch', false, 'unknown'],
    ['workflow_dispatch', false, 'unknown'],
    ['repository_dispatch', true, true],
    ['workflow_dispatch', true, 'unknown']
  ] as const)('%s, wait %s: one send, dispatched %s', async (mode, wait, dispatched) => {
    local.gh.fault(route(mode), { hang: true, afterProcessing: true })
    const result = await step({ ...modeInputs(mode), ...(wait ? withWait : {}) }, 1000)
    expectAtMostOnce(mode)
    expect(local.gh.runs).toHaveLength(1)
    expect(result.results[0]?.dispatched).toBe(dispatched)
    if (dispatched === 'unknown') {
      expectUnknownSaid(result)
      expect(result.results[0]?.error).toMatch(/GitHub may have started it: .*\(no answer within 1 s\)/)
    } else {
      expect(result.error).toBeUndefined()
      expect(result.results[0]?.conclusion).toBe('success')
    }
  })
})
