/**
 * workflow_dispatch through the bundle: the run GitHub started, reported in
 * the outputs and the summary, and one refusal a person can act on. Each other
 * condition (an explicit ref, the GHES < 3.21 fallback, a 204 without a body,
 * fan-out, GitHub's other refusals, the inputs refused) runs the action's path
 * in-process: unit/core/modes/workflow-dispatch.test.ts.
 */
import { expect, test } from '@jest/globals'
import { resultsOf, ROUTES, stackLines, type Fixture } from '../../support/fixture.js'
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

test("GitHub's refusal: one ::error:: with the advice, exit 1, no stack, the results output says why", async () => {
  const result = await run({ repository: 'ship-org/worker', workflow: 'push-only.yml' })
  expect(result.code).toBe(1)
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toContain("Workflow does not have 'workflow_dispatch' trigger")
  expect(result.errors[0]).toContain("Add 'on: workflow_dispatch'")
  expect(stackLines(result.stdout + result.stderr)).toEqual([])
  expect(resultsOf(result.outputs)).toEqual([
    expect.objectContaining({ repository: 'ship-org/worker', workflow: 'push-only.yml', dispatched: false, error_code: 'github-refused' })
  ])
  expect(f.gh).toHaveRevokedEveryToken()
})
