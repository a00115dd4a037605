/**
 * wait-jobs through the bundled CLI, run as a child process against the
 * emulator: --wait-jobs (repeated or comma-separated, matrix names kept
 * whole), exit 0 / 1 / 2, names inert on stderr.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { GitHubEmulator, ROUTES } from '../../../emulator/github-emulator.js'
import { runCli } from '../../support/run-cli.js'
import { addJobWorkflows, JOBS_OWNER, listJobLater, runStatus } from '../../support/job-workflows.js'
import { runnerCommands } from '../../support/runner-log.js'

let gh: GitHubEmulator
let env: Record<string, string>

beforeAll(async () => {
  gh = new GitHubEmulator()
  await gh.start()
  const app = gh.createApp()
  addJobWorkflows(gh, app)
  env = { GITHUB_APP_ID: String(app.id), GITHUB_APP_PRIVATE_KEY: app.privateKey, GITHUB_API_URL: gh.url }
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})

const waitFor = (repo: string, ...flags: string[]) =>
  runCli(['--repository', `${JOBS_OWNER}/${repo}`, '--event-type', 'deploy', '--wait', '--poll-interval', '1', '--json', ...flags], env)

test('a named job that finishes before the run: exit 0, its outputs and jobs in --json', async () => {
  const result = await waitFor('early', '--wait-jobs', 'build', '--outputs-artifact', 'outputs.json')
  expect(result.code).toBe(0)
  expect(runStatus(gh, 'early')).toBe('in_progress')
  expect(JSON.parse(result.stdout)[0]).toMatchObject({
    conclusion: 'success',
    outputs: { image: 'registry.example/app:42' },
    jobs: [{ name: 'build', conclusion: 'success' }]
  })
  expect(result.stderr).toMatch(/jobs-org\/early: run #1: job 'build' .*completed \(success\)/)
})

test('a failing named job: exit 1, the job named', async () => {
  const result = await waitFor('failing', '--wait-jobs', 'build')
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(/^app-dispatch: In run #1 in jobs-org\/failing, job 'build' concluded failure/m)
})

test('an unknown name: exit 1, naming it and the jobs that exist, in the CLI words', async () => {
  const result = await waitFor('unknown', '--wait-jobs', 'deploy')
  expect(result.code).toBe(1)
  expect(result.stderr).toContain(
    "app-dispatch: run #1 in jobs-org/unknown completed without a job named 'deploy'; its jobs: build, test. Check --wait-jobs:"
  )
})

test('a job listed late is waited for', async () => {
  const stop = listJobLater(gh, ROUTES.runJobs)
  try {
    const result = await waitFor('late', '--wait-jobs', 'deploy')
    expect(result.code).toBe(0)
    expect(result.stderr).toContain("lists no job named 'deploy' yet")
  } finally {
    stop()
  }
})

test('matrix: --wait-jobs repeated and comma-separated, a full name with its comma kept whole', async () => {
  const result = await waitFor('matrix', '--wait-jobs', 'build (ubuntu, 22),e2e', '--wait-jobs', 'builder', '--wait-timeout', '3')
  // e2e goes on with the run: the wait times out, naming it; the others were done.
  expect(result.code).toBe(1)
  const [target] = JSON.parse(result.stdout)
  expect(target.jobs.map((j: { name: string }) => j.name)).toEqual(['build (ubuntu, 22)', 'builder', 'e2e'])
  expect(result.stderr).toContain(
    "job 'builder' (in_progress), job 'e2e' (in_progress) of run #1 in jobs-org/matrix did not finish within 3s"
  )
})

test('job names are inert on stderr', async () => {
  const result = await waitFor('hostile', '--wait-jobs', 'evil')
  expect(result.code).toBe(0)
  expect(runnerCommands(result.stderr).filter(c => c.message.includes('forged'))).toEqual([])
  expect(result.stderr).toContain('##%5Bwarning]forged')
})

test('--wait-jobs without --wait: exit 2 before anything is sent', async () => {
  const result = await runCli(['--repository', `${JOBS_OWNER}/early`, '--event-type', 'deploy', '--wait-jobs', 'build'], env)
  expect(result.code).toBe(2)
  expect(result.stderr).toContain('--wait-jobs: needs --wait')
  expect(gh).toHaveSentNothing()
})
