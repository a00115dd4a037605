/**
 * Fan-out (src/core/dispatch.ts), one condition at a time: the action's path
 * in-process (support/action-in-process.ts) against the emulator. Per-target
 * failures (an owner without the App, a repository outside the installation),
 * a rate limit that pauses every target, more than 500 targets of one owner,
 * and the fan-out inputs refused, each in the action's words. The contract
 * through the bundle (two owners: a lookup and a scoped token per owner, the
 * results in input order, a summary row per target) is
 * e2e/action/fanout.e2e.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { webUrlFor } from '../../../src/github/advice.js'
import { summaryRows } from '../../../src/model/report.js'
import { realClock, type Clock } from '../../../src/util/clock.js'
import { inputRefusal, runActionInProcess, runCheckedInProcess, type ActionStep } from '../../support/action-in-process.js'
import { stackLines } from '../../support/fixture.js'
import { useGitHubOnClock } from '../../support/use.js'

const local = useGitHubOnClock({
  repositories: ['deploy', 'docs'],
  setup: ({ gh, app }) => {
    gh.install({ app, account: 'second-org', repositories: ['api', 'web'] })
    gh.addRepository('stranger-org/site') // exists, App not installed there
    gh.addRepository('octo-org/secret') // exists, not selected in octo-org's installation
  }
})

const inputsOf = (inputs: Record<string, string>): Record<string, string> => ({
  'app-id': String(local.app.id),
  'private-key': local.app.privateKey,
  'event-type': 'release',
  ...inputs
})

/** The step with the App's credentials plus `inputs`; fails the test on any secret in what the user sees. */
async function run(inputs: Record<string, string>): Promise<ActionStep> {
  return runCheckedInProcess({ apiUrl: local.gh.url, inputs: inputsOf(inputs), clock: local.clock }, local.gh.secrets())
}

const tokenRequests = () => local.gh.requestsFor(ROUTES.accessTokens).map(r => r.body as { repositories: string[]; permissions: object })
/** The job summary's Result cells, as src/action/run.ts writes them (summaryRows). */
const resultCells = (step: ActionStep): string[] => summaryRows(step.results, webUrlFor(local.gh.url)).rows.map(row => row[2] ?? '')

test('within one owner: one lookup, one token for exactly those repositories, every target dispatched', async () => {
  const step = await run({ repository: 'octo-org/deploy\nocto-org/docs' })
  expect(step.error).toBeUndefined()
  expect(local.gh.requestsFor(ROUTES.installation)).toHaveLength(1)
  expect(tokenRequests()).toEqual([{ repositories: ['deploy', 'docs'], permissions: { contents: 'write' } }])
  expect(local.gh.dispatches.map(d => d.repository).sort()).toEqual(['octo-org/deploy', 'octo-org/docs'])
  expect(local.gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(local.gh).toHaveRevokedEveryToken()
  expect(step.results.map(r => [r.repository, r.dispatched])).toEqual([
    ['octo-org/deploy', true],
    ['octo-org/docs', true]
  ])
})

test('partial failure: an owner without the App fails alone; the others are dispatched and reported', async () => {
  const step = await run({ repository: 'octo-org/deploy\nstranger-org/site\nsecond-org/api' })
  expect(local.gh.dispatches.map(d => d.repository).sort()).toEqual(['octo-org/deploy', 'second-org/api'])
  expect(tokenRequests()).toHaveLength(2) // none for stranger-org
  expect(local.gh).toHaveRevokedEveryToken()
  expect(step.error).toContain('1 of 3 targets failed (2 succeeded)')
  expect(step.error).toContain('stranger-org/site: The GitHub App')
  expect(step.error).toContain('cannot see stranger-org/site')
  expect(step.results.map(r => r.dispatched)).toEqual([true, false, true])
  expect(step.results[1]?.error).toContain('not installed')
  const cells = resultCells(step)
  expect(cells.filter(cell => cell.startsWith('❌ The GitHub App'))).toHaveLength(1)
  expect(cells.filter(cell => cell === '✅ dispatched')).toHaveLength(2)
})

test('a repository left out of a selected-repositories installation fails alone; its neighbours go out', async () => {
  const step = await run({ repository: 'octo-org/deploy, octo-org/secret, octo-org/docs' })
  expect(step.error).toBeDefined()
  expect(local.gh.dispatches.map(d => d.repository).sort()).toEqual(['octo-org/deploy', 'octo-org/docs'])
  expect(step.results.map(r => r.dispatched)).toEqual([true, false, true])
  expect(step.results[1]?.error).toContain('does not include octo-org/secret')
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a rate limit on one target pauses the others instead of failing them', async () => {
  // On the real clock: the pause is measured against a request GitHub holds for 300 ms of real time, which a
  // virtual clock would not wait for. (The next test gets a fresh VirtualClock.)
  ;(local as { clock: Clock }).clock = realClock
  const targets = ['octo-org/deploy', 'octo-org/docs', 'octo-org/secret2', 'octo-org/extra']
  const other = local.gh.createApp()
  local.gh.install({ app: other, account: 'octo-org', repositories: ['deploy', 'docs', 'secret2', 'extra'] })
  local.gh.setRouteLatency(ROUTES.dispatches, 300)
  // The first dispatch is answered at once with a 429; one other is in flight for 300 ms.
  local.gh.fault(ROUTES.dispatches, {
    status: 429,
    delayMs: 0,
    headers: { 'retry-after': '1' },
    body: { message: 'You have exceeded a secondary rate limit.' }
  })
  const step = await run({
    repository: targets.join('\n'),
    'max-concurrency': '2',
    'app-id': String(other.id),
    'private-key': other.privateKey
  })
  expect(step.error).toBeUndefined()
  expect(local.gh.dispatches.map(d => d.repository).sort()).toEqual([...targets].sort())
  const sent = local.gh.requestsFor(ROUTES.dispatches)
  expect(sent).toHaveLength(5)
  const answeredAt = sent.find(r => r.status === 429)?.receivedAt ?? Infinity
  // Without a shared pause the third dispatch would go out when the in-flight one
  // finished, 300 ms after the 429; every dispatch sent after it waited out the second.
  const later = sent.filter(r => r.receivedAt > answeredAt + 200)
  expect(later).toHaveLength(3)
  for (const request of later) expect(request.receivedAt - answeredAt).toBeGreaterThanOrEqual(950)
})

test('more than 500 targets of one owner are split over two tokens', async () => {
  const names = Array.from({ length: 501 }, (_, i) => `r${i}`)
  const big = local.gh.createApp()
  local.gh.install({ app: big, account: 'big-org', repositories: names })
  const step = await run({
    repository: names.map(n => `big-org/${n}`).join(','),
    'max-concurrency': '50',
    'app-id': String(big.id),
    'private-key': big.privateKey
  })
  expect(step.error).toBeUndefined()
  expect(
    tokenRequests()
      .map(t => t.repositories.length)
      .sort((a, b) => a - b)
  ).toEqual([1, 500])
  expect(local.gh.dispatches).toHaveLength(501)
  expect(local.gh.requestsFor(ROUTES.revoke)).toHaveLength(2)
  expect(local.gh.requestsFor(ROUTES.installation)).toHaveLength(1)
}, 60_000)

describe('bad fan-out input: refused, nothing sent', () => {
  test.each([
    [{ repository: 'octo-org/deploy\nnot a repo' }, /Input 'repository': invalid repository 'not a repo'/],
    [{ repository: 'octo-org/deploy, second-org/api', 'installation-id': '5' }, /Input 'installation-id': applies to one account/],
    [{ repository: 'octo-org/deploy', 'max-concurrency': '0' }, /Input 'max-concurrency'/]
  ])('%j', async (inputs, message) => {
    const error = await inputRefusal(runActionInProcess({ apiUrl: local.gh.url, inputs: inputsOf(inputs), clock: local.clock }))
    expect(error).toMatch(message)
    expect(stackLines(error)).toEqual([])
    expect(local.gh).toHaveSentNothing()
  })
})
