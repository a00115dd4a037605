/**
 * wait-jobs (src/core/wait/jobs.ts), one condition at a time: the action's
 * path in-process (support/action-in-process.ts) against the emulator, on a
 * VirtualClock that is also the emulator's time, so the runs' minutes and the
 * wait's timeout pass in milliseconds. An unknown name, a job not listed yet,
 * matrix legs by the name before ' (' or by the full name, a timeout with
 * cancel-downstream, and wait-jobs without wait refused, each in the action's
 * words. The contract through the bundle (the step ends with the named job
 * while the run goes on, its outputs and the summary; a failing job fails the
 * step with one ::error:: and its log excerpt; job names inert in the log and
 * the summary) is e2e/action/wait-jobs.e2e.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { ROUTES } from '../../../../emulator/github-emulator.js'
import { inputRefusal, runActionInProcess, runCheckedInProcess, type ActionStep } from '../../../support/action-in-process.js'
import { stackLines } from '../../../support/fixture.js'
import { addJobWorkflows, JOBS_OWNER, listJobLater } from '../../../support/job-workflows.js'
import { useGitHubOnClock } from '../../../support/use.js'

const local = useGitHubOnClock({ setup: ({ gh, app }) => addJobWorkflows(gh, app) })

const inputsFor = (repo: string, jobs: string, inputs: Record<string, string> = {}): Record<string, string> => ({
  'app-id': String(local.app.id),
  'private-key': local.app.privateKey,
  repository: `${JOBS_OWNER}/${repo}`,
  'event-type': 'deploy',
  wait: 'true',
  'poll-interval': '1',
  'wait-jobs': jobs,
  ...inputs
})

/** The step as the bundle test runs it (dispatch 'deploy', wait on `jobs`, poll every second); fails the test on any secret in what the user sees. */
async function waitFor(repo: string, jobs: string, inputs: Record<string, string> = {}): Promise<ActionStep> {
  return runCheckedInProcess({ apiUrl: local.gh.url, inputs: inputsFor(repo, jobs, inputs), clock: local.clock }, local.gh.secrets())
}

/** The conclusion output, as src/action/run.ts sets it: the first target's conclusion, '' when it has none. */
const conclusionOutput = (step: ActionStep): string => step.results[0]?.conclusion ?? ''
const jobsOf = (step: ActionStep) => step.results[0]?.jobs ?? []

describe('wait-jobs in the action', () => {
  test('an unknown name fails once the run has completed, naming it and the jobs that exist', async () => {
    const step = await waitFor('unknown', 'build, deploy')
    expect(step.error).toBe(
      "run #1 in jobs-org/unknown completed without a job named 'deploy'; its jobs: build, test. Check wait-jobs: a job's name is its `name:` (its id when it has none); a matrix job matches by its full name or the name before ' ('."
    )
    expect(conclusionOutput(step)).toBe('')
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('a job not listed yet is waited for, not called unknown', async () => {
    const stop = listJobLater(local.gh, ROUTES.runJobs, 2, local.clock.now)
    try {
      const step = await waitFor('late', 'deploy')
      expect(step.error).toBeUndefined()
      expect(step.log).toContainEqual(expect.stringContaining("jobs-org/late: run #1 lists no job named 'deploy' yet (jobs so far: build)"))
      expect(jobsOf(step)).toEqual([expect.objectContaining({ name: 'deploy', conclusion: 'success' })])
      expect(local.gh).toHaveRevokedEveryToken()
    } finally {
      stop()
    }
  })

  test('a matrix job by the name before " (": every leg is waited for, and one failed leg fails the step', async () => {
    const step = await waitFor('matrix', 'build')
    expect(conclusionOutput(step)).toBe('failure')
    // `builder` is another job, not a leg of build.
    expect(jobsOf(step).map(j => [j.name, j.conclusion])).toEqual([
      ['build (ubuntu, 22)', 'success'],
      ['build (windows, 22)', 'failure']
    ])
    expect(step.error).toContain("job 'build (windows, 22)' concluded failure")
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('a matrix job by its full name, commas and all: only that leg', async () => {
    const step = await waitFor('matrix', 'build (ubuntu, 22)')
    expect(step.error).toBeUndefined()
    expect(jobsOf(step).map(j => j.name)).toEqual(['build (ubuntu, 22)'])
    expect(conclusionOutput(step)).toBe('success')
  })

  test('timeout with cancel-downstream: the run is cancelled, and the message names the job still going', async () => {
    const step = await waitFor('slow', 'build', { 'wait-timeout': '2', 'cancel-downstream': 'true' })
    expect(step.error).toMatch(/^job 'build' \(in_progress\) of run #1 in jobs-org\/slow did not finish within 2s/)
    expect(local.gh.requestsFor(ROUTES.cancelRun).map(r => r.status)).toEqual([202])
    expect(step.results[0]?.cancel_requested).toBe(true)
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('wait-jobs without wait is refused before anything is sent', async () => {
    const inputs = { ...inputsFor('early', 'build'), wait: 'false' }
    const error = await inputRefusal(runActionInProcess({ apiUrl: local.gh.url, inputs, clock: local.clock }))
    expect(error).toMatch(/Input 'wait-jobs': needs wait/)
    expect(stackLines(error)).toEqual([])
    expect(local.gh).toHaveSentNothing()
  })
})
