/**
 * A cancelled step while GitHub hangs (cancelled as the runner does: SIGINT,
 * then SIGTERM at +7.5 s and SIGKILL at +10 s): the step ends on its own
 * before SIGKILL, every token it got is revoked, and it says what was sent,
 * not sent, or unknown. These run in real time: the cancellation window
 * (src/auth/cleanup-window.ts) is what they prove.
 */
import { describe, expect, test } from '@jest/globals'
import { resultsOf, ROUTES, sigintOnRequest } from '../../support/fixture.js'
import { waitUntil } from '../../support/wait-until.js'
import { useFixture } from '../../support/use.js'

const f = useFixture()

// GitHub never answers these requests (10 minutes): a step that ends at all did not wait for the answer.
const NEVER = 600_000
/** GitHub saw the client hang up on every request to `route` (the socket closes as the step's process ends). */
const abandoned = (route: string) =>
  waitUntil(`the requests to ${route} abandoned`, () => {
    const statuses = f.gh.requestsFor(route).map(r => r.status)
    return statuses.length > 0 && statuses.every(status => status === 'abandoned')
  })

describe('cancellation while GitHub hangs: the step ends on its own before SIGKILL, tokens revoked, says what was sent', () => {
  test('hanging on the dispatch: the dispatch is abandoned, its delivery reported unknown, the token revoked', async () => {
    f.gh.setRouteLatency(ROUTES.dispatches, NEVER)
    const cancel = sigintOnRequest(f.gh, ROUTES.dispatches)
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy' }, {}, cancel.onStart)
    expect(cancel.killed()).toBe(false)
    await abandoned(ROUTES.dispatches)
    expect(f.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
    expect(result.code).toBe(1)
    expect(f.gh).toHaveRevokedEveryToken()
    expect(result.stdout).toMatch(/Cancelled\. Unknown .*: octo-org\/deploy\.$/m)
    expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: 'unknown' })
    expect(result.errors[0]).toContain('The step was cancelled')
    expect(result.errors[0]).toContain('whether GitHub received it is unknown')
  })

  test('a token request that never answers: given up within the window, nothing minted or sent', async () => {
    f.gh.setRouteLatency(ROUTES.accessTokens, NEVER)
    const cancel = sigintOnRequest(f.gh, ROUTES.accessTokens)
    const result = await f.run({ repository: 'octo-org/deploy,octo-org/docs', 'event-type': 'deploy' }, {}, cancel.onStart)
    expect(cancel.killed()).toBe(false)
    await abandoned(ROUTES.accessTokens)
    expect(f.gh.requestsFor(ROUTES.accessTokens)).toHaveLength(1)
    expect(result.code).toBe(1)
    expect(f.gh.tokens.size).toBe(0)
    expect(f.gh.dispatches).toHaveLength(0)
    expect(result.stdout).toMatch(/Cancelled\. Not sent to: octo-org\/deploy, octo-org\/docs\.$/m)
  })

  test('a slow token request in flight at SIGINT: awaited, so its token is revoked; nothing dispatched', async () => {
    f.gh.setRouteLatency(ROUTES.accessTokens, 3_000)
    const cancel = sigintOnRequest(f.gh, ROUTES.accessTokens)
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy' }, {}, cancel.onStart)
    expect(cancel.killed()).toBe(false)
    expect(result.code).toBe(1)
    expect(f.gh.tokens.size).toBe(1)
    expect(f.gh).toHaveRevokedEveryToken()
    expect(f.gh.requestsFor(ROUTES.dispatches)).toHaveLength(0)
  })

  test('a revocation that hangs too is given up before SIGKILL, with a warning', async () => {
    f.gh.setRouteLatency(ROUTES.dispatches, NEVER)
    f.gh.setRouteLatency(ROUTES.revoke, NEVER)
    const cancel = sigintOnRequest(f.gh, ROUTES.dispatches)
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy' }, {}, cancel.onStart)
    expect(cancel.killed()).toBe(false)
    expect(result.code).toBe(1)
    await abandoned(ROUTES.revoke)
    expect(f.gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
    expect(result.stdout).toContain('Could not revoke a token')
  })
})
