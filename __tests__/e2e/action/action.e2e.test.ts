/**
 * End to end: the committed dist/index.js, run as the Actions runner runs it,
 * against the GitHub API emulator. Asserts what GitHub received, what the
 * user sees, that tokens are revoked and that secrets stay masked.
 */
import { describe, expect, test } from '@jest/globals'
import { expectInputRefused, resultsOf, ROUTES, stackLines } from '../../support/fixture.js'
import { useFixture } from '../../support/use.js'

const f = useFixture()

const deploy = { repository: 'octo-org/deploy', 'event-type': 'deploy' }

describe('a successful dispatch', () => {
  test('looks up the installation, mints a scoped token, dispatches the payload unchanged, revokes the token', async () => {
    const payload = '{"version": "1.2.3", "id": 12345678901234567890, "nested": {"list": [1, null, "ü✓"]}, "none": null}'
    const result = await f.run({ ...deploy, 'client-payload': payload })

    expect(result.code).toBe(0)
    expect(result.errors).toEqual([])
    expect(f.gh.requests.map(r => `${r.method} ${r.path} ${r.auth} ${r.status}`)).toEqual([
      `GET /repos/octo-org/deploy/installation jwt 200`,
      `POST /app/installations/${f.installation.id}/access_tokens jwt 201`,
      `POST /repos/octo-org/deploy/dispatches token 204`,
      `DELETE /installation/token token 204`
    ])
    // Least privilege: exactly the target repository and Contents: write.
    expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toEqual({
      repositories: ['deploy'],
      permissions: { contents: 'write' }
    })
    // What GitHub received: the event and the payload byte for byte.
    expect(f.gh.dispatches).toHaveLength(1)
    expect(f.gh.dispatches[0]?.event_type).toBe('deploy')
    expect(f.gh.dispatches[0]?.rawBody).toBe(`{"event_type":"deploy","client_payload":${payload}}`)
    expect(f.gh).toHaveRevokedEveryToken()
    // One keep-alive connection for the whole run: one TCP (and, on GitHub, TLS) handshake.
    expect(new Set(f.gh.requests.map(r => r.connection)).size).toBe(1)
    // Every request pins the REST API version, auth-app's JWT requests included.
    expect(f.gh.requests.map(r => r.headers['x-github-api-version'])).toEqual(Array(4).fill('2022-11-28'))
    // Never the "first installation" shortcut.
    expect(f.gh.requestsFor(ROUTES.appInstallations)).toHaveLength(0)

    expect(result.outputs['installation-id']).toBe(String(f.installation.id))
    expect(JSON.parse(result.outputs['results'] ?? '')).toEqual([
      { repository: 'octo-org/deploy', installation_id: f.installation.id, event: 'deploy', dispatched: true }
    ])
    expect(result.summary).toContain(`href="${f.gh.url}/octo-org/deploy/actions"`)
    expect(result.summary).toContain('✅ dispatched')
    expect(result.stdout).toContain("Dispatched 'deploy' to octo-org/deploy.")
  })

  test('masks every JWT and token before anything else is printed', async () => {
    const result = await f.run(deploy)
    expect(result.code).toBe(0)
    const jwts = f.gh.requests.filter(r => r.auth === 'jwt').map(r => String(r.headers.authorization).slice(7))
    const tokens = f.gh.requests.filter(r => r.auth === 'token').map(r => String(r.headers.authorization).slice(6))
    for (const secret of [...jwts, ...tokens]) {
      const maskLine = result.stdout.indexOf(`::add-mask::${secret}`)
      expect(maskLine).toBeGreaterThanOrEqual(0)
    }
    // The token is masked before the line that reports it was minted.
    const token = tokens[0] as string
    expect(result.stdout.indexOf(`::add-mask::${token}`)).toBeLessThan(result.stdout.indexOf('Minted a token'))
  })

  test('with installation-id: no lookup, three requests', async () => {
    const result = await f.run({ ...deploy, 'installation-id': String(f.installation.id) })
    expect(result.code).toBe(0)
    expect(f.gh.requests.map(r => r.route)).toEqual([ROUTES.accessTokens, ROUTES.dispatches, ROUTES.revoke])
    expect(result.outputs['installation-id']).toBe(String(f.installation.id))
  })

  test('client-id, the documented input, in place of app-id', async () => {
    // The Client ID in client-id alone; app-id (its older name), the Client ID in app-id, both set, and each
    // form of the private key: unit/input/app-credentials.test.ts (in-process, in the action's words).
    const result = await f.run({ ...deploy, 'app-id': '', 'client-id': f.app.clientId })
    expect(result.code).toBe(0)
    expect(f.gh.dispatches).toHaveLength(1)
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('corrects for a runner clock that is ahead of GitHub', async () => {
    f.gh.clockOffsetSeconds = -600 // GitHub is ten minutes behind the runner
    const result = await f.run(deploy)
    expect(result.code).toBe(0)
    expect(f.gh.requestsFor(ROUTES.installation).map(r => r.status)).toEqual([401, 200])
    expect(f.gh.dispatches).toHaveLength(1)
  })
})

describe('errors from GitHub become advice', () => {
  // The contract through the bundle; each other refusal's advice, one condition at a time, is in
  // unit/core/advice-and-retries.test.ts (in-process, in the action's words).
  test('App not installed on the repository: names the App and where to install it; nothing minted', async () => {
    f.gh.addRepository('other-org/site')
    const result = await f.run({ ...deploy, repository: 'other-org/site' })
    expect(result.code).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toContain(`app-id ${f.app.id}`)
    expect(result.errors[0]).toContain('cannot see other-org/site')
    expect(result.errors[0]).toContain('Install App')
    expect(f.gh.requests.map(r => r.route)).toEqual([ROUTES.installation]) // 404 is not retried
    expect(JSON.parse(result.outputs['results'] ?? '')[0]).toMatchObject({ dispatched: false, installation_id: null })
    expect(stackLines(result.stdout + result.stderr)).toEqual([])
  })
})

describe('transient failures are retried', () => {
  // The contract through the bundle; the 5xx on a dispatch and the rate limits (their waits on the
  // virtual clock) are in unit/core/advice-and-retries.test.ts.
  test('5xx and a connection reset on the installation lookup, then success: one dispatch', async () => {
    f.gh.fault(ROUTES.installation, { reset: true })
    f.gh.fault(ROUTES.installation, { status: 502 })
    const result = await f.run(deploy)
    expect(result.code).toBe(0)
    expect(f.gh.requestsFor(ROUTES.installation).map(r => r.status)).toEqual(['reset', 502, 200])
    expect(f.gh.dispatches).toHaveLength(1)
    expect(result.stdout).toMatch(/GET \/repos\/octo-org\/deploy\/installation: HTTP 502; retrying in \d/)
  })
})

describe('bad input: one ::error:: naming the input, exit 1, nothing sent', () => {
  // One case for the whole process (exit code, one ::error::, no stack, nothing sent);
  // every refusal's wording is covered by the parser's unit tests (inputs.test.ts).
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    [
      'client-payload not JSON',
      { 'client-payload': '{"a": 1,}' },
      /Input 'client-payload': is not valid JSON: it breaks at line 1, column 9/
    ]
  ]
  test.each(cases)('%s', async (_name, inputs, message) => {
    expectInputRefused(await f.run({ ...deploy, ...inputs }), f.gh, message)
  })
})

describe('failed results carry error codes (the results output)', () => {
  // The contract through the bundle; each other code (GitHub's words in a 422, delivery-unknown, the
  // signer's) is in unit/core/error-codes.test.ts (in-process, in the action's words).
  test('a 404 from GitHub: github-refused with error_status 404 and error_step, the filter in the docs finds it', async () => {
    const result = await f.run({ repository: 'octo-org/missing\nocto-org/deploy', 'event-type': 'deploy' })
    expect(result.code).toBe(1)
    const results = resultsOf(result.outputs)
    expect(results.filter(r => r.error_code === 'github-refused' && r.error_status === 404)).toEqual([
      expect.objectContaining({ repository: 'octo-org/missing', dispatched: false, error_step: 'installation-lookup' })
    ])
    // Rendered at the action's edge: the input's name, no placeholder left.
    expect(results[0]?.error).toContain(`The GitHub App (app-id ${f.app.id}) cannot see octo-org/missing`)
    expect(results[1]).toEqual({ repository: 'octo-org/deploy', installation_id: f.installation.id, event: 'deploy', dispatched: true })
  })
})
