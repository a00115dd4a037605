/**
 * wait-jobs through the library, in-process against the emulator: the
 * waitJobs option (a string or an array), results carrying the waited jobs,
 * and the same errors as the action in the library's words.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { dispatch, failureMessage, InputError } from '../../../src/lib/index.js'
import { GitHubEmulator, ROUTES } from '../../../emulator/github-emulator.js'
import { addJobWorkflows, JOBS_OWNER, listJobLater, runStatus } from '../../support/job-workflows.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>

beforeAll(async () => {
  gh = new GitHubEmulator()
  await gh.start()
  app = gh.createApp()
  addJobWorkflows(gh, app)
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})

const waitFor = (repo: string, waitJobs: string | string[], lines: string[] = []) =>
  dispatch({
    appId: app.id,
    privateKey: app.privateKey,
    repository: `${JOBS_OWNER}/${repo}`,
    eventType: 'deploy',
    apiUrl: gh.url,
    wait: true,
    pollIntervalSeconds: 1,
    waitTimeoutSeconds: 60,
    waitJobs,
    outputsArtifact: 'outputs.json',
    logger: { info: line => lines.push(line) }
  })

test('a named job that finishes before the run: its conclusion and outputs, while the run goes on', async () => {
  const [result] = await waitFor('early', ['build'])
  expect(runStatus(gh, 'early')).toBe('in_progress')
  expect(result).toMatchObject({
    dispatched: true,
    status: 'completed',
    conclusion: 'success',
    outputs: { image: 'registry.example/app:42' },
    jobs: [{ name: 'build', status: 'completed', conclusion: 'success', id: expect.any(Number) }]
  })
  expect(result?.error).toBeUndefined()
  expect(gh).toHaveRevokedEveryToken()
})

test('a failing named job: the result fails, naming the job; failed_jobs holds only it', async () => {
  const results = await waitFor('failing', 'build')
  expect(results[0]?.conclusion).toBe('failure')
  expect(results[0]?.failed_jobs?.map(j => j.name)).toEqual(['build'])
  expect(failureMessage(results)).toMatch(/^In run #1 in jobs-org\/failing, job 'build' concluded failure/)
})

test("an unknown name: the error names it and the jobs that exist, in the library's words", async () => {
  const results = await waitFor('unknown', 'deploy')
  expect(results[0]?.conclusion).toBeNull()
  expect(failureMessage(results)).toBe(
    "run #1 in jobs-org/unknown completed without a job named 'deploy'; its jobs: build, test. Check waitJobs: a job's name is its `name:` (its id when it has none); a matrix job matches by its full name or the name before ' ('."
  )
})

test('a job listed late is waited for', async () => {
  const lines: string[] = []
  const stop = listJobLater(gh, ROUTES.runJobs)
  try {
    const [result] = await waitFor('late', 'deploy', lines)
    expect(result?.conclusion).toBe('success')
    expect(lines).toContain(
      "jobs-org/late: run #1 lists no job named 'deploy' yet (jobs so far: build); waiting, since jobs that need others are listed when their turn comes."
    )
  } finally {
    stop()
  }
})

test('matrix legs by the name before " (" and by the full name', async () => {
  const [all] = await waitFor('matrix', 'build')
  expect(all?.jobs?.map(j => j.name)).toEqual(['build (ubuntu, 22)', 'build (windows, 22)'])
  expect(all?.conclusion).toBe('failure')
  const [one] = await waitFor('matrix', ['build (ubuntu, 22)'])
  expect(one?.jobs?.map(j => j.name)).toEqual(['build (ubuntu, 22)'])
  expect(one?.conclusion).toBe('success')
})

test('waitJobs is checked before anything is sent', async () => {
  const before = gh.requests.length
  const base = { appId: app.id, privateKey: app.privateKey, repository: `${JOBS_OWNER}/early`, eventType: 'deploy', apiUrl: gh.url }
  await expect(dispatch({ ...base, waitJobs: 'build' })).rejects.toMatchObject({
    message: "Option 'waitJobs': needs wait: it says which jobs of the followed run to wait for. Turn wait on or remove waitJobs."
  })
  await expect(dispatch({ ...base, wait: true, waitJobs: 'build (ubuntu, 22' })).rejects.toBeInstanceOf(InputError)
  await expect(dispatch({ ...base, wait: true, waitJobs: [' ', ','] })).rejects.toMatchObject({ input: 'wait-jobs' })
  await expect(dispatch({ ...base, wait: true, waitJobs: { build: true } as unknown as string })).rejects.toMatchObject({
    message: "Option 'waitJobs': is an object; expected a string or an array of strings."
  })
  expect(gh.requests.length).toBe(before)
})
