/**
 * wait-jobs through the bundled action, as the runner runs it: the wait ends
 * with the named jobs (not the run), their conclusion is the step's, outputs
 * uploaded by them come back while the run goes on and show in the summary, a
 * failing job fails the step with one ::error:: and its log excerpt, and job
 * names are inert in the log and the summary. Each other condition (an
 * unknown name, a job not listed yet, matrix legs, a timeout with
 * cancel-downstream, wait-jobs without wait) runs the action's path
 * in-process on the virtual clock: unit/core/wait/wait-jobs.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { resultsOf, ROUTES, type Fixture } from '../../support/fixture.js'
import { OWN_COMMANDS, runnerCommands } from '../../support/runner-log.js'
import { addJobWorkflows, JOBS_OWNER, runStatus } from '../../support/job-workflows.js'
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
})
