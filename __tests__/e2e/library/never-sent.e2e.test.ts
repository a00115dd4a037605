/**
 * "Never sent" is judged by what the socket did, not by the error's code. Behind a TLS 1.2 front (a load
 * balancer or inspection box) that forwards the dispatch and then writes a plaintext error onto the
 * socket, the client's OpenSSL fails with "wrong version number" (EPROTO) after the request was written:
 * GitHub has it, so it is not sent again and the outcome is "unknown". The same error during the
 * handshake, before anything was written, is still a request never sent, and is sent again.
 *
 * Through the library (lib/, in a child process that trusts the front's certificate) and the CLI bundle.
 */
import { afterEach, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { ROOT, STEP_NODE } from '../../../emulator/run-action.js'
import { runCli } from '../../support/run-cli.js'
import { FRONT_CERT, startTlsFront, type FrontOptions, type TlsFront } from '../../support/tls-front.js'
import { useGitHub } from '../../support/use.js'

const local = useGitHub()
let front: TlsFront | undefined

afterEach(async () => {
  await front?.stop()
  front = undefined
})

const spoilDispatch: FrontOptions['spoil'] = (method, path) => method === 'POST' && path.endsWith('/dispatches')

/** The library as a user imports it (lib/), in a process that trusts the front's certificate. */
async function libraryDispatch(apiUrl: string): Promise<{ results: Array<Record<string, unknown>>; stderr: string }> {
  const script = `
    import { dispatch } from ${JSON.stringify(join(ROOT, 'lib', 'lib', 'index.js'))}
    const results = await dispatch({
      appId: process.env.APP_ID, privateKey: process.env.APP_KEY, apiUrl: process.env.API_URL,
      repository: 'octo-org/deploy', eventType: 'deploy', logger: { info: line => console.error(line) }
    })
    console.log(JSON.stringify(results))`
  const child = spawn(STEP_NODE, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_EXTRA_CA_CERTS: FRONT_CERT,
      APP_ID: String(local.app.id),
      APP_KEY: local.app.privateKey,
      API_URL: apiUrl
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const code = await new Promise(resolve => child.on('close', resolve))
  if (code !== 0) throw new Error(`the library's process exited with ${String(code)}: ${stderr}`)
  return { results: JSON.parse(stdout) as Array<Record<string, unknown>>, stderr }
}

const cli = (apiUrl: string) =>
  runCli(['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--json'], {
    ...local.env,
    GITHUB_API_URL: apiUrl,
    NODE_EXTRA_CA_CERTS: FRONT_CERT
  })

test.each([
  ['a kept-alive (reused) connection', true],
  ['a fresh connection (its TLS handshake had completed)', false]
])('library: the front spoils the dispatch on %s: one dispatch, outcome unknown', async (_name, keepAlive) => {
  front = await startTlsFront(local.gh.url, { spoil: spoilDispatch, keepAlive })
  const { results } = await libraryDispatch(front.url)
  expect(front.spoiled).toHaveLength(1)
  expect(local.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
  expect(local.gh.dispatches).toHaveLength(1)
  expect(results).toEqual([expect.objectContaining({ repository: 'octo-org/deploy', dispatched: 'unknown' })])
  expect(String(results[0]?.['error'])).toContain('GitHub may have started it')
  expect(String(results[0]?.['error'])).toContain('so it was not sent again')
  // Said as what happened: not "is the https:// URL pointing at a plain http port?", the handshake had worked.
  expect(String(results[0]?.['error'])).toContain(
    'after the request was sent, something between this machine and GitHub answered with bytes that are not TLS'
  )
})

test.each([
  ['a kept-alive (reused) connection', true],
  ['a fresh connection', false]
])('CLI bundle: the front spoils the dispatch on %s: one dispatch, outcome unknown', async (_name, keepAlive) => {
  front = await startTlsFront(local.gh.url, { spoil: spoilDispatch, keepAlive })
  const result = await cli(front.url)
  expect(front.spoiled).toHaveLength(1)
  expect(local.gh.dispatches).toHaveLength(1)
  expect(result.code).not.toBe(0)
  const results = JSON.parse(result.stdout) as Array<Record<string, unknown>>
  expect(results).toEqual([expect.objectContaining({ repository: 'octo-org/deploy', dispatched: 'unknown' })])
  expect(result.stderr).not.toMatch(/^Dispatched /m)
})

test('CLI bundle: the same error during the TLS handshake, before anything was written, is sent again: one dispatch, dispatched', async () => {
  // Every request opens its own connection: the installation, the token, then the dispatch's, which gets
  // plaintext instead of a handshake.
  front = await startTlsFront(local.gh.url, { keepAlive: false, handshakeGarbage: [3] })
  const result = await cli(front.url)
  expect(result.stderr).toMatch(/POST \/repos\/octo-org\/deploy\/dispatches: no answer \(.*\); retrying in/)
  expect(result.code).toBe(0)
  expect(local.gh.dispatches).toHaveLength(1)
  expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ dispatched: true })])
})
