/**
 * The wait in virtual time: the core in-process against the emulator, with a
 * VirtualClock passed as the environment's clock and as the emulator's time
 * source, so runs age, tokens expire, polls and backoffs wait in minutes of
 * the clock and milliseconds of real time. (wait.e2e.test.ts and
 * wait-faults.e2e.test.ts prove the same paths through the bundle, in seconds
 * of real time.)
 *
 * The App's JWT is signed by @octokit/auth-app on the real clock and is good
 * for about 10 minutes; every JWT request here happens in the first ten
 * virtual minutes (the lookup, and the token mints), as it would for GitHub.
 */
import { expect, test } from '@jest/globals'
import { dispatchPlan } from '../../../../src/core/dispatch.js'
import { ACTION_TERMS } from '../../../../src/model/input-table.js'
import { renderResults } from '../../../../src/model/placeholders.js'
import { planFromOptions } from '../../../../src/lib/options.js'
import { ROUTES, type GitHubEmulator } from '../../../../emulator/github-emulator.js'
import { DISPATCH_AND_FOLLOW } from '../../../support/github.js'
import { useGitHubOnClock } from '../../../support/use.js'

import { sign } from 'node:crypto'
import { jwtFromSigner } from '../../../../src/auth/app-jwt.js'

const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'
const MINUTE = 60_000

let options: Parameters<typeof planFromOptions>[0]
let workflow: ReturnType<GitHubEmulator['addWorkflow']>

const local = useGitHubOnClock({
  permissions: DISPATCH_AND_FOLLOW,
  setup: ({ gh, app }) => {
    workflow = gh.addWorkflow('octo-org/deploy', { file: 'deploy.yml', types: ['deploy'], runName: RUN_NAME })
    options = {
      appId: app.id,
      privateKey: app.privateKey,
      repository: 'octo-org/deploy',
      eventType: 'deploy',
      apiUrl: gh.url,
      wait: true,
      pollIntervalSeconds: 10,
      waitTimeoutSeconds: 600
    }
  }
})

/** Runs of the workflow take this long from now on (Infinity: they never complete). */
function runsTake(runMs: number): void {
  workflow.lifecycle = { queuedMs: 0, runMs, conclusion: 'success' }
}

function logger(): { info: string[]; warning: string[]; log: Parameters<typeof dispatchPlan>[1]['log'] } {
  const info: string[] = []
  const warning: string[] = []
  const log = {
    debug: () => undefined,
    info: (m: string) => void info.push(m),
    notice: () => undefined,
    warning: (m: string) => void warning.push(m)
  }
  return { info, warning, log }
}

async function dispatch(overrides: Partial<typeof options> = {}) {
  const output = logger()
  const results = await dispatchPlan(planFromOptions({ ...options, ...overrides }), {
    log: output.log,
    onSecret: () => undefined,
    userAgent: 'test',
    clock: local.clock
  })
  // As a front end does at its edge: input names in the action's words.
  const [result] = renderResults(results, ACTION_TERMS)
  return { result, ...output }
}

test('a run that never completes: the wait ends at wait-timeout (600 s) with the timeout message, the token revoked', async () => {
  runsTake(Infinity)
  const started = local.clock.now()
  const { result, info } = await dispatch()
  const run = local.gh.runs[0]
  expect(result?.error).toBe(
    `run #1 in octo-org/deploy did not finish within 10m 0s; its last status was in_progress (${local.gh.url}/octo-org/deploy/actions/runs/${run?.id}). Raise wait-timeout if it needs longer.`
  )
  expect(result).toMatchObject({ dispatched: true, run_id: run?.id, status: 'in_progress', conclusion: null })
  // Ten minutes of the clock, polled every 10 s: about 60 reads of the run, then a last look at the deadline.
  expect(local.clock.now() - started).toBeGreaterThanOrEqual(10 * MINUTE)
  expect(local.clock.now() - started).toBeLessThan(10 * MINUTE + 10_000)
  const reads = local.gh.requestsFor(ROUTES.getRun)
  expect(reads.length).toBeGreaterThanOrEqual(60)
  expect(reads.length).toBeLessThanOrEqual(62)
  expect(local.clock.waits.filter(ms => ms > 10_000)).toEqual([])
  // A heartbeat each minute while nothing changed, the last at the deadline's last look.
  expect(info.filter(m => m.includes(' still '))).toEqual(
    Array.from({ length: 10 }, (_, i) => `octo-org/deploy: run #1 still in_progress after ${i + 1}m 0s.`)
  )
  expect(local.gh.runState(run as NonNullable<typeof run>).status).toBe('in_progress')
  expect(local.gh.dispatches).toHaveLength(1)
  expect(local.gh).toHaveRevokedEveryToken()
})

test('cancel-downstream: after the 600 s timeout the run is asked to cancel, once', async () => {
  runsTake(Infinity)
  const { result, info } = await dispatch({ cancelDownstream: true })
  expect(result).toMatchObject({ dispatched: true, status: 'in_progress', cancel_requested: true })
  expect(result?.error).toMatch(/did not finish within 10m 0s/)
  const run = local.gh.runs[0] as NonNullable<(typeof local.gh.runs)[number]>
  expect(info).toContain(`octo-org/deploy: requested cancellation of run #1.`)
  // Asked once, at the deadline on GitHub's clock, not before.
  const cancels = local.gh.requestsFor(ROUTES.cancelRun)
  const sent = local.gh.requestsFor(ROUTES.dispatches)[0]?.clockAt ?? Infinity
  expect(cancels).toHaveLength(1)
  expect(cancels[0]?.clockAt).toBeGreaterThanOrEqual(sent + 10 * MINUTE)
  // GitHub then cancels it (the emulator takes 300 ms of its clock).
  local.clock.advance(local.gh.cancelDelayMs)
  expect(local.gh.runState(run)).toMatchObject({ status: 'completed', conclusion: 'cancelled' })
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a dispatch no workflow listens to: named early from the workflows, in a heartbeat a minute, and in the timeout message', async () => {
  const started = local.clock.now()
  const { result, info, warning } = await dispatch({ eventType: 'nobody-listens' })
  const distinctId = (local.gh.dispatches[0]?.client_payload as Record<string, string>)['distinct_id']
  const mismatch = 'no workflow on main of octo-org/deploy listens for `nobody-listens`; it listens for: deploy.'
  expect(result?.dispatched).toBe(true)
  expect(result?.error).toBe(
    `No run carrying distinct_id ${distinctId} appeared in octo-org/deploy within 10m 0s. Likely cause: ${mismatch}`
  )
  // Said once, as soon as the workflows were read: after 15 s without a run, well before the first minute.
  expect(warning).toEqual([`octo-org/deploy: ${mismatch}`])
  const contents = local.gh.requestsFor(ROUTES.contents)
  // As @octokit's own getContent sends it: the path's slashes escaped, which GitHub reads as slashes.
  expect(contents.map(r => decodeURIComponent(r.path))).toEqual([
    '/repos/octo-org/deploy/contents/.github/workflows',
    '/repos/octo-org/deploy/contents/.github/workflows/deploy.yml'
  ])
  const sent = local.gh.requestsFor(ROUTES.dispatches)[0]?.clockAt ?? 0
  expect(contents[0]?.clockAt).toBeGreaterThanOrEqual(sent + 15_000)
  expect(contents[0]?.clockAt).toBeLessThan(sent + MINUTE)
  // At most once a minute, counting minutes, naming the cause.
  expect(info.filter(m => m.includes('still looking'))).toEqual(
    Array.from(
      { length: 10 },
      (_, i) => `octo-org/deploy: still looking for the run carrying ${distinctId} (${i + 1} min). Likely cause: ${mismatch}`
    )
  )
  expect(local.clock.now() - started).toBeGreaterThanOrEqual(10 * MINUTE)
  expect(local.gh.requestsFor(ROUTES.listRuns).length).toBeGreaterThanOrEqual(60)
  expect(local.gh.dispatches).toHaveLength(1)
  expect(local.gh).toHaveRevokedEveryToken()
})

test('workflows that cannot be read: no finding, the heartbeat and the timeout name the likely causes', async () => {
  local.gh.fault(ROUTES.contents, { status: 403, body: { message: 'Resource not accessible by integration' }, times: 5 })
  const { result, info, warning } = await dispatch({ eventType: 'nobody-listens', waitTimeoutSeconds: 150 })
  const distinctId = (local.gh.dispatches[0]?.client_payload as Record<string, string>)['distinct_id']
  const causes =
    "Likely causes: the event type `nobody-listens` is not in the receiving workflow's `types:` (on.repository_dispatch.types), " +
    'the workflow is not on the default branch of octo-org/deploy, or its run-name does not carry the distinct_id ('
  expect(warning).toEqual([])
  expect(local.gh.requestsFor(ROUTES.contents)).toHaveLength(1)
  const beats = info.filter(m => m.includes('still looking'))
  expect(beats.map(m => m.slice(0, m.indexOf(' Likely')))).toEqual([
    `octo-org/deploy: still looking for the run carrying ${distinctId} (1 min).`,
    `octo-org/deploy: still looking for the run carrying ${distinctId} (2 min).`
  ])
  for (const beat of beats) expect(beat).toContain(causes)
  expect(result?.error).toContain(`appeared in octo-org/deploy within 2m 30s. ${causes}`)
  expect(result?.error).toContain('run-name: Deploy ${{ github.event.client_payload.distinct_id }}')
})

test('a workflow that lists the type (or lists none: all types): no finding, only the likely causes', async () => {
  const anyType = local.gh.addWorkflow('octo-org/deploy', { file: 'any.yml', types: [] })
  local.gh.setFile('octo-org/deploy', '.github/workflows/any.yml', 'on:\n  repository_dispatch:\njobs: {}\n')
  try {
    const { warning, result } = await dispatch({ eventType: 'nobody-listens', waitTimeoutSeconds: 60 })
    expect(local.gh.requestsFor(ROUTES.contents).length).toBeGreaterThanOrEqual(2)
    expect(warning).toEqual([])
    expect(result?.error).toContain("Likely causes: the event type `nobody-listens` is not in the receiving workflow's `types:`")
  } finally {
    local.gh.workflows.splice(local.gh.workflows.indexOf(anyType), 1)
  }
})

test('a run that appears at once: no workflow is read, no heartbeat', async () => {
  runsTake(0)
  const { result, info } = await dispatch()
  expect(result).toMatchObject({ dispatched: true, conclusion: 'success' })
  expect(local.gh.requestsFor(ROUTES.contents)).toEqual([])
  expect(info.filter(m => m.includes('still looking'))).toEqual([])
})

test('the heartbeat: one line a minute while the run is unchanged, then its conclusion', async () => {
  runsTake(150_000)
  const { result, info } = await dispatch()
  expect(result).toMatchObject({ dispatched: true, status: 'completed', conclusion: 'success' })
  expect(result?.error).toBeUndefined()
  const progress = info.filter(m => m.startsWith('octo-org/deploy: run #1 '))
  expect(progress.map(m => m.replace(/: http\S+$/, ''))).toEqual([
    'octo-org/deploy: run #1 in_progress',
    'octo-org/deploy: run #1 still in_progress after 1m 0s.',
    'octo-org/deploy: run #1 still in_progress after 2m 0s.',
    'octo-org/deploy: run #1 in_progress → completed (success)'
  ])
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a wait that outlives the token: fresh tokens are minted before expiry, each replaced one revoked during the wait', async () => {
  // Tokens live 4 minutes on the emulator's (virtual) clock; the run takes 8.
  local.gh.tokenLifetimeSeconds = 240
  runsTake(8 * MINUTE)
  const { result, info } = await dispatch()
  expect(result).toMatchObject({ dispatched: true, status: 'completed', conclusion: 'success' })
  expect(result?.error).toBeUndefined()
  const mints = local.gh.requestsFor(ROUTES.accessTokens)
  expect(mints.length).toBeGreaterThanOrEqual(3)
  expect(info.filter(m => m.startsWith('Minted a fresh token for deploy before the current one expires'))).toHaveLength(mints.length - 1)
  // GitHub never refused a token: each was replaced before it expired.
  expect(local.gh.requestsFor(ROUTES.getRun).every(r => r.status === 200 || r.status === 304)).toBe(true)
  // Every replaced token was revoked while the wait went on, not left to expire: the first revocations come before the last read.
  const order = (r: { method: string; path: string }) => local.gh.requests.indexOf(r as (typeof local.gh.requests)[number])
  const revocations = local.gh.requestsFor(ROUTES.revoke)
  const lastRead = Math.max(...local.gh.requestsFor(ROUTES.getRun).map(order))
  expect(revocations).toHaveLength(mints.length)
  expect(revocations.filter(r => order(r) < lastRead)).toHaveLength(mints.length - 1)
  expect(local.gh).toHaveRevokedEveryToken()
})

test('keyless, a 20-minute wait: each JWT is reused while good on the clock, a fresh one asked for when it nears expiry', async () => {
  local.gh.tokenLifetimeSeconds = 240
  runsTake(20 * MINUTE)
  // A signer elsewhere (createJwt) whose clock is GitHub's, signing with the App's key.
  const signed: number[] = []
  const signer = jwtFromSigner(input => Promise.resolve(sign('RSA-SHA256', input, local.app.privateKey)), local.clock.now)
  const createJwt: typeof signer = (appId, timeDifference) => {
    signed.push(local.clock.now())
    return signer(appId, timeDifference)
  }
  const { result } = await dispatch({ privateKey: undefined, createJwt, waitTimeoutSeconds: 1800 })
  expect(result).toMatchObject({ dispatched: true, status: 'completed', conclusion: 'success' })
  const mints = local.gh.requestsFor(ROUTES.accessTokens)
  expect(mints.length).toBeGreaterThanOrEqual(6)
  // GitHub accepted every JWT: none was used after it expired on the clock.
  expect(local.gh.requests.filter(r => r.auth === 'jwt').every(r => r.status === 200 || r.status === 201)).toBe(true)
  // JWTs live 10 minutes and are reused until a minute before: 20 minutes of mints took 2 or 3 of them, not one per request.
  expect(signed.length).toBeGreaterThanOrEqual(2)
  expect(signed.length).toBeLessThanOrEqual(3)
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a rate limit while following: the next read waits as GitHub says (retry-after 120 s), then polls go on every 10 s', async () => {
  runsTake(5 * MINUTE)
  local.gh.fault(ROUTES.getRun, {
    status: 403,
    headers: { 'retry-after': '120' },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }
  })
  const { result, warning } = await dispatch()
  expect(result).toMatchObject({ dispatched: true, status: 'completed', conclusion: 'success' })
  expect(warning).toEqual([expect.stringMatching(/^octo-org\/deploy: could not read run \d+ \(HTTP 403: .*\); trying again in 2m 0s\.$/)])
  const reads = local.gh.requestsFor(ROUTES.getRun)
  expect(reads[0]?.status).toBe(403)
  // 2 minutes of backoff, then 10 s polls until the 5-minute run completes: 1 + about 18 reads, not 30.
  expect(local.clock.waits).toContain(120_000)
  expect((reads[1]?.clockAt ?? 0) - (reads[0]?.clockAt ?? 0)).toBe(120_000)
  expect(reads.length).toBeGreaterThanOrEqual(18)
  expect(reads.length).toBeLessThanOrEqual(21)
})

test('an exhausted rate limit while following: waits until x-ratelimit-reset on the clock GitHub and the step share', async () => {
  runsTake(10 * MINUTE)
  const reset = Math.floor(local.clock.now() / 1000) + 7 * 60
  local.gh.fault(ROUTES.getRun, {
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    body: { message: 'API rate limit exceeded for installation ID 1.' }
  })
  const { result, warning } = await dispatch({ waitTimeoutSeconds: 900 })
  expect(result).toMatchObject({ dispatched: true, status: 'completed', conclusion: 'success' })
  expect(warning).toEqual([expect.stringMatching(/could not read run \d+ \(HTTP 403: .*\); trying again in 7m [01]s\.$/)])
  // The read after the limit came after the reset, on the emulator's clock.
  const reads = local.gh.requestsFor(ROUTES.getRun)
  expect(reads[0]?.status).toBe(403)
  expect(reads[1]?.status).toBe(200)
  expect(reads[1]?.clockAt).toBeGreaterThanOrEqual(reset * 1000)
  expect(reads[1]?.clockAt).toBeLessThan(reset * 1000 + 12_000)
})

test('a receiving workflow without the run-name line: a warning that names the line to add, then no wrong match at the timeout', async () => {
  runsTake(Infinity)
  const runName = workflow.runName
  workflow.runName = undefined
  try {
    const { result, warning } = await dispatch()
    expect(local.gh.runs).toHaveLength(1) // the run did start, titled after the workflow
    expect(warning).toEqual([
      expect.stringMatching(
        /^octo-org\/deploy: repository_dispatch runs started since the dispatch, but none has [0-9a-f-]{36} in its title/
      )
    ])
    expect(result?.error).toMatch(/^No run carrying distinct_id [0-9a-f-]{36} appeared in octo-org\/deploy within 10m 0s/)
    expect(result?.error).toContain('run-name: Deploy ${{ github.event.client_payload.distinct_id }}')
    expect(result).toMatchObject({ dispatched: true, run_id: null, conclusion: null })
    expect(local.gh).toHaveRevokedEveryToken()
  } finally {
    workflow.runName = runName
  }
})

test('a 5xx on a dispatch that did not arrive: never sent again; no run appears in the wait, so the outcome is unknown', async () => {
  runsTake(MINUTE)
  local.gh.fault(ROUTES.dispatches, { status: 503 })
  const { result } = await dispatch()
  expect(local.gh.requestsFor(ROUTES.dispatches).map(r => r.status)).toEqual([503])
  expect(local.gh.runs).toHaveLength(0)
  expect(result).toMatchObject({ dispatched: 'unknown', run_id: null })
  expect(result?.error).toContain('no run carrying its distinct_id appeared while the step waited')
  expect(result?.error).toContain(`Check ${local.gh.url}/octo-org/deploy/actions before running this again.`)
  expect(local.gh).toHaveRevokedEveryToken()
})
