/**
 * Behind a proxy, as on many self-hosted runners: with https_proxy set, every
 * request goes through it (CONNECT), over TLS to the API host.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { startGitHub, type LocalGitHub } from '../../support/github.js'
import { findLeaks, ROOT, runAction } from '../../../emulator/run-action.js'
import { runCli } from '../../support/run-cli.js'
import { zipOf } from '../../../emulator/zip.js'

const TLS = join(ROOT, '__tests__', 'support', 'tls')
let gh: LocalGitHub['gh']
let app: LocalGitHub['app']
let proxy: Server
let proxyUrl: string
const tunnels: string[] = []

beforeAll(async () => {
  ;({ gh, app } = await startGitHub({
    start: {
      tls: { key: readFileSync(join(TLS, 'key.pem'), 'utf8'), cert: readFileSync(join(TLS, 'cert.pem'), 'utf8') },
      hostname: 'api.github.test'
    }
  }))
  // A CONNECT proxy that knows api.github.test lives on 127.0.0.1.
  proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    if (host !== 'api.github.test') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})
afterAll(async () => {
  await gh.stop()
  proxy.closeAllConnections()
  await new Promise(resolve => proxy.close(resolve))
})

test('with https_proxy, the action reaches GitHub through the proxy', async () => {
  const result = await runAction({
    apiUrl: gh.url,
    inputs: { 'app-id': String(app.id), 'private-key': app.privateKey, repository: 'octo-org/deploy', 'event-type': 'deploy' },
    env: { https_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: join(TLS, 'cert.pem') }
  })
  expect(result.stdout + result.stderr).toContain("Dispatched 'deploy' to octo-org/deploy.")
  expect(result.code).toBe(0)
  expect(gh.dispatches).toHaveLength(1)
  expect(gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(tunnels.length).toBeGreaterThanOrEqual(1)
  expect(new Set(tunnels)).toEqual(new Set([`api.github.test:${gh.port}`]))
  expect(findLeaks(result, gh.secrets())).toEqual([])
})

test('the CLI too (its proxy support is a separate chunk, loaded only here)', async () => {
  gh.install({ app, account: 'cli-org', repositories: ['deploy'] })
  tunnels.length = 0
  const result = await runCli(['--repository', 'cli-org/deploy', '--event-type', 'deploy', '--json'], {
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_API_URL: gh.url,
    https_proxy: proxyUrl,
    NODE_EXTRA_CA_CERTS: join(TLS, 'cert.pem')
  })
  expect(result.stderr).toContain("Dispatched 'deploy' to cli-org/deploy.")
  expect(result.code).toBe(0)
  expect(new Set(tunnels)).toEqual(new Set([`api.github.test:${gh.port}`]))
})

test('the proxy is decided per host: storage on loopback is fetched directly while the API goes through the proxy', async () => {
  const app = gh.createApp()
  gh.install({ app, account: 'chain-org', repositories: ['deploy'], permissions: { contents: 'write', actions: 'read', metadata: 'read' } })
  const zip = await zipOf({ 'outputs.json': JSON.stringify({ version: '1.4.2' }) })
  gh.addWorkflow('chain-org/deploy', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 0, runMs: 300, conclusion: 'success' },
    artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
  })
  tunnels.length = 0
  gh.storage.requests.length = 0
  const result = await runAction({
    apiUrl: gh.url,
    inputs: {
      'app-id': String(app.id),
      'private-key': app.privateKey,
      repository: 'chain-org/deploy',
      'event-type': 'deploy',
      wait: 'true',
      'poll-interval': '1'
    },
    env: { https_proxy: proxyUrl, http_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: join(TLS, 'cert.pem') }
  })
  expect(result.code).toBe(0)
  expect(JSON.parse(result.outputs['outputs'] ?? '{}')).toEqual({ version: '1.4.2' })
  expect(gh.storage.requests.length).toBeGreaterThan(0)
  expect(new Set(tunnels)).toEqual(new Set([`api.github.test:${gh.port}`]))
  expect(findLeaks(result, gh.secrets())).toEqual([])
}, 30_000)
