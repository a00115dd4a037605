/**
 * Fan-out: many targets in one step, grouped by owner, one lookup and one
 * scoped token per owner, bounded concurrency, per-target failures.
 */
import { describe, expect, test } from '@jest/globals'
import { expectInputRefused, resultsOf, ROUTES } from '../../support/fixture.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    second = f.gh.install({ app: f.app, account: 'second-org', repositories: ['api', 'web'] })
    f.gh.addRepository('stranger-org/site') // exists, App not installed there
    f.gh.addRepository('octo-org/secret') // exists, not selected in octo-org's installation
  }
})
let second: { id: number }

const tokenRequests = () => f.gh.requestsFor(ROUTES.accessTokens).map(r => r.body as { repositories: string[]; permissions: object })

test('within one owner: one lookup, one token for exactly those repositories, every target dispatched', async () => {
  const result = await f.run({ repository: 'octo-org/deploy\nocto-org/docs', 'event-type': 'release' })
  expect(result.code).toBe(0)
  expect(f.gh.requestsFor(ROUTES.installation)).toHaveLength(1)
  expect(tokenRequests()).toEqual([{ repositories: ['deploy', 'docs'], permissions: { contents: 'write' } }])
  expect(f.gh.dispatches.map(d => d.repository).sort()).toEqual(['octo-org/deploy', 'octo-org/docs'])
  expect(f.gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(f.gh).toHaveRevokedEveryToken()
  expect(resultsOf(result.outputs).map(r => [r['repository'], r['dispatched']])).toEqual([
    ['octo-org/deploy', true],
    ['octo-org/docs', true]
  ])
})

test('across two owners: a lookup and a token per owner, results in input order, one summary row per target', async () => {
  const result = await f.run({
    repository: 'second-org/web, octo-org/deploy, second-org/api,octo-org/docs, OCTO-ORG/deploy',
    'event-type': 'release'
  })
  expect(result.code).toBe(0)
  expect(
    f.gh
      .requestsFor(ROUTES.installation)
      .map(r => r.path)
      .sort()
  ).toEqual(['/repos/octo-org/deploy/installation', '/repos/second-org/web/installation'])
  expect(
    tokenRequests()
      .map(t => t.repositories)
      .sort()
  ).toEqual([
    ['deploy', 'docs'],
    ['web', 'api']
  ])
  expect(
    f.gh
      .requestsFor(ROUTES.accessTokens)
      .map(r => r.path)
      .sort()
  ).toEqual([`/app/installations/${f.installation.id}/access_tokens`, `/app/installations/${second.id}/access_tokens`].sort())
  expect(f.gh.dispatches).toHaveLength(4) // the duplicate was dropped
  expect(f.gh.requestsFor(ROUTES.revoke)).toHaveLength(2)
  expect(f.gh).toHaveRevokedEveryToken()
  expect(resultsOf(result.outputs).map(r => [r['repository'], r['installation_id']])).toEqual([
    ['second-org/web', second.id],
    ['octo-org/deploy', f.installation.id],
    ['second-org/api', second.id],
    ['octo-org/docs', f.installation.id]
  ])
  expect(result.summary.match(/<tr><td>/g)).toHaveLength(4)
})

test('partial failure: an owner without the App fails alone; the others are dispatched and reported', async () => {
  const result = await f.run({ repository: 'octo-org/deploy\nstranger-org/site\nsecond-org/api', 'event-type': 'release' })
  expect(result.code).toBe(1)
  expect(f.gh.dispatches.map(d => d.repository).sort()).toEqual(['octo-org/deploy', 'second-org/api'])
  expect(tokenRequests()).toHaveLength(2) // none for stranger-org
  expect(f.gh).toHaveRevokedEveryToken()
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toContain('1 of 3 targets failed (2 succeeded)')
  expect(result.errors[0]).toContain('stranger-org/site: The GitHub App')
  expect(result.errors[0]).toContain('cannot see stranger-org/site')
  const rows = resultsOf(result.outputs)
  expect(rows.map(r => r['dispatched'])).toEqual([true, false, true])
  expect(rows[1]?.['error']).toContain('not installed')
  expect(result.summary).toContain('❌ The GitHub App')
  expect(result.summary.match(/✅ dispatched/g)).toHaveLength(2)
})

test('a repository left out of a selected-repositories installation fails alone; its neighbours go out', async () => {
  const result = await f.run({ repository: 'octo-org/deploy, octo-org/secret, octo-org/docs', 'event-type': 'release' })
  expect(result.code).toBe(1)
  expect(f.gh.dispatches.map(d => d.repository).sort()).toEqual(['octo-org/deploy', 'octo-org/docs'])
  const rows = resultsOf(result.outputs)
  expect(rows.map(r => r['dispatched'])).toEqual([true, false, true])
  expect(rows[1]?.['error']).toContain('does not include octo-org/secret')
  expect(f.gh).toHaveRevokedEveryToken()
})

test('a rate limit on one target pauses the others instead of failing them', async () => {
  const targets = ['octo-org/deploy', 'octo-org/docs', 'octo-org/secret2', 'octo-org/extra']
  const app = f.gh.createApp()
  f.gh.install({ app, account: 'octo-org', repositories: ['deploy', 'docs', 'secret2', 'extra'] })
  f.gh.setRouteLatency(ROUTES.dispatches, 300)
  // The first dispatch is answered at once with a 429; one other is in flight for 300 ms.
  f.gh.fault(ROUTES.dispatches, {
    status: 429,
    delayMs: 0,
    headers: { 'retry-after': '1' },
    body: { message: 'You have exceeded a secondary rate limit.' }
  })
  const result = await f.run({
    repository: targets.join('\n'),
    'event-type': 'release',
    'max-concurrency': '2',
    'app-id': String(app.id),
    'private-key': app.privateKey
  })
  expect(result.code).toBe(0)
  expect(f.gh.dispatches.map(d => d.repository).sort()).toEqual([...targets].sort())
  const sent = f.gh.requestsFor(ROUTES.dispatches)
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
  const app = f.gh.createApp()
  f.gh.install({ app, account: 'big-org', repositories: names })
  const result = await f.run({
    repository: names.map(n => `big-org/${n}`).join(','),
    'event-type': 'release',
    'max-concurrency': '50',
    'app-id': String(app.id),
    'private-key': app.privateKey
  })
  expect(result.code).toBe(0)
  expect(
    tokenRequests()
      .map(t => t.repositories.length)
      .sort((a, b) => a - b)
  ).toEqual([1, 500])
  expect(f.gh.dispatches).toHaveLength(501)
  expect(f.gh.requestsFor(ROUTES.revoke)).toHaveLength(2)
  expect(f.gh.requestsFor(ROUTES.installation)).toHaveLength(1)
}, 60_000)

describe('bad fan-out input: one ::error::, nothing sent', () => {
  test.each([
    [{ repository: 'octo-org/deploy\nnot a repo' }, /Input 'repository': invalid repository 'not a repo'/],
    [{ repository: 'octo-org/deploy, second-org/api', 'installation-id': '5' }, /Input 'installation-id': applies to one account/],
    [{ repository: 'octo-org/deploy', 'max-concurrency': '0' }, /Input 'max-concurrency'/]
  ])('%j', async (inputs, message) => {
    expectInputRefused(await f.run({ 'event-type': 'release', ...inputs }), f.gh, message)
  })
})
