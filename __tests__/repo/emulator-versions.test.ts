/**
 * The emulator's REST API versions and stateless tokens, checked on their own
 * so the end-to-end tests that rely on them mean something: shapes keyed by
 * X-GitHub-Api-Version, the GHES mode that refuses an unknown version, and
 * tokens in GHE Cloud's `ghs_<APPID>_<JWT>` form.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createSign } from 'node:crypto'
import type { GitHubEmulator } from '../../emulator/github-emulator.js'
import { startGitHub } from '../support/github.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let installationId: number

beforeAll(async () => {
  const local = await startGitHub({ account: 'octo', repositories: ['a'], permissions: { actions: 'write', metadata: 'read' } })
  ;({ gh, app } = local)
  installationId = local.installation.id
  gh.addWorkflow('octo/a', { file: 'ci.yml' })
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})

function jwt(): string {
  const now = Math.floor(Date.now() / 1000)
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: now - 30, exp: now + 540, iss: app.id })}`
  return `Bearer ${body}.${createSign('RSA-SHA256').update(body).sign(app.privateKey, 'base64url')}`
}

async function call(
  method: string,
  path: string,
  auth: string,
  version: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; data: any }> {
  const response = await fetch(`${gh.url}${path}`, {
    method,
    headers: {
      authorization: auth,
      'content-type': 'application/json',
      ...(version ? { 'x-github-api-version': version } : {}),
      ...headers
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, data: text ? JSON.parse(text) : undefined }
}

async function token(version: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; data: any }> {
  return call('POST', `/app/installations/${installationId}/access_tokens`, jwt(), version, { repositories: ['a'] }, headers)
}

describe.each([
  ['2022-11-28', true],
  [undefined, true], // no header: GitHub's default, 2022-11-28
  ['2026-03-10', false]
])('version %s', (version, hasDownloads) => {
  test(`repository objects ${hasDownloads ? 'carry' : 'lack'} has_downloads: the repository, the token answer, runs`, async () => {
    const minted = await token(version)
    expect(minted.status).toBe(201)
    expect('has_downloads' in minted.data.repositories[0]).toBe(hasDownloads)
    const auth = `token ${minted.data.token}`
    const repository = await call('GET', '/repos/octo/a', auth, version)
    expect(repository.data.default_branch).toBe('main')
    expect('has_downloads' in repository.data).toBe(hasDownloads)
    await call('POST', '/repos/octo/a/actions/workflows/ci.yml/dispatches', auth, version, { ref: 'main' })
    const runs = await call('GET', '/repos/octo/a/actions/runs', auth, version)
    expect(runs.data.workflow_runs).toHaveLength(1)
    expect('has_downloads' in runs.data.workflow_runs[0].repository).toBe(hasDownloads)
    expect('has_downloads' in runs.data.workflow_runs[0].head_repository).toBe(hasDownloads)
    const limits = await call('GET', '/rate_limit', auth, version)
    expect(limits.data.resources.core.limit).toBe(5000)
    expect('rate' in limits.data).toBe(hasDownloads)
  })
})

describe('workflow_dispatch', () => {
  test('2022-11-28: 204 unless return_run_details is asked for, then 200 with the run', async () => {
    const auth = `token ${(await token('2022-11-28')).data.token}`
    const plain = await call('POST', '/repos/octo/a/actions/workflows/ci.yml/dispatches', auth, '2022-11-28', { ref: 'main' })
    expect(plain.status).toBe(204)
    const asked = await call('POST', '/repos/octo/a/actions/workflows/ci.yml/dispatches', auth, '2022-11-28', {
      ref: 'main',
      return_run_details: true
    })
    expect(asked.status).toBe(200)
    expect(asked.data.workflow_run_id).toBe(gh.runs[1]?.id)
  })

  test('2026-03-10: 200 with the run by default; return_run_details is refused and starts nothing', async () => {
    const auth = `token ${(await token('2026-03-10')).data.token}`
    const plain = await call('POST', '/repos/octo/a/actions/workflows/ci.yml/dispatches', auth, '2026-03-10', { ref: 'main' })
    expect(plain.status).toBe(200)
    expect(plain.data).toEqual({
      workflow_run_id: gh.runs[0]?.id,
      run_url: `${gh.url}/repos/octo/a/actions/runs/${gh.runs[0]?.id}`,
      html_url: `${gh.url}/octo/a/actions/runs/${gh.runs[0]?.id}`
    })
    const refused = await call('POST', '/repos/octo/a/actions/workflows/ci.yml/dispatches', auth, '2026-03-10', {
      ref: 'main',
      return_run_details: true
    })
    expect(refused.status).toBe(422)
    expect(refused.data.message).toContain('"return_run_details" is not a permitted key')
    expect(gh.runs).toHaveLength(1)
  })
})

test('GHES mode: a version it does not know is answered 400, naming it; the request is not processed', async () => {
  gh.apiVersions = ['2022-11-28']
  const refused = await token('2026-03-10')
  expect(refused.status).toBe(400)
  expect(refused.data.message).toBe(
    'The version you specified in the "X-GitHub-API-Version" request header, "2026-03-10", is not a supported version.'
  )
  expect(gh.tokens.size).toBe(0)
  expect((await token('2022-11-28')).status).toBe(201)
})

describe('stateless tokens', () => {
  test('ghs_<APPID>_<JWT>: about 520 characters, two dots, GitHub’s suggested pattern; they work like any token', async () => {
    gh.statelessTokens = true
    const minted = await token('2026-03-10')
    const value = String(minted.data.token)
    expect(value.startsWith(`ghs_${app.id}_`)).toBe(true)
    expect(value.split('.')).toHaveLength(3)
    expect(value).toMatch(/^ghs_[A-Za-z0-9._]{36,}$/)
    expect(value.length).toBeGreaterThanOrEqual(480)
    expect(value.length).toBeLessThanOrEqual(560)
    expect((await call('GET', '/repos/octo/a', `token ${value}`, '2026-03-10')).status).toBe(200)
  })

  test('the X-GitHub-Stateless-S2S-Token header forces either form for one request', async () => {
    const forced = await token('2026-03-10', { 'x-github-stateless-s2s-token': 'enabled' })
    expect(String(forced.data.token).split('.')).toHaveLength(3)
    gh.statelessTokens = true
    const classic = await token('2026-03-10', { 'x-github-stateless-s2s-token': 'disabled' })
    expect(String(classic.data.token)).toMatch(/^ghs_[A-Za-z0-9]+$/)
  })

  test('revocable by default; with revokesStatelessTokens off, the DELETE is answered 422 and the token keeps working', async () => {
    gh.statelessTokens = true
    const revocable = `token ${(await token('2026-03-10')).data.token}`
    expect((await call('DELETE', '/installation/token', revocable, '2026-03-10')).status).toBe(204)
    expect((await call('GET', '/repos/octo/a', revocable, '2026-03-10')).status).toBe(401)

    gh.revokesStatelessTokens = false
    const lasting = `token ${(await token('2026-03-10')).data.token}`
    expect((await call('DELETE', '/installation/token', lasting, '2026-03-10')).status).toBe(422)
    expect((await call('GET', '/repos/octo/a', lasting, '2026-03-10')).status).toBe(200)
  })
})
