/**
 * workflow_dispatch, one condition at a time: the action's path in-process
 * (support/action-in-process.ts) against the emulator, on a VirtualClock that
 * is also the emulator's time. An explicit ref, the GHES < 3.21 fallback, a
 * 204 without a body, fan-out, GitHub's refusals and the inputs refused, each
 * in the action's words. The contract through the bundle (the started run
 * reported in the outputs, the summary, one ::error:: line, exit codes) is
 * e2e/action/workflow-dispatch.e2e.test.ts: one success and one refusal.
 */
import { describe, expect, test } from '@jest/globals'
import { ROUTES, type GitHubEmulator } from '../../../../emulator/github-emulator.js'
import { inputRefusal, runActionInProcess, runCheckedInProcess, type ActionStep } from '../../../support/action-in-process.js'
import { stackLines } from '../../../support/fixture.js'
import { useGitHubOnClock } from '../../../support/use.js'

/** A second App, installed on octo-org with Contents: write only (the emulator's default). */
let contentsApp: ReturnType<GitHubEmulator['createApp']>
/** The App whose installation on ship-org grants Actions: write. */
const local = useGitHubOnClock({
  account: 'ship-org',
  repositories: ['service', 'worker'],
  permissions: { actions: 'write', metadata: 'read' },
  setup: ({ gh }) => {
    contentsApp = gh.createApp()
    gh.install({ app: contentsApp, account: 'octo-org', repositories: ['deploy', 'docs'] })
    gh.addRepository('ship-org/service', { defaultBranch: 'trunk', refs: ['v2.0.0'] })
    gh.addWorkflow('ship-org/service', {
      file: 'deploy.yml',
      name: 'Deploy',
      inputs: { environment: { required: true }, dry_run: {}, replicas: {} }
    })
    gh.addWorkflow('ship-org/worker', { file: 'deploy.yml', inputs: { environment: { required: true } } })
    gh.addWorkflow('ship-org/worker', { file: 'push-only.yml', dispatchable: false })
  }
})

const inputsOf = (inputs: Record<string, string>): Record<string, string> => ({
  'app-id': String(local.app.id),
  'private-key': local.app.privateKey,
  repository: 'ship-org/service',
  workflow: 'deploy.yml',
  ...inputs
})

/** The step with the Actions App's credentials and deploy.yml in ship-org/service, plus `inputs`; fails the test on any secret in what the user sees. */
async function run(inputs: Record<string, string>): Promise<ActionStep> {
  return runCheckedInProcess({ apiUrl: local.gh.url, inputs: inputsOf(inputs), clock: local.clock }, local.gh.secrets())
}

test('an explicit ref skips the default-branch lookup', async () => {
  const step = await run({ ref: 'v2.0.0', inputs: '{"environment":"prod"}' })
  expect(step.error).toBeUndefined()
  expect(local.gh.requestsFor(ROUTES.repository)).toHaveLength(0)
  expect(local.gh.runs[0]?.head_branch).toBe('v2.0.0')
  expect(local.gh).toHaveRevokedEveryToken()
})

test('GitHub Enterprise Server before 3.21: sent again without return_run_details, with a notice', async () => {
  local.gh.supportsRunDetails = false
  const step = await run({ inputs: '{"environment":"staging"}' })
  expect(step.error).toBeUndefined()
  const posts = local.gh.requestsFor(ROUTES.workflowDispatches)
  expect(posts.map(r => r.status)).toEqual([422, 204])
  expect(posts[1]?.body).toEqual({ ref: 'trunk', inputs: { environment: 'staging' } })
  expect(local.gh.runs).toHaveLength(1)
  expect(step.notices).toContainEqual(expect.stringMatching(/return_run_details/))
  // The run-id output is the first result's run_id ('' when null, as src/action/run.ts sets it).
  expect(step.results[0]).toMatchObject({ dispatched: true, run_id: null, run_url: null })
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a 204 with no body is accepted as dispatched without a run id', async () => {
  local.gh.fault(ROUTES.workflowDispatches, { status: 204 })
  const step = await run({ inputs: '{"environment":"staging"}' })
  expect(step.error).toBeUndefined()
  expect(step.results[0]).toMatchObject({ dispatched: true, run_id: null })
})

test('fan-out: each target gets its own run', async () => {
  const step = await run({ repository: 'ship-org/service\nship-org/worker', inputs: '{"environment":"staging"}' })
  expect(step.error).toBeUndefined()
  expect(local.gh.requestsFor(ROUTES.accessTokens)).toHaveLength(1)
  expect(step.results.map(r => r.ref)).toEqual(['trunk', 'main'])
  expect(new Set(step.results.map(r => r.run_id)).size).toBe(2)
  expect(local.gh.runs.map(r => r.repository).sort()).toEqual(['ship-org/service', 'ship-org/worker'])
  expect(local.gh).toHaveRevokedEveryToken()
})

describe("GitHub's refusals, in the action's words", () => {
  test('the workflow does not exist in the target', async () => {
    const step = await run({ workflow: 'missing.yml' })
    expect(step.error).toContain("Workflow 'missing.yml' was not found in ship-org/service (404)")
    expect(step.results).toMatchObject([{ dispatched: false }])
    expect(local.gh).toHaveRevokedEveryToken()
  })
  test('the ref does not exist', async () => {
    const step = await run({ ref: 'nope', inputs: '{"environment":"x"}' })
    expect(step.error).toContain('No ref found for: nope')
    expect(step.error).toContain('Set ref to a branch or tag')
    expect(step.results).toMatchObject([{ dispatched: false }])
  })
  test("a missing required input: GitHub's message", async () => {
    const step = await run({})
    expect(step.error).toContain("Required input 'environment' not provided")
    expect(step.results).toMatchObject([{ dispatched: false }])
  })
  test('an installation without Actions: write: nothing sent to the workflow', async () => {
    const step = await run({ 'app-id': String(contentsApp.id), 'private-key': contentsApp.privateKey, repository: 'octo-org/deploy' })
    expect(step.error).toContain('does not grant Actions: Read and write')
    expect(local.gh.requestsFor(ROUTES.workflowDispatches)).toHaveLength(0)
  })
})

describe('bad input: refused, nothing sent', () => {
  test.each([
    [{ 'client-payload': '{"a":1}' }, /Input 'client-payload': is not sent with workflow_dispatch.*as inputs/],
    [{ 'event-type': 'deploy' }, /Input 'event-type': is for repository_dispatch/],
    [{ inputs: '[1,2]' }, /Input 'inputs': must be a JSON object/],
    [{ inputs: '{"a": {"b": 1}}' }, /Input 'inputs': 'a' is an object/],
    [
      { inputs: JSON.stringify(Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'v']))) },
      /Input 'inputs': has 26 properties/
    ],
    [{ workflow: 'deploy' }, /Input 'workflow': 'deploy' is not a workflow/],
    [{ ref: 'bad ref' }, /Input 'ref'/],
    [{ workflow: '', 'event-type': 'e', inputs: '{"a":"b"}' }, /Input 'inputs': is for workflow_dispatch/]
  ])('%j', async (inputs, message) => {
    const error = await inputRefusal(runActionInProcess({ apiUrl: local.gh.url, inputs: inputsOf(inputs), clock: local.clock }))
    expect(error).toMatch(message)
    expect(stackLines(error)).toEqual([])
    expect(local.gh).toHaveSentNothing()
  })
})
