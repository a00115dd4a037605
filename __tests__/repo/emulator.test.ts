/**
 * The emulator is a test component in its own right: these check that it
 * enforces what GitHub enforces, so the end-to-end tests mean something.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createSign } from 'node:crypto'
import { ROUTES, type GitHubEmulator } from '../../emulator/github-emulator.js'
import { startGitHub } from '../support/github.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let installationId: number

beforeAll(async () => {
  const local = await startGitHub({ account: 'octo', repositories: ['a', 'b'], permissions: { contents: 'write', metadata: 'read' } })
  ;({ gh, app } = local)
  installationId = local.installation.id
  gh.addRepository('octo/not-installed')
})
afterAll(async () => {
  await gh.stop()
})

function jwt(claims: Record<string, unknown>, key = app.privateKey): string {
  const now = Math.floor(Date.now() / 1000)
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: now - 30, exp: now + 540, iss: app.id, ...claims })}`
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key, 'base64url')}`
}

async function call(method: string, path: string, auth: string, body?: unknown): Promise<{ status: number; data: any }> {
  const response = await fetch(`${gh.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, data: text ? JSON.parse(text) : undefined }
}

async function token(body: unknown = { repositories: ['a'], permissions: { contents: 'write' } }): Promise<string> {
  const { status, data } = await call('POST', `/app/installations/${installationId}/access_tokens`, `Bearer ${jwt({})}`, body)
  expect(status).toBe(201)
  return data.token as string
}

describe('JWT checks', () => {
  test('a valid JWT by App ID or Client ID finds the installation', async () => {
    expect((await call('GET', '/repos/octo/a/installation', `Bearer ${jwt({})}`)).data.id).toBe(installationId)
    expect((await call('GET', '/repos/octo/a/installation', `Bearer ${jwt({ iss: app.clientId })}`)).status).toBe(200)
  })
  test.each([
    ['a foreign issuer', { iss: 999_999 }, /Issuer/],
    [
      'exp more than 10 minutes after iat',
      { exp: Math.floor(Date.now() / 1000) + 700, iat: Math.floor(Date.now() / 1000) - 30 },
      /too far in the future/
    ],
    ['an expired JWT', { exp: Math.floor(Date.now() / 1000) - 5, iat: Math.floor(Date.now() / 1000) - 300 }, /future time/],
    ['iat in the future', { iat: Math.floor(Date.now() / 1000) + 300, exp: Math.floor(Date.now() / 1000) + 600 }, /Issued at/]
  ])('%s is refused with 401', async (_name, claims, message) => {
    const { status, data } = await call('GET', '/repos/octo/a/installation', `Bearer ${jwt(claims)}`)
    expect(status).toBe(401)
    expect(data.message).toMatch(message)
  })
  test('a JWT signed by another key is refused', async () => {
    const other = gh.createApp()
    expect((await call('GET', '/repos/octo/a/installation', `Bearer ${jwt({}, other.privateKey)}`)).status).toBe(401)
  })
  test('a repository outside the installation is 404', async () => {
    expect((await call('GET', '/repos/octo/not-installed/installation', `Bearer ${jwt({})}`)).status).toBe(404)
  })
})

describe('token scope and revocation', () => {
  test('permissions beyond the installation are refused', async () => {
    const { status, data } = await call('POST', `/app/installations/${installationId}/access_tokens`, `Bearer ${jwt({})}`, {
      permissions: { actions: 'write' }
    })
    expect(status).toBe(422)
    expect(data.message).toMatch(/permissions requested are not granted/)
  })
  test('repositories outside the installation are refused', async () => {
    const { status } = await call('POST', `/app/installations/${installationId}/access_tokens`, `Bearer ${jwt({})}`, {
      repositories: ['not-installed']
    })
    expect(status).toBe(422)
  })
  test('a token works only on its repositories, with its permissions, until revoked', async () => {
    const scoped = await token()
    const send = (repo: string, t = scoped): Promise<{ status: number; data: any }> =>
      call('POST', `/repos/octo/${repo}/dispatches`, `token ${t}`, { event_type: 'x' })
    expect((await send('a')).status).toBe(204)
    expect((await send('b')).status).toBe(404)
    const readOnly = await token({ repositories: ['a'], permissions: { contents: 'read' } })
    expect((await send('a', readOnly)).data.message).toBe('Resource not accessible by integration')
    expect((await call('DELETE', '/installation/token', `token ${scoped}`)).status).toBe(204)
    expect((await send('a')).status).toBe(401)
  })
})

describe('dispatch body rules', () => {
  test.each([
    [{ event_type: '' }, 422],
    [{ event_type: 'x'.repeat(101) }, 422],
    [{ event_type: 'x', client_payload: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) }, 422],
    [{ event_type: 'x', client_payload: { d: 'x'.repeat(65_536) } }, 422],
    [{ event_type: 'x', client_payload: [1] }, 422],
    [{ event_type: 'x'.repeat(100), client_payload: { a: null } }, 204]
  ])('%j → %i', async (body, expected) => {
    const t = await token()
    expect((await call('POST', '/repos/octo/a/dispatches', `token ${t}`, body)).status).toBe(expected)
  })
})

describe('faults and records', () => {
  test('a queued status fault answers once, then the real endpoint does', async () => {
    gh.fault(ROUTES.installation, { status: 502, headers: { 'retry-after': '1' } })
    const first = await fetch(`${gh.url}/repos/octo/a/installation`, { headers: { authorization: `Bearer ${jwt({})}` } })
    expect(first.status).toBe(502)
    expect(first.headers.get('retry-after')).toBe('1')
    expect((await call('GET', '/repos/octo/a/installation', `Bearer ${jwt({})}`)).status).toBe(200)
  })
  test('a reset fault drops the connection', async () => {
    gh.fault(ROUTES.installation, { reset: true })
    await expect(call('GET', '/repos/octo/a/installation', `Bearer ${jwt({})}`)).rejects.toThrow()
    expect(gh.requestsFor(ROUTES.installation).at(-1)?.status).toBe('reset')
  })
  test('latency is injected per request', async () => {
    gh.setRouteLatency(ROUTES.installation, 120)
    const started = Date.now()
    await call('GET', '/repos/octo/a/installation', `Bearer ${jwt({})}`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(115)
    gh.setRouteLatency(ROUTES.installation, 0)
  })
})
