/** The shared matchers fail, and say why: each live token with its repositories, each request received. */
import { expect, test } from '@jest/globals'

const issuer = (tokens: Array<{ token: string; repositories: string[]; revoked: boolean; expiresAt: number }>) => ({
  tokens: new Map(tokens.map(t => [t.token, t])),
  now: () => 1_000
})

const failureOf = (assertion: () => void): string => {
  try {
    assertion()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('the assertion passed')
}

test('toHaveRevokedEveryToken names each live token and its repositories', () => {
  const gh = issuer([
    { token: 'ghs_live0000000000000001', repositories: ['octo-org/deploy', 'octo-org/docs'], revoked: false, expiresAt: 5_000 },
    { token: 'ghs_gone0000000000000002', repositories: ['octo-org/web'], revoked: true, expiresAt: 5_000 },
    { token: 'ghs_old00000000000000003', repositories: ['octo-org/api'], revoked: false, expiresAt: 500 }
  ])
  const message = failureOf(() => expect(gh).toHaveRevokedEveryToken())
  expect(message).toContain('2 of 3 are still live')
  expect(message).toContain('ghs_live00… for octo-org/deploy, octo-org/docs')
  expect(message).toContain('ghs_old000… for octo-org/api, expired')
  expect(message).not.toContain('octo-org/web')
  expect(message).not.toContain('ghs_live0000000000000001') // not the whole secret
  // A token that expired on its own counts, when the test allows it.
  expect(failureOf(() => expect(gh).toHaveRevokedEveryToken({ expiredAllowed: true }))).toContain('1 of 3 is still live')
})

test('toHaveRevokedEveryToken fails when no token was issued, and passes when all were revoked', () => {
  expect(failureOf(() => expect(issuer([])).toHaveRevokedEveryToken())).toContain('no token was issued')
  expect(issuer([{ token: 'ghs_a', repositories: ['o/r'], revoked: true, expiresAt: 5_000 }])).toHaveRevokedEveryToken()
  expect(failureOf(() => expect({}).toHaveRevokedEveryToken())).toContain('takes a GitHub emulator')
})

test('toHaveSentNothing lists each request received', () => {
  const gh = {
    requests: [
      { method: 'POST', path: '/repos/octo-org/deploy/dispatches', route: 'POST /repos/{owner}/{repo}/dispatches', status: 204 },
      { service: 'kms' }
    ]
  }
  const message = failureOf(() => expect(gh).toHaveSentNothing())
  expect(message).toContain('2 requests were received')
  expect(message).toContain('POST /repos/octo-org/deploy/dispatches → 204')
  expect(message).toContain('  kms')
  expect({ requests: [] }).toHaveSentNothing()
  expect([]).toHaveSentNothing()
  expect(failureOf(() => expect([{ audience: 'sts' }]).toHaveSentNothing())).toContain('1 request was received')
})
