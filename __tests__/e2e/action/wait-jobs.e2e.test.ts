/**
 * wait-jobs through the bundled action, as the runner runs it: the wait ends
 * with the named jobs (not the run), their conclusion is the step's, outputs
 * uploaded by them come back while the run goes on, an unknown name fails
 * naming the jobs that exist, matrix jobs match by the name before ' (', and
 * job names are inert in the log and the summary.
 */
import { describe, expect, test } from '@jest/globals'
import { expectInputRefused, resultsOf, ROUTES, type Fixture } from '../../support/fixture.js'
import { OWN_COMMANDS, runnerCommands } from '../../support/runner-log.js'
import { addJobWorkflows, JOBS_OWNER, listJobLater, runStatus } from '../../support/job-workflows.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    app = f.gh.createApp()
    addJobWorkflows(f.gh, app)
  }
})
let app: Fixture['app']

const waitFor = (repo: string, jobs: string, inputs: Record<string, string> = {}) =>
  f.run({
    'app-id': String(app.id),
    'private-key': app.privateKey,
    repository: `${JOBS_OWNER}/${repo}`,
    'event-type': 'deploy',
    wait: 'true',
    'poll-interval': '1',
    'wait-jobs': jobs,
    ...inputs
  })

describe('wait-jobs in the action', () => {
  test('a named job that finishes before the run: the step succeeds with its outputs while the run goes on', async () => {
    const result = await waitFor('early', 'build', { 'outputs-artifact': 'outputs.json' })
    expect(result.code).toBe(0)
    expect(runStatus(f.gh, 'early')).toBe('in_progress')
    expect(result.outputs['conclusion']).toBe('success')
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ image: 'registry.example/app:42' })
    const [target] = resultsOf(result.outputs)
    expect(target?.['jobs']).toEqual([
      expect.objectContaining({ name: 'build', status: 'completed', conclusion: 'success', url: expect.stringMatching(/\/job\/\d+$/) })
    ])
    expect(target?.['status']).toBe('completed')
    expect(result.stdout).toMatch(/jobs-org\/early: run #1: job 'build' .*completed \(success\)/)
    expect(result.summary).toContain('Waited jobs')
    expect(result.summary).toMatch(/job <a href="[^"]+\/job\/\d+">build<\/a> success/)
    expect(f.gh.requestsFor(ROUTES.cancelRun)).toHaveLength(0)
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('a failing named job fails the step, and only its failure is explained (not the other failed job)', async () => {
    const result = await waitFor('failing', 'build')
    expect(result.code).toBe(1)
    expect(runStatus(f.gh, 'failing')).toBe('in_progress')
    expect(result.outputs['conclusion']).toBe('failure')
    expect(result.errors).toEqual([expect.stringMatching(/^::error::In run #1 in jobs-org\/failing, job 'build' concluded failure \(http/)])
    expect(resultsOf(result.outputs)[0]?.['failed_jobs']).toEqual([
      { name: 'build', url: expect.any(String), conclusion: 'failure', failed_steps: ['Compile'] }
    ])
    expect(result.stdout).toContain('error: build failed')
    expect(result.stdout).not.toContain('lint log')
    const commands = runnerCommands(result.stdout)
    expect(commands.filter(c => !OWN_COMMANDS.has(c.name) || c.message === 'forged' || c.properties['title'] === 'pwned')).toEqual([])
  })

  test('an unknown name fails once the run has completed, naming it and the jobs that exist', async () => {
    const result = await waitFor('unknown', 'build, deploy')
    expect(result.code).toBe(1)
    expect(result.errors).toEqual([
      "::error::run #1 in jobs-org/unknown completed without a job named 'deploy'; its jobs: build, test. Check wait-jobs: a job's name is its `name:` (its id when it has none); a matrix job matches by its full name or the name before ' ('."
    ])
    expect(result.outputs['conclusion']).toBe('')
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('a job not listed yet is waited for, not called unknown', async () => {
    const stop = listJobLater(f.gh, ROUTES.runJobs)
    try {
      const result = await waitFor('late', 'deploy')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain("jobs-org/late: run #1 lists no job named 'deploy' yet (jobs so far: build)")
      expect(resultsOf(result.outputs)[0]?.['jobs']).toEqual([expect.objectContaining({ name: 'deploy', conclusion: 'success' })])
    } finally {
      stop()
    }
  })

  test('a matrix job by the name before " (": every leg is waited for, and one failed leg fails the step', async () => {
    const result = await waitFor('matrix', 'build')
    expect(result.code).toBe(1)
    expect(result.outputs['conclusion']).toBe('failure')
    const jobs = resultsOf(result.outputs)[0]?.['jobs'] as Array<Record<string, unknown>>
    // `builder` is another job, not a leg of build.
    expect(jobs.map(j => [j['name'], j['conclusion']])).toEqual([
      ['build (ubuntu, 22)', 'success'],
      ['build (windows, 22)', 'failure']
    ])
    expect(result.errors[0]).toContain("job 'build (windows, 22)' concluded failure")
  })

  test('a matrix job by its full name, commas and all: only that leg', async () => {
    const result = await waitFor('matrix', 'build (ubuntu, 22)')
    expect(result.code).toBe(0)
    expect((resultsOf(result.outputs)[0]?.['jobs'] as unknown[]).length).toBe(1)
    expect(result.outputs['conclusion']).toBe('success')
  })

  test('timeout with cancel-downstream: the run is cancelled, and the message names the job still going', async () => {
    const result = await waitFor('slow', 'build', { 'wait-timeout': '2', 'cancel-downstream': 'true' })
    expect(result.code).toBe(1)
    expect(result.errors[0]).toMatch(/^::error::job 'build' \(in_progress\) of run #1 in jobs-org\/slow did not finish within 2s/)
    expect(f.gh.requestsFor(ROUTES.cancelRun).map(r => r.status)).toEqual([202])
    expect(resultsOf(result.outputs)[0]?.['cancel_requested']).toBe(true)
  })

  test('job names from the run are inert in the log and the summary', async () => {
    const result = await waitFor('hostile', 'evil')
    expect(result.code).toBe(0)
    const commands = runnerCommands(result.stdout)
    expect(commands.filter(c => !OWN_COMMANDS.has(c.name) || c.message.includes('forged'))).toEqual([])
    expect(result.stdout).toContain('##%5Bwarning]forged')
    expect(result.summary).not.toContain('<img')
    expect(result.summary).not.toContain('##[warning]')
    expect(result.summary).toContain('&#60;img src=x onerror=alert&#40;1&#41;&#62;')
  })

  test('wait-jobs without wait is refused before anything is sent', async () => {
    const result = await f.run({ repository: `${JOBS_OWNER}/early`, 'event-type': 'deploy', 'wait-jobs': 'build' })
    expectInputRefused(result, f.gh, /Input 'wait-jobs': needs wait/)
  })
})
