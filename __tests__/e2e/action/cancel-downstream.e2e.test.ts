/**
 * Cancelling a chain, through the bundled action: with cancel-downstream, a
 * cancelled step (or one that timed out waiting) cancels the runs it started,
 * across installations and against a slow GitHub, and revokes every token
 * before the runner's SIGKILL; without it, a timed-out run is left alone.
 */
import { describe, expect, test } from '@jest/globals'
import { cancelLikeTheRunner, resultsOf, ROUTES, sigintOnRequest } from '../../support/fixture.js'
import { chainRunner, RUN_NAME, type Chain } from '../../support/chain.js'
import { DISPATCH_AND_FOLLOW } from '../../support/github.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    const app = f.gh.createApp()
    chain = chainRunner(f, app)
    f.gh.install({ app, account: 'chain-org', repositories: ['slow', 'plain'], permissions: DISPATCH_AND_FOLLOW })
    // Still running for a moment after it is found (not `quick`): the SIGINT test follows two runs at once.
    f.gh.addWorkflow('chain-org/plain', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 0, runMs: 300, conclusion: 'success' }
    })
    f.gh.addWorkflow('chain-org/slow', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 0, runMs: 120_000, conclusion: 'success' }
    })
    // A second owner of the same App, for cancellations across installations.
    f.gh.install({
      app,
      account: 'relay-org',
      repositories: ['slow', 'slow-b'],
      permissions: DISPATCH_AND_FOLLOW
    })
    for (const repo of ['relay-org/slow', 'relay-org/slow-b']) {
      f.gh.addWorkflow(repo, {
        file: 'deploy.yml',
        types: ['deploy'],
        runName: RUN_NAME,
        lifecycle: { queuedMs: 0, runMs: 120_000, conclusion: 'success' }
      })
    }
  }
})
let chain: Chain

describe('cancel what was started', () => {
  test('SIGINT while waiting: every followed run is cancelled, then the tokens revoked, well before SIGKILL', async () => {
    const cancel = sigintOnRequest(f.gh, ROUTES.getRun)
    const result = await chain(
      { repository: 'chain-org/slow,chain-org/plain', 'cancel-downstream': 'true', 'poll-interval': '5' },
      cancel.onStart
    )
    expect(cancel.killed()).toBe(false)
    expect(result.code).toBe(1)
    // GitHub had every revocation (the last of the clean-up) before the runner's SIGTERM, 7.5 s after SIGINT.
    const revokes = f.gh.requestsFor(ROUTES.revoke)
    expect(revokes.length).toBeGreaterThan(0)
    expect(Math.max(...revokes.map(r => r.receivedAt)) - cancel.sentAt()).toBeLessThan(7_500)
    const cancels = f.gh.requestsFor(ROUTES.cancelRun)
    expect(cancels.map(r => r.status)).toContain(202)
    expect(f.gh.runs.find(r => r.repository === 'chain-org/slow')?.cancelRequested).toBe(true)
    const slow = resultsOf(result.outputs).find(r => r['repository'] === 'chain-org/slow')
    expect(slow?.['cancel_requested']).toBe(true)
    // Cancel requests went out before the revocations.
    const lastCancel = Math.max(...cancels.map(r => r.receivedAt))
    const firstRevoke = Math.min(...f.gh.requestsFor(ROUTES.revoke).map(r => r.receivedAt))
    expect(lastCancel).toBeLessThanOrEqual(firstRevoke)
    expect(f.gh).toHaveRevokedEveryToken()
    // The token asked for Actions: write, which cancelling needs.
    expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toMatchObject({ permissions: { contents: 'write', actions: 'write' } })
  })

  test('a slow GitHub (4 s to cancel, 4 s to revoke), two owners, three runs: all cancelled, every token revoked before SIGKILL', async () => {
    f.gh.setRouteLatency(ROUTES.cancelRun, 4_000)
    f.gh.setRouteLatency(ROUTES.revoke, 4_000)
    const followed = () => new Set(f.gh.requestsFor(ROUTES.getRun).map(r => r.path)).size >= 3
    const cancel = cancelLikeTheRunner(followed)
    const result = await chain(
      { repository: 'chain-org/slow,relay-org/slow,relay-org/slow-b', 'cancel-downstream': 'true', 'poll-interval': '1' },
      cancel.onStart
    )
    expect(cancel.killed()).toBe(false)
    expect(result.code).toBe(1)
    expect(f.gh.requestsFor(ROUTES.cancelRun).map(r => r.status)).toEqual([202, 202, 202])
    expect(f.gh.runs.map(r => r.cancelRequested)).toEqual([true, true, true])
    expect(resultsOf(result.outputs).map(r => r['cancel_requested'])).toEqual([true, true, true])
    expect(f.gh.tokens.size).toBe(2)
    expect(f.gh).toHaveRevokedEveryToken()
  }, 60_000)

  test('wait-timeout with cancel-downstream: the run is cancelled', async () => {
    const result = await chain({ repository: 'chain-org/slow', 'cancel-downstream': 'true', 'wait-timeout': '2' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('chain-org/slow: requested cancellation of run #1.')
    expect(resultsOf(result.outputs)[0]?.['cancel_requested']).toBe(true)
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('without cancel-downstream a timed-out run is left alone', async () => {
    const result = await chain({ repository: 'chain-org/slow', 'wait-timeout': '1' })
    expect(result.code).toBe(1)
    expect(f.gh.requestsFor(ROUTES.cancelRun)).toHaveLength(0)
    expect(resultsOf(result.outputs)[0]?.['cancel_requested']).toBeUndefined()
  })
})
