/**
 * Reading a target's .github/app-dispatch.yml through the emulator's contents
 * route, with a token that may read only that repository's contents.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Octokit } from '@octokit/core'
import { createAppAuth } from '@octokit/auth-app'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { loadPolicyText, parsePolicy, POLICY_PATH } from '../../../src/broker/policy/index.js'
import { startGitHub } from '../../support/github.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let installationId: number

const POLICY = 'version: 1\nallow:\n  - from: { repository: octo-org/app }\n    repository_dispatch: [deploy]\n'

beforeAll(async () => {
  const local = await startGitHub({
    repositories: ['deploy-service', 'other'],
    permissions: { contents: 'write', actions: 'write', metadata: 'read' }
  })
  ;({ gh, app } = local)
  installationId = local.installation.id
  gh.setFile('octo-org/deploy-service', POLICY_PATH, POLICY)
  gh.setFile('octo-org/deploy-service', '.github/workflows/deploy.yml', 'on: workflow_dispatch\n')
})
afterAll(async () => {
  await gh.stop()
})

/** A client with a token for the named repositories and permissions, as the broker mints one to read a policy. */
async function client(repositoryNames: string[], permissions: Record<string, 'read' | 'write'>): Promise<Octokit> {
  const auth = createAppAuth({ appId: app.id, privateKey: app.privateKey, request: new Octokit({ baseUrl: gh.url }).request })
  const { token } = await auth({ type: 'installation', installationId, repositoryNames, permissions })
  return new Octokit({ baseUrl: gh.url, auth: token })
}

describe('the emulator serves repository contents', () => {
  test('a file comes base64-encoded with its size, from the default branch', async () => {
    const octokit = await client(['deploy-service'], { contents: 'read' })
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: 'octo-org',
      repo: 'deploy-service',
      path: POLICY_PATH
    })
    const file = data as { type: string; path: string; size: number; encoding: string; content: string }
    expect(file).toMatchObject({ type: 'file', path: POLICY_PATH, size: POLICY.length, encoding: 'base64' })
    expect(Buffer.from(file.content, 'base64').toString()).toBe(POLICY)
    expect(gh.requestsFor(ROUTES.contents).at(-1)?.path).toMatch(/\/contents\/\.github(\/|%2F)app-dispatch\.yml$/)
  })

  test('a directory lists its entries; another ref or a missing file is 404', async () => {
    const octokit = await client(['deploy-service'], { contents: 'read' })
    const list = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: 'octo-org',
      repo: 'deploy-service',
      path: '.github'
    })
    expect((list.data as Array<{ name: string; type: string }>).map(e => [e.name, e.type])).toEqual([
      ['app-dispatch.yml', 'file'],
      ['workflows', 'dir']
    ])
    const status = (path: string, ref?: string) =>
      octokit
        .request('GET /repos/{owner}/{repo}/contents/{path}', { owner: 'octo-org', repo: 'deploy-service', path, ...(ref ? { ref } : {}) })
        .then(
          r => r.status,
          (e: { status: number }) => e.status
        )
    expect(await status('.github/missing.yml')).toBe(404)
    expect(await status(POLICY_PATH, 'dev')).toBe(404)
    expect(await status(POLICY_PATH, 'main')).toBe(200)
  })

  test('a token without Contents, or for another repository, cannot read the file', async () => {
    const actionsOnly = await client(['deploy-service'], { actions: 'read' })
    await expect(
      actionsOnly.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: 'octo-org', repo: 'deploy-service', path: POLICY_PATH })
    ).rejects.toMatchObject({ status: 403 })
    const otherRepository = await client(['other'], { contents: 'read' })
    await expect(
      otherRepository.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: 'octo-org', repo: 'deploy-service', path: POLICY_PATH })
    ).rejects.toMatchObject({ status: 404 })
  })
})

describe('loadPolicyText', () => {
  test('reads the policy from the default branch, and it parses', async () => {
    const loaded = await loadPolicyText(await client(['deploy-service'], { contents: 'read' }), 'octo-org', 'deploy-service')
    expect(loaded).toEqual({ text: POLICY })
    const parsed = parsePolicy('text' in loaded ? loaded.text : '', `octo-org/deploy-service:${POLICY_PATH}`)
    expect('policy' in parsed && parsed.policy.rules).toHaveLength(1)
    const request = gh.requestsFor(ROUTES.contents).at(-1)
    expect(request?.query).toEqual({})
  })

  test('no policy file: nothing may be dispatched, and the answer says so', async () => {
    expect(await loadPolicyText(await client(['other'], { contents: 'read' }), 'octo-org', 'other')).toEqual({
      problem: 'no .github/app-dispatch.yml on the default branch of octo-org/other: nothing may be dispatched to it through the broker'
    })
  })

  test('any other failure is a problem (fail closed)', async () => {
    expect(await loadPolicyText(await client(['deploy-service'], { actions: 'read' }), 'octo-org', 'deploy-service')).toEqual({
      problem:
        'could not read .github/app-dispatch.yml on the default branch of octo-org/deploy-service: GitHub answered 403, so nothing is allowed'
    })
    const reader = await client(['deploy-service'], { contents: 'read' })
    gh.fault(ROUTES.contents, { status: 500 })
    expect(await loadPolicyText(reader, 'octo-org', 'deploy-service')).toMatchObject({
      problem: expect.stringMatching(/GitHub answered 500/)
    })
    expect(await loadPolicyText(reader, 'octo-org', 'deploy-service', '.github')).toEqual({
      problem: '.github on the default branch of octo-org/deploy-service is a directory, not a file'
    })
  })

  test('a file over the size limit is refused', async () => {
    const big = `${POLICY}# ${'x'.repeat(70_000)}\n`
    gh.setFile('octo-org/other', POLICY_PATH, big)
    try {
      const loaded = await loadPolicyText(await client(['other'], { contents: 'read' }), 'octo-org', 'other')
      expect(loaded).toEqual({
        problem: `.github/app-dispatch.yml on the default branch of octo-org/other is ${big.length} bytes; at most 65536 are read`
      })
    } finally {
      gh.setFile('octo-org/other', POLICY_PATH, undefined)
    }
  })
})
