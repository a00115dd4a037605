/**
 * The library takes typed options as given, in-process against the emulator:
 * an array element is one value (never split again by the action's text
 * rules), and an object is sent as it is.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { dispatch, InputError } from '../../../src/lib/index.js'
import type { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { DISPATCH_AND_FOLLOW, startGitHub } from '../../support/github.js'

let gh: GitHubEmulator
let app: Awaited<ReturnType<typeof startGitHub>>['app']

beforeAll(async () => {
  ;({ gh, app } = await startGitHub({ repositories: ['a', 'b', 'jobs'], permissions: DISPATCH_AND_FOLLOW }))
  // A job whose name holds a comma, done in 300 ms while the run goes on for ten minutes.
  gh.addWorkflow('octo-org/jobs', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 0, runMs: 600_000, conclusion: 'success' },
    jobs: () => [
      { name: 'lint, test', conclusion: 'success', doneMs: 300 },
      { name: 'lint', conclusion: 'success' },
      { name: 'test', conclusion: 'success' }
    ]
  })
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})

test("waitJobs: ['lint, test'] waits for ONE job named 'lint, test', not for lint and test", async () => {
  const results = await dispatch({
    appId: app.id,
    privateKey: app.privateKey,
    repository: 'octo-org/jobs',
    eventType: 'deploy',
    apiUrl: gh.url,
    wait: true,
    pollIntervalSeconds: 1,
    waitTimeoutSeconds: 20,
    waitJobs: ['lint, test'],
    outputsArtifact: ''
  })
  expect(results[0]).toMatchObject({ dispatched: true, conclusion: 'success' })
  expect(results[0]?.jobs?.map(job => job.name)).toEqual(['lint, test'])
})

test("repository: ['o/a,o/b'] is one value: refused as one invalid name, nothing sent", async () => {
  const attempt = dispatch({
    appId: app.id,
    privateKey: app.privateKey,
    repository: ['octo-org/a,octo-org/b'],
    eventType: 'deploy',
    apiUrl: gh.url
  })
  await expect(attempt).rejects.toBeInstanceOf(InputError)
  await expect(attempt).rejects.toMatchObject({
    input: 'repository',
    message: expect.stringMatching(/^Option 'repository': invalid repository 'octo-org\/a,octo-org\/b'\./)
  })
  expect(gh.dispatches).toEqual([])
  expect(gh.requests).toEqual([])
})

test('a string still holds several, as in the action: separated by commas or newlines', async () => {
  const results = await dispatch({
    appId: app.id,
    privateKey: app.privateKey,
    repository: 'octo-org/a, octo-org/b',
    eventType: 'deploy',
    apiUrl: gh.url
  })
  expect(results.map(result => result.repository)).toEqual(['octo-org/a', 'octo-org/b'])
})
