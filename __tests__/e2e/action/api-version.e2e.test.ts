/**
 * The REST API version, end to end with the bundle: github.com and GHE.com get
 * 2026-03-10 (workflow_dispatch reports its run unasked, repository objects
 * lack has_downloads), and a server that refuses the version is asked again
 * with 2022-11-28, for the rest of the step, said once. GitHub Enterprise
 * Server keeping 2022-11-28 (any other host) runs the action's path
 * in-process: unit/http/api-version.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { findLeaks, runAction } from '../../../emulator/run-action.js'
import { startCloudHost, type CloudHost } from '../../support/cloud-host.js'
import { resultsOf } from '../../support/fixture.js'

let cloud: CloudHost
let cloudApp: ReturnType<CloudHost['gh']['createApp']>

function setUp(gh: CloudHost['gh']): ReturnType<CloudHost['gh']['createApp']> {
  const app = gh.createApp()
  gh.install({
    app,
    account: 'ship-org',
    repositories: ['service'],
    permissions: { actions: 'write', contents: 'write', metadata: 'read' }
  })
  gh.addRepository('ship-org/service', { defaultBranch: 'trunk' })
  gh.addWorkflow('ship-org/service', {
    file: 'release.yml',
    name: 'Release',
    inputs: { version: { required: true }, distinct_id: {} },
    runName: 'Release ${{ inputs.distinct_id }}',
    lifecycle: { queuedMs: 200, runMs: 300 }
  })
  return app
}

beforeAll(async () => {
  cloud = await startCloudHost()
  cloudApp = setUp(cloud.gh)
})
afterAll(async () => {
  await cloud.stop()
})
beforeEach(() => {
  cloud.gh.reset()
})

const release = { repository: 'ship-org/service', workflow: 'release.yml', inputs: '{"version": "2.0.0"}' }

async function runOnCloud(host: string, inputs: Record<string, string>): ReturnType<typeof runAction> {
  const result = await runAction({
    apiUrl: cloud.apiUrl(host),
    inputs: { 'app-id': String(cloudApp.id), 'private-key': cloudApp.privateKey, ...inputs },
    env: cloud.env
  })
  expect(findLeaks(result, cloud.gh.secrets())).toEqual([])
  return result
}

const versionsSent = (gh: CloudHost['gh']): string[] => [...new Set(gh.requests.map(r => String(r.headers['x-github-api-version'])))]

describe('github.com and GHE.com: 2026-03-10', () => {
  test('workflow_dispatch on github.com: no return_run_details, the run reported, waited for on the new shapes', async () => {
    const result = await runOnCloud('api.github.com', { ...release, wait: 'true', 'poll-interval': '1', 'wait-timeout': '30' })
    expect(result.code).toBe(0)
    expect(versionsSent(cloud.gh)).toEqual(['2026-03-10'])
    expect(cloud.gh.requests.every(r => r.status !== 400)).toBe(true)
    const posts = cloud.gh.requestsFor(ROUTES.workflowDispatches)
    expect(posts.map(r => r.status)).toEqual([200])
    // The field is gone in 2026-03-10 (the run is reported unasked); no distinct_id is needed either.
    expect(posts[0]?.body).toEqual({ ref: 'trunk', inputs: { version: '2.0.0' } })
    const started = cloud.gh.runs[0]
    expect(result.outputs['run-id']).toBe(String(started?.id))
    expect(result.outputs['conclusion']).toBe('success')
    expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true, run_id: started?.id, conclusion: 'success' })
    expect(result.stdout).not.toMatch(/^::notice::/m)
    expect(cloud.gh).toHaveRevokedEveryToken()
    expect(new Set(cloud.tunnels)).toEqual(new Set([`api.github.com:${cloud.gh.port}`]))
  })

  test('repository_dispatch on GHE.com (api.SUBDOMAIN.ghe.com): every request, the App JWT ones included, asks for 2026-03-10', async () => {
    const result = await runOnCloud('api.octo.ghe.com', { repository: 'ship-org/service', 'event-type': 'deploy' })
    expect(result.code).toBe(0)
    expect(cloud.gh.requests.map(r => `${r.route} ${r.auth} ${String(r.headers['x-github-api-version'])}`)).toEqual([
      `${ROUTES.installation} jwt 2026-03-10`,
      `${ROUTES.accessTokens} jwt 2026-03-10`,
      `${ROUTES.dispatches} token 2026-03-10`,
      `${ROUTES.revoke} token 2026-03-10`
    ])
    expect(cloud.gh.dispatches).toHaveLength(1)
    expect(new Set(cloud.tunnels)).toContain(`api.octo.ghe.com:${cloud.gh.port}`)
  })
})

describe('a server that does not know 2026-03-10', () => {
  test('the first request is refused (400); the step goes on with 2022-11-28, said once, return_run_details asked for', async () => {
    cloud.gh.apiVersions = ['2022-11-28']
    const result = await runOnCloud('api.github.com', release)
    expect(result.code).toBe(0)
    expect(cloud.gh.requests.map(r => `${r.route} ${String(r.headers['x-github-api-version'])} ${r.status}`)).toEqual([
      `${ROUTES.installation} 2026-03-10 400`,
      `${ROUTES.installation} 2022-11-28 200`,
      `${ROUTES.accessTokens} 2022-11-28 201`,
      `${ROUTES.repository} 2022-11-28 200`,
      `${ROUTES.workflowDispatches} 2022-11-28 200`,
      `${ROUTES.revoke} 2022-11-28 204`
    ])
    expect(cloud.gh.requestsFor(ROUTES.workflowDispatches)[0]?.body).toEqual({
      ref: 'trunk',
      inputs: { version: '2.0.0' },
      return_run_details: true
    })
    expect(result.outputs['run-id']).toBe(String(cloud.gh.runs[0]?.id))
    const notices = result.stdout.split('\n').filter(line => line.startsWith('::notice::'))
    expect(notices).toEqual([
      '::notice::This GitHub does not support REST API version 2026-03-10 (it answered 400): using 2022-11-28 for the rest of this run.'
    ])
    expect(result.errors).toEqual([])
  })

  test('a 400 that is not about the version is not retried: the step fails with GitHub’s answer', async () => {
    cloud.gh.fault(ROUTES.installation, { status: 400, body: { message: 'Problems parsing JSON' } })
    const result = await runOnCloud('api.github.com', { repository: 'ship-org/service', 'event-type': 'deploy' })
    expect(result.code).toBe(1)
    expect(cloud.gh.requestsFor(ROUTES.installation)).toHaveLength(1)
    expect(result.errors.join('\n')).toContain('Problems parsing JSON')
    expect(result.stdout).not.toMatch(/^::notice::/m)
  })
})
