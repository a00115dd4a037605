/**
 * Outputs back (src/core/downstream/outputs.ts), one condition at a time: the
 * action's path in-process (support/action-in-process.ts) against the
 * emulator, on a VirtualClock that is also the emulator's time, so the wait on
 * each run passes in milliseconds. A fan-out returns one object per target, a
 * run without the artifact and an empty outputs-artifact give {}, and each
 * broken artifact (not a zip, no outputs.json, not an object, a bomb) fails
 * its target naming the run and the problem, in the action's words; storage
 * never sees the token. The contract through the bundle (the outputs and
 * results outputs, the summary, the token scope, one ::error:: line and exit 1
 * for a broken artifact) is e2e/action/outputs.e2e.test.ts.
 */
import { expect, test } from '@jest/globals'
import { ROUTES } from '../../../../emulator/github-emulator.js'
import { zipOf } from '../../../../emulator/zip.js'
import { runCheckedInProcess, type ActionStep } from '../../../support/action-in-process.js'
import { noStorageAuthorization, quick, RUN_NAME } from '../../../support/chain.js'
import { DISPATCH_AND_FOLLOW } from '../../../support/github.js'
import { useGitHubOnClock } from '../../../support/use.js'

const outputsZip = (outputs: unknown): Promise<Buffer> => zipOf({ 'outputs.json': JSON.stringify(outputs) })

const local = useGitHubOnClock({
  account: 'chain-org',
  repositories: ['deploy', 'web', 'api', 'docs', 'bad-zip', 'no-file', 'not-object', 'bomb', 'plain'],
  permissions: DISPATCH_AND_FOLLOW,
  setup: async ({ gh }) => {
    const artifacts: Record<string, Buffer> = {
      deploy: await outputsZip({ url: 'https://deploy.example/pr-42', version: '1.4.2' }),
      web: await outputsZip({ service: 'web' }),
      api: await outputsZip({ service: 'api' }),
      docs: await outputsZip({ service: 'docs' }),
      'bad-zip': Buffer.from('this is not a zip file'),
      'no-file': await zipOf({ 'other.json': '{}' }),
      'not-object': await zipOf({ 'outputs.json': '[1, 2, 3]' }),
      bomb: await zipOf({ 'outputs.json': `{"pad":"${'0'.repeat(3 * 1024 * 1024)}"}` })
    }
    for (const [repo, zip] of Object.entries(artifacts)) {
      gh.addWorkflow(`chain-org/${repo}`, {
        file: 'deploy.yml',
        types: ['deploy'],
        runName: RUN_NAME,
        lifecycle: quick,
        artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
      })
    }
    gh.addWorkflow('chain-org/plain', { file: 'deploy.yml', types: ['deploy'], runName: RUN_NAME, lifecycle: quick })
  }
})

/** The step as support/chain.ts runs it (dispatch 'deploy', wait, poll every second) plus `inputs`; fails the test on any secret in what the user sees. */
async function run(inputs: Record<string, string>): Promise<ActionStep> {
  return runCheckedInProcess(
    {
      apiUrl: local.gh.url,
      inputs: {
        'app-id': String(local.app.id),
        'private-key': local.app.privateKey,
        'event-type': 'deploy',
        wait: 'true',
        'poll-interval': '1',
        ...inputs
      },
      clock: local.clock
    },
    local.gh.secrets()
  )
}

/** The `outputs` output, as src/action/run.ts sets it with wait: the first target's outputs, {} when it has none. */
const outputsOutput = (step: ActionStep): string => JSON.stringify(step.results[0]?.outputs ?? {})

test('a fan-out to three repositories returns three objects, in input order; the outputs output is the first', async () => {
  const step = await run({ repository: 'chain-org/web,chain-org/api,chain-org/docs' })
  expect(step.error).toBeUndefined()
  expect(step.results.map(r => r.outputs)).toEqual([{ service: 'web' }, { service: 'api' }, { service: 'docs' }])
  expect(JSON.parse(outputsOutput(step))).toEqual({ service: 'web' })
  noStorageAuthorization(local.gh)
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a run without the artifact: outputs is {}, not an error', async () => {
  const step = await run({ repository: 'chain-org/plain' })
  expect(step.error).toBeUndefined()
  expect(step.results[0]).toMatchObject({ dispatched: true, conclusion: 'success', outputs: {} })
  expect(outputsOutput(step)).toBe('{}')
  expect(local.gh.requestsFor(ROUTES.runArtifacts).length).toBeGreaterThan(0)
  expect(local.gh).toHaveRevokedEveryToken()
})

test('outputs-artifact empty: no artifact is looked for', async () => {
  const step = await run({ repository: 'chain-org/deploy', 'outputs-artifact': '' })
  expect(step.error).toBeUndefined()
  expect(step.results[0]).toMatchObject({ dispatched: true, conclusion: 'success' })
  expect(local.gh.requestsFor(ROUTES.runArtifacts)).toHaveLength(0)
  expect(local.gh.storage.requests).toHaveLength(0)
  expect(outputsOutput(step)).toBe('{}')
  expect(local.gh).toHaveRevokedEveryToken()
})

test.each([
  ['bad-zip', /The 'app-dispatch-outputs' artifact of run #1 in chain-org\/bad-zip is not a zip file\./],
  ['no-file', /The 'app-dispatch-outputs' artifact of run #1 in chain-org\/no-file holds no outputs\.json\./],
  [
    'not-object',
    /outputs\.json in the 'app-dispatch-outputs' artifact of run #1 in chain-org\/not-object must hold a JSON object, not an array\./
  ],
  ['bomb', /The 'app-dispatch-outputs' artifact of run #1 in chain-org\/bomb has a outputs\.json that inflates past 1048576 bytes\./]
])('%s: the target fails, naming the run and the problem; the run’s conclusion is still reported', async (repo, message) => {
  const step = await run({ repository: `chain-org/${repo}` })
  expect(step.error).toMatch(message)
  expect(step.results).toHaveLength(1)
  expect(step.results[0]).toMatchObject({ repository: `chain-org/${repo}`, dispatched: true, conclusion: 'success', outputs: {} })
  expect(step.results[0]?.error).toMatch(message)
  noStorageAuthorization(local.gh)
  expect(local.gh).toHaveRevokedEveryToken()
})
