/**
 * A failed run explains itself, through the bundled action: the step names
 * the failed jobs and steps and prints the log's tail, every line of it
 * inert; a huge log is read from its end with a Range request, and a storage
 * host that ignores Range is read no further than the limit.
 */
import { describe, expect, test } from '@jest/globals'
import { resultsOf, ROUTES } from '../../support/fixture.js'
import { chainRunner, noStorageAuthorization, quick, RUN_NAME, type Chain } from '../../support/chain.js'
import { OWN_COMMANDS, runnerCommands } from '../../support/runner-log.js'
import { DISPATCH_AND_FOLLOW } from '../../support/github.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    const app = f.gh.createApp()
    chain = chainRunner(f, app)
    f.gh.install({ app, account: 'chain-org', repositories: ['failing', 'huge-log', 'matrix'], permissions: DISPATCH_AND_FOLLOW })
    const failingJobs = () => [
      { name: 'build', conclusion: 'success', steps: [{ name: 'Compile', conclusion: 'success' }] },
      {
        name: 'deploy',
        conclusion: 'failure',
        steps: [
          { name: 'Check out', conclusion: 'success' },
          { name: 'Deploy to production', conclusion: 'failure' },
          { name: 'Notify', conclusion: 'skipped' }
        ],
        log: HOSTILE_LOG
      }
    ]
    f.gh.addWorkflow('chain-org/failing', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { ...quick, conclusion: 'failure' },
      jobs: failingJobs
    })
    f.gh.addWorkflow('chain-org/huge-log', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { ...quick, conclusion: 'failure' },
      jobs: () => [
        {
          name: 'e2e',
          conclusion: 'failure',
          steps: [{ name: 'Test', conclusion: 'failure' }],
          log: { size: 2 * 1024 ** 3, filler: 'noise noise noise\n', tail: 'last-but-one\nTHE LAST LINE\n' }
        }
      ]
    })
    // A matrix of 130 jobs: GitHub lists at most 100 per page, and the two that failed are on the second page.
    f.gh.addWorkflow('chain-org/matrix', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { ...quick, conclusion: 'failure' },
      jobs: () =>
        Array.from({ length: 130 }, (_, i) => ({
          name: `shard (${i + 1})`,
          conclusion: i === 110 || i === 125 ? 'failure' : 'success',
          steps: [{ name: 'Test', conclusion: i === 110 || i === 125 ? 'failure' : 'success' }],
          log: `2026-11-28T10:00:00.0000000Z shard ${i + 1} says goodbye`
        }))
    })
  }
})
let chain: Chain

const HOSTILE_LOG = [
  '2026-11-28T10:00:00.0000000Z ##[group]Run ./deploy.sh',
  '2026-11-28T10:00:01.0000000Z ::stop-commands::x',
  '2026-11-28T10:00:01.1000000Z ::warning title=pwned::forged',
  '2026-11-28T10:00:01.2000000Z # Heading from the log',
  '2026-11-28T10:00:02.0000000Z Error: deploy failed: connection refused',
  '2026-11-28T10:00:02.1000000Z ##[error]Process completed with exit code 1.'
].join('\n')

describe('why it failed', () => {
  test('names the failed job and step, shows the log tail in a group, every hostile line inert', async () => {
    const result = await chain({ repository: 'chain-org/failing' })
    expect(result.code).toBe(1)
    const commands = runnerCommands(result.stdout)
    // Only the action's own commands, and none carrying the log's forged ones.
    expect(commands.filter(c => !OWN_COMMANDS.has(c.name) || c.message === 'forged' || c.properties['title'] === 'pwned')).toEqual([])
    expect(commands.filter(c => c.name === 'group').map(c => c.message)).toEqual(["Last 6 lines of 'deploy' in chain-org/failing (run #1)"])
    expect(result.stdout).toMatch(
      /chain-org\/failing: run #1: job 'deploy' failure; failed steps: Deploy to production: http:\/\/\S+\/job\/\d+/
    )
    expect(result.stdout).toContain('Error: deploy failed: connection refused')
    expect(result.stdout).toContain('%3A:stop-commands::x')
    expect(result.stdout).toContain('##%5Berror]Process completed with exit code 1.')
    const failed = resultsOf(result.outputs)[0]?.['failed_jobs']
    expect(failed).toEqual([
      { name: 'deploy', url: expect.stringMatching(/\/job\/\d+$/), conclusion: 'failure', failed_steps: ['Deploy to production'] }
    ])
    // Summary: the job and step named, with a link; nothing from the log.
    expect(result.summary).toContain('Deploy to production')
    expect(result.summary).not.toContain('Heading from the log')
    noStorageAuthorization(f.gh)
  })

  test('a 2 GB log is not downloaded: its tail is read with a Range request', async () => {
    const result = await chain({ repository: 'chain-org/huge-log', 'failure-log-lines': '2' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('THE LAST LINE')
    expect(result.stdout).toContain('last-but-one')
    const read = f.gh.storage.requests.reduce((sum, r) => sum + r.bytesSent, 0)
    expect(read).toBeLessThanOrEqual(64 * 1024)
  })

  test('a storage host that ignores Range: reading stops at the limit, the tail is not claimed', async () => {
    f.gh.storage.honourRange = false
    const result = await chain({ repository: 'chain-org/huge-log', 'failure-log-lines': '2' })
    expect(result.code).toBe(1)
    const read = f.gh.storage.requests.reduce((sum, r) => sum + r.bytesSent, 0)
    expect(read).toBeLessThan(64 * 1024 * 1024)
  })

  test('a matrix of more than 100 jobs: the failed jobs on the second page are named too', async () => {
    const result = await chain({ repository: 'chain-org/matrix' })
    expect(result.code).toBe(1)
    const failed = resultsOf(result.outputs)[0]?.['failed_jobs'] as Array<{ name: string }> | undefined
    expect(failed?.map(job => job.name)).toEqual(['shard (111)', 'shard (126)'])
    expect(result.stdout).toContain('shard 126 says goodbye')
    const pages = f.gh.requestsFor(ROUTES.runJobs).map(r => r.query['page'] ?? '1')
    expect(pages).toEqual(['1', '2'])
  })

  test('failure-log-lines 0: no jobs are listed', async () => {
    const result = await chain({ repository: 'chain-org/failing', 'failure-log-lines': '0' })
    expect(result.code).toBe(1)
    expect(f.gh.requestsFor(ROUTES.runJobs)).toHaveLength(0)
  })
})
