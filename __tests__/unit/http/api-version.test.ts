/**
 * Which REST API version goes where, how a refusal is recognised, and the
 * fallback as one request stack (transport) lives it: concurrent requests
 * refused together say it once, and each transport finds out for itself.
 * A GitHub Enterprise Server that knows only 2022-11-28 runs the action's
 * path in-process (support/action-in-process.ts); the contract through the
 * bundle (github.com and GHE.com by their host names, the fallback said once)
 * is e2e/action/api-version.e2e.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { apiVersionFor, isVersionRefusal, reportsRunByDefault } from '../../../src/http/api-version.js'
import { findInstallation, mintToken } from '../../../src/github/installations.js'
import { createTokenClient, createTransport } from '../../../src/http/client.js'
import { createAppClient } from '../../../src/auth/clients.js'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { leaksOf, runActionInProcess } from '../../support/action-in-process.js'
import { stackLines } from '../../support/fixture.js'
import { startGitHub } from '../../support/github.js'
import { useGitHubOnClock } from '../../support/use.js'

describe('the version asked for first, by API host', () => {
  test.each([
    ['https://api.github.com', '2026-03-10'],
    ['https://API.GitHub.com/', '2026-03-10'],
    ['https://api.octo.ghe.com', '2026-03-10'],
    ['https://api.my-company.ghe.com/', '2026-03-10'],
    ['https://ghes.example/api/v3', '2022-11-28'],
    ['https://github.example.com/api/v3', '2022-11-28'],
    ['http://127.0.0.1:8080', '2022-11-28'],
    // Look-alikes are somebody else's server.
    ['https://api.github.com.evil.example', '2022-11-28'],
    ['https://api.octo.ghe.com.evil.example', '2022-11-28'],
    ['https://octo.ghe.com', '2022-11-28'],
    ['https://api.a.b.ghe.com', '2022-11-28'],
    ['not a url', '2022-11-28']
  ])('%s → %s', (url, version) => {
    expect(apiVersionFor(url)).toBe(version)
  })
})

test('a refusal is a 400 that speaks of the version; other 400s and other statuses are not', () => {
  const github = 'The version you specified in the "X-GitHub-API-Version" request header, "2026-03-10", is not a supported version.'
  expect(isVersionRefusal(400, github)).toBe(true)
  expect(isVersionRefusal(400, 'Unsupported API version')).toBe(true)
  expect(isVersionRefusal(400, 'Problems parsing JSON')).toBe(false)
  expect(isVersionRefusal(422, github)).toBe(false)
  expect(isVersionRefusal(undefined, github)).toBe(false)
})

test('only 2026-03-10 and later report the dispatched run unasked', () => {
  expect(reportsRunByDefault('2026-03-10')).toBe(true)
  expect(reportsRunByDefault('2022-11-28')).toBe(false)
})

describe('the fallback, per transport', () => {
  let gh: GitHubEmulator
  let app: ReturnType<GitHubEmulator['createApp']>
  let installationId: number
  const notices: string[] = []
  const log = { debug: () => undefined, info: () => undefined, notice: (m: string) => void notices.push(m), warning: () => undefined }

  beforeAll(async () => {
    const local = await startGitHub({ account: 'octo-org', repositories: ['a', 'b', 'c'] })
    ;({ gh, app } = local)
    installationId = local.installation.id
  })
  afterAll(async () => {
    await gh.stop()
  })
  beforeEach(() => {
    gh.reset()
    notices.length = 0
  })

  const transport = () => createTransport({ apiUrl: gh.url, userAgent: 'test', log, onSecret: () => undefined, apiVersion: '2026-03-10' })

  test('three requests refused at once: each is sent again with 2022-11-28, the fallback said once, and kept', async () => {
    gh.apiVersions = ['2022-11-28']
    const stack = transport()
    const client = createAppClient(stack, String(app.id), { kind: 'private-key', pem: app.privateKey })
    const ids = await Promise.all(['a', 'b', 'c'].map(repo => findInstallation(client, 'octo-org', repo)))
    expect(ids).toEqual([installationId, installationId, installationId])
    const refused = gh.requests.filter(r => r.status === 400)
    expect(refused.map(r => r.apiVersion)).toEqual(['2026-03-10', '2026-03-10', '2026-03-10'])
    expect(gh.requests.filter(r => r.status === 200).map(r => r.apiVersion)).toEqual(['2022-11-28', '2022-11-28', '2022-11-28'])
    expect(notices).toHaveLength(1)
    expect(stack.apiVersion).toBe('2022-11-28')
    // Another run's transport knows nothing of it.
    expect(transport().apiVersion).toBe('2026-03-10')

    // The token client shares the transport: it starts on 2022-11-28, no refusal.
    const minted = await mintToken(client, installationId, ['a'], { contents: 'write' })
    const tokenClient = createTokenClient(stack, minted.token)
    await tokenClient.request('GET /repos/{owner}/{repo}', { owner: 'octo-org', repo: 'a' })
    expect(gh.requests.slice(-2).map(r => `${r.apiVersion} ${r.status}`)).toEqual(['2022-11-28 201', '2022-11-28 200'])
    expect(notices).toHaveLength(1)
  })

  test('another transport (another run in the same process) asks again, and a server that knows the version is never refused', async () => {
    const stack = transport()
    const first = createAppClient(stack, String(app.id), { kind: 'private-key', pem: app.privateKey })
    await findInstallation(first, 'octo-org', 'a')
    expect(gh.requests.map(r => `${r.apiVersion} ${r.status}`)).toEqual(['2026-03-10 200'])
    expect(stack.apiVersion).toBe('2026-03-10')
    expect(notices).toEqual([])
  })

  test('a version refusal on 2022-11-28 itself is not retried: there is nothing older to fall back to', async () => {
    gh.fault(ROUTES.installation, { status: 400, body: { message: 'The version you specified is not a supported version.' } })
    const stack = createTransport({ apiUrl: gh.url, userAgent: 'test', log, onSecret: () => undefined })
    const client = createAppClient(stack, String(app.id), { kind: 'private-key', pem: app.privateKey })
    await expect(findInstallation(client, 'octo-org', 'a')).rejects.toMatchObject({ status: 400 })
    expect(gh.requestsFor(ROUTES.installation)).toHaveLength(1)
    expect(notices).toEqual([])
  })
})

describe('the step on GitHub Enterprise Server (any other host): 2022-11-28', () => {
  const local = useGitHubOnClock({
    account: 'ship-org',
    repositories: ['service'],
    permissions: { actions: 'write', contents: 'write', metadata: 'read' },
    setup: ({ gh }) => {
      gh.addRepository('ship-org/service', { defaultBranch: 'trunk' })
      gh.addWorkflow('ship-org/service', {
        file: 'release.yml',
        name: 'Release',
        inputs: { version: { required: true }, distinct_id: {} },
        runName: 'Release ${{ inputs.distinct_id }}',
        lifecycle: { queuedMs: 200, runMs: 300 }
      })
    }
  })

  test('an old GHES that knows only 2022-11-28 is never refused: return_run_details is asked for', async () => {
    local.gh.apiVersions = ['2022-11-28']
    const step = await runActionInProcess({
      apiUrl: local.gh.url,
      inputs: {
        'app-id': String(local.app.id),
        'private-key': local.app.privateKey,
        repository: 'ship-org/service',
        workflow: 'release.yml',
        inputs: '{"version": "2.0.0"}'
      },
      clock: local.clock
    })
    expect(step.error).toBeUndefined()
    expect(leaksOf(step, local.gh.secrets())).toEqual([])
    expect(stackLines(step.log.join('\n'))).toEqual([])
    expect([...new Set(local.gh.requests.map(r => String(r.headers['x-github-api-version'])))]).toEqual(['2022-11-28'])
    expect(local.gh.requests.every(r => r.status !== 400)).toBe(true)
    expect(local.gh.requestsFor(ROUTES.workflowDispatches)[0]?.body).toMatchObject({ return_run_details: true })
    // The run-id output is the first result's run_id (src/action/run.ts).
    expect(step.results[0]?.run_id).toBe(local.gh.runs[0]?.id)
    expect(step.notices).toEqual([])
    expect(local.gh).toHaveRevokedEveryToken()
  })
})
