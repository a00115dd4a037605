/**
 * GitHub Enterprise Cloud's stateless installation tokens (`ghs_<APPID>_<JWT>`,
 * about 520 characters with dots and underscores, since 2026-04-27), end to
 * end with the bundle: masked before use as the runner reads the log, sent as
 * they are, revoked; and when GitHub does not confirm a revocation (it does not
 * document whether these tokens can be revoked), a warning that names the
 * token's expiry, never a failed step and never the token.
 */
import { beforeEach, expect, test } from '@jest/globals'
import { resultsOf, ROUTES } from '../../support/fixture.js'
import { runnerCommands } from '../../support/runner-log.js'
import { useFixture } from '../../support/use.js'

const f = useFixture()

beforeEach(() => {
  f.gh.statelessTokens = true
})

const deploy = { repository: 'octo-org/deploy', 'event-type': 'deploy' }

/** The one token the step was given, and its expiry as ISO 8601. */
function issued(): { token: string; expiresAt: string } {
  const tokens = [...f.gh.tokens.values()]
  expect(tokens).toHaveLength(1)
  const [only] = tokens as [(typeof tokens)[number]]
  return { token: only.token, expiresAt: new Date(only.expiresAt * 1000).toISOString() }
}

test('masked (as the runner reads the log) before it is used, sent unchanged, revoked', async () => {
  const result = await f.run(deploy)
  expect(result.code).toBe(0)
  const { token } = issued()
  expect(token).toMatch(new RegExp(`^ghs_${f.app.id}_[A-Za-z0-9_]+\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$`))
  expect(token.length).toBeGreaterThan(450)

  const commands = runnerCommands(result.stdout)
  const mask = commands.find(c => c.name === 'add-mask' && c.message === token)
  expect(mask).toBeDefined()
  // Registered before the step said anything about the token.
  const minted = result.stdout.split('\n').findIndex(line => line.includes('Minted a token'))
  expect(mask?.line).toBeLessThan(minted)

  expect(f.gh.dispatches[0]?.token).toBe(token)
  // @octokit/auth-token sends a token with two dots as "bearer", which GitHub accepts for installation tokens.
  expect(f.gh.requestsFor(ROUTES.revoke).map(r => `${r.headers.authorization} ${r.status}`)).toEqual([`bearer ${token} 204`])
  expect(f.gh).toHaveRevokedEveryToken()
  // Not even the JWT inside shows (the runner masks only the whole token).
  const jwt = token.slice(`ghs_${f.app.id}_`.length)
  const visible = result.stdout.split('\n').filter(line => !line.startsWith('::add-mask::'))
  expect(visible.filter(line => line.includes(jwt) || line.includes(jwt.split('.')[2] ?? jwt))).toEqual([])
})

test('a token GitHub will not revoke (422): the step succeeds with one warning naming its expiry, and no secret', async () => {
  f.gh.revokesStatelessTokens = false
  const result = await f.run(deploy)
  expect(result.code).toBe(0)
  expect(result.errors).toEqual([])
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true })
  const { token, expiresAt } = issued()
  expect(f.gh.requestsFor(ROUTES.revoke).map(r => r.status)).toEqual([422])
  expect(f.gh.tokens.get(token)?.revoked).toBe(false)
  const warnings = runnerCommands(result.stdout).filter(c => c.name === 'warning')
  expect(warnings.map(w => w.message)).toEqual([
    `Could not revoke a token for deploy: GitHub answered 422. GitHub said: "Stateless installation tokens cannot be revoked; this one stays valid until it expires.". It stays valid until ${expiresAt}.`
  ])
})

test('a revocation answered 200 instead of 204 is not taken as done: a warning with the expiry, the step still succeeds', async () => {
  f.gh.fault(ROUTES.revoke, { status: 200, body: {} })
  const result = await f.run(deploy)
  expect(result.code).toBe(0)
  expect(result.errors).toEqual([])
  const { expiresAt } = issued()
  const warnings = runnerCommands(result.stdout).filter(c => c.name === 'warning')
  expect(warnings).toHaveLength(1)
  expect(warnings[0]?.message).toContain('GitHub answered 200.')
  expect(warnings[0]?.message).toContain('not 204, so the token may still work')
  expect(warnings[0]?.message).toContain(`It stays valid until ${expiresAt}.`)
})
