/**
 * workflow_dispatch: the run GitHub started, the GHES < 3.21 fallback, and
 * the errors a person can act on.
 */
import { describe, expect, test } from '@jest/globals'
import { expectInputRefused, resultsOf, ROUTES, type Fixture } from '../../support/fixture.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    // A separate App whose installation grants Actions: write.
    app = f.gh.createApp()
    installationId = f.gh.install({
      app,
      account: 'ship-org',
      repositories: ['service', 'worker'],
      permissions: { actions: 'write', metadata: 'read' }
    }).id
    f.gh.addRepository('ship-org/service', { defaultBranch: 'trunk', refs: ['v2.0.0'] })
    f.gh.addWorkflow('ship-org/service', {
      file: 'deploy.yml',
      name: 'Deploy',
      inputs: { environment: { required: true }, dry_run: {}, replicas: {} }
    })
    f.gh.addWorkflow('ship-org/worker', { file: 'deploy.yml', inputs: { environment: { required: true } } })
    f.gh.addWorkflow('ship-org/worker', { file: 'push-only.yml', dispatchable: false })
  }
})
let app: ReturnType<Fixture['gh']['createApp']>
let installationId: number

const run = (inputs: Record<string, string>) =>
  f.run({ 'app-id': String(app.id), 'private-key': app.privateKey, repository: 'ship-org/service', workflow: 'deploy.yml', ...inputs })

test('with inputs and run details: Actions-only token, default branch, the started run reported', async () => {
  const inputs = '{"environment": "staging", "dry_run": false, "replicas": 3}'
  const result = await run({ inputs })
  expect(result.code).toBe(0)
  expect(f.gh.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
    'GET /repos/ship-org/service/installation 200',
    `POST /app/installations/${installationId}/access_tokens 201`,
    'GET /repos/ship-org/service 200',
    'POST /repos/ship-org/service/actions/workflows/deploy.yml/dispatches 200',
    'DELETE /installation/token 204'
  ])
  expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toEqual({ repositories: ['service'], permissions: { actions: 'write' } })
  expect(f.gh.requestsFor(ROUTES.workflowDispatches)[0]?.body).toEqual({
    ref: 'trunk',
    inputs: { environment: 'staging', dry_run: false, replicas: 3 },
    return_run_details: true
  })
  const started = f.gh.runs[0]
  expect(started?.head_branch).toBe('trunk')
  expect(result.outputs['run-id']).toBe(String(started?.id))
  expect(result.outputs['run-url']).toBe(`${f.gh.url}/ship-org/service/actions/runs/${started?.id}`)
  expect(resultsOf(result.outputs)).toEqual([
    {
      repository: 'ship-org/service',
      installation_id: installationId,
      event: 'workflow_dispatch',
      workflow: 'deploy.yml',
      ref: 'trunk',
      dispatched: true,
      run_id: started?.id,
      run_url: result.outputs['run-url']
    }
  ])
  expect(result.summary).toContain(`<a href="${result.outputs['run-url']}">run ${started?.id}</a>`)
  expect(f.gh).toHaveRevokedEveryToken()
})

test('an explicit ref skips the default-branch lookup', async () => {
  const result = await run({ ref: 'v2.0.0', inputs: '{"environment":"prod"}' })
  expect(result.code).toBe(0)
  expect(f.gh.requestsFor(ROUTES.repository)).toHaveLength(0)
  expect(f.gh.runs[0]?.head_branch).toBe('v2.0.0')
})

test('GitHub Enterprise Server before 3.21: sent again without return_run_details, with a notice', async () => {
  f.gh.supportsRunDetails = false
  const result = await run({ inputs: '{"environment":"staging"}' })
  expect(result.code).toBe(0)
  const posts = f.gh.requestsFor(ROUTES.workflowDispatches)
  expect(posts.map(r => r.status)).toEqual([422, 204])
  expect(posts[1]?.body).toEqual({ ref: 'trunk', inputs: { environment: 'staging' } })
  expect(f.gh.runs).toHaveLength(1)
  expect(result.stdout).toMatch(/^::notice::.*return_run_details/m)
  expect(result.outputs['run-id']).toBe('')
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true, run_id: null, run_url: null })
})

test('a 204 with no body is accepted as dispatched without a run id', async () => {
  f.gh.fault(ROUTES.workflowDispatches, { status: 204 })
  const result = await run({ inputs: '{"environment":"staging"}' })
  expect(result.code).toBe(0)
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true, run_id: null })
})

test('fan-out: each target gets its own run', async () => {
  const result = await run({ repository: 'ship-org/service\nship-org/worker', inputs: '{"environment":"staging"}' })
  expect(result.code).toBe(0)
  expect(f.gh.requestsFor(ROUTES.accessTokens)).toHaveLength(1)
  const rows = resultsOf(result.outputs)
  expect(rows.map(r => r['ref'])).toEqual(['trunk', 'main'])
  expect(new Set(rows.map(r => r['run_id'])).size).toBe(2)
  expect(f.gh.runs.map(r => r.repository).sort()).toEqual(['ship-org/service', 'ship-org/worker'])
})

describe('errors', () => {
  test('the workflow does not exist in the target', async () => {
    const result = await run({ workflow: 'missing.yml' })
    expect(result.code).toBe(1)
    expect(result.errors[0]).toContain("Workflow 'missing.yml' was not found in ship-org/service (404)")
  })
  test('the workflow has no workflow_dispatch trigger', async () => {
    const result = await run({ repository: 'ship-org/worker', workflow: 'push-only.yml' })
    expect(result.code).toBe(1)
    expect(result.errors[0]).toContain("Workflow does not have 'workflow_dispatch' trigger")
    expect(result.errors[0]).toContain("Add 'on: workflow_dispatch'")
  })
  test('the ref does not exist', async () => {
    const result = await run({ ref: 'nope', inputs: '{"environment":"x"}' })
    expect(result.code).toBe(1)
    expect(result.errors[0]).toContain('No ref found for: nope')
    expect(result.errors[0]).toContain('Set ref to a branch or tag')
  })
  test("a missing required input: GitHub's message", async () => {
    const result = await run({})
    expect(result.code).toBe(1)
    expect(result.errors[0]).toContain("Required input 'environment' not provided")
  })
  test('an installation without Actions: write', async () => {
    const result = await f.run({ repository: 'octo-org/deploy', workflow: 'deploy.yml' })
    expect(result.code).toBe(1)
    expect(result.errors[0]).toContain('does not grant Actions: Read and write')
    expect(f.gh.requestsFor(ROUTES.workflowDispatches)).toHaveLength(0)
  })
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
  ])('bad input %j: one ::error::, nothing sent', async (inputs, message) => {
    expectInputRefused(await run(inputs), f.gh, message)
  })
})
