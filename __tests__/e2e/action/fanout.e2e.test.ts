/**
 * Fan-out through the bundle: many targets in one step, grouped by owner, one
 * lookup and one scoped token per owner, the results in input order and a
 * summary row per target. Each other condition (one owner, per-target
 * failures, a rate limit that pauses every target, more than 500 targets, the
 * fan-out inputs refused) runs the action's path in-process:
 * unit/core/fanout.test.ts.
 */
import { expect, test } from '@jest/globals'
import { resultsOf, ROUTES } from '../../support/fixture.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    second = f.gh.install({ app: f.app, account: 'second-org', repositories: ['api', 'web'] })
  }
})
let second: { id: number }

const tokenRequests = () => f.gh.requestsFor(ROUTES.accessTokens).map(r => r.body as { repositories: string[]; permissions: object })

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
