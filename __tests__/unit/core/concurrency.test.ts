/**
 * The library in a long-lived process: concurrent dispatch() calls with
 * identical options each mint and revoke their own token, and a token GitHub
 * refuses while a wait polls ends that wait at once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { dispatch, failureMessage, type DispatchOptions } from '../../../src/lib/index.js'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { DISPATCH_AND_FOLLOW, startGitHub } from '../../support/github.js'
import { waitUntil } from '../../support/wait-until.js'

let gh: GitHubEmulator
let options: DispatchOptions

beforeAll(async () => {
  const local = await startGitHub({ permissions: DISPATCH_AND_FOLLOW })
  gh = local.gh
  const app = local.app
  gh.addWorkflow('octo-org/deploy', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 200, runMs: 1200, conclusion: 'success' }
  })
  options = {
    appId: app.id,
    privateKey: app.privateKey,
    repository: 'octo-org/deploy',
    eventType: 'deploy',
    apiUrl: gh.url,
    outputsArtifact: ''
  }
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})
afterEach(() => {
  // A test may slow the workflow down; later ones expect its usual pace.
  gh.workflows.forEach(w => Object.assign(w.lifecycle, { queuedMs: 200, runMs: 1200, conclusion: 'success' }))
})

test('concurrent calls with identical options: each mints and revokes its own token, none is refused', async () => {
  const calls = [
    dispatch(options),
    dispatch(options),
    dispatch(options),
    dispatch(options),
    dispatch({ ...options, wait: true, pollIntervalSeconds: 1 }),
    dispatch({ ...options, wait: true, pollIntervalSeconds: 1 }),
    // Times out early (1 s) while the others are still going.
    dispatch({ ...options, wait: true, pollIntervalSeconds: 1, waitTimeoutSeconds: 1 })
  ]
  const results = await Promise.all(calls)
  expect(results.slice(0, 6).map(failureMessage)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  expect(failureMessage(results[6] ?? [])).toMatch(/did not finish within 1s/)
  // One token per call, each revoked, and no request anywhere refused for a revoked token.
  const minted = gh.requestsFor(ROUTES.accessTokens)
  expect(minted).toHaveLength(7)
  expect(gh.tokens.size).toBe(7)
  expect(gh).toHaveRevokedEveryToken()
  expect(gh.requests.filter(r => r.status === 401)).toEqual([])
  expect(gh.requestsFor(ROUTES.revoke).map(r => r.status)).toEqual(Array(7).fill(204))
  // Each revocation used a different token: the call revoked only what it minted.
  const revokedWith = new Set(gh.requestsFor(ROUTES.revoke).map(r => String(r.headers.authorization)))
  expect(revokedWith.size).toBe(7)
}, 30_000)

test('a token GitHub refuses while polling ends the wait at once with advice', async () => {
  const slow = { queuedMs: 0, runMs: 60_000, conclusion: 'success' }
  gh.workflows.forEach(w => Object.assign(w.lifecycle, slow))
  const lines: string[] = []
  const pending = dispatch({
    ...options,
    wait: true,
    pollIntervalSeconds: 1,
    waitTimeoutSeconds: 600,
    logger: { info: l => lines.push(l), warning: l => lines.push(l) }
  })
  // Once the run is being followed, someone revokes the token (or it is deleted with the App).
  await waitUntil('the first poll of the run', () => gh.requestsFor(ROUTES.getRun).length > 0)
  for (const token of gh.tokens.values()) token.revoked = true
  const results = await pending
  // The wait ended at the refusal: the 60 s run still going, no poll after the 401.
  expect(gh.runState(gh.runs[0] as NonNullable<(typeof gh.runs)[0]>).status).toBe('in_progress')
  expect(gh.requestsFor(ROUTES.getRun).at(-1)?.status).toBe(401)
  expect(results[0]?.error).toMatch(/GitHub rejected the installation token \(HTTP 401.*the wait stopped/)
  // A 401 within 5 s of minting is retried (GitHub's replicas may not know a new token yet); after that, none.
  const refused = gh.requestsFor(ROUTES.getRun).filter(r => r.status === 401)
  const mintedAt = gh.requestsFor(ROUTES.accessTokens).at(-1)?.receivedAt ?? 0
  expect(refused.slice(1).every(r => r.receivedAt - mintedAt <= 5_000)).toBe(true)
  expect(refused.length).toBeLessThanOrEqual(6)
  expect(lines.filter(l => /trying again/.test(l))).toEqual([])
}, 30_000)
