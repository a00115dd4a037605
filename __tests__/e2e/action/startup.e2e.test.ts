/**
 * Start-up: the bundles evaluate only what the path taken needs. An input
 * error, `--help` or `--version` loads no chunk (the dispatch core, Octokit,
 * the App auth and the Slack code are each loaded with import() where they
 * are used) and no node:http/https; docs/performance.md has the figures.
 */
import { expect, test } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runAction } from '../../../emulator/run-action.js'
import { runCli } from '../../support/run-cli.js'
import { tempDir } from '../../support/temp-dir.js'

/** Preloaded into the bundle's process: on exit, prints the Node built-ins it loaded. */
const preload = join(tempDir('app-dispatch-startup-'), 'builtins.cjs')
writeFileSync(
  preload,
  "process.on('exit', () => process.stderr.write('\\nBUILTINS ' + JSON.stringify(process.moduleLoadList.filter(m => m.startsWith('NativeModule ')).map(m => m.slice(13))) + '\\n'))\n"
)
/** NODE_DEBUG=esm names each ES module the process loads: the entry and any chunk. */
const TRACE = { NODE_OPTIONS: `--require ${preload}`, NODE_DEBUG: 'esm' }

/** The chunks (`123.index.js`) and the built-ins the process loaded, from its stderr; checks the tracing saw the entry. */
function loaded(stderr: string, entry: string): { chunks: string[]; builtins: string[] } {
  expect(stderr).toContain(`${entry}`)
  const chunks = [...new Set([...stderr.matchAll(/\/(\d+\.index\.js)\b/g)].map(m => m[1] ?? ''))]
  const line = /^BUILTINS (.*)$/m.exec(stderr)?.[1]
  expect(line).toBeDefined()
  return { chunks, builtins: JSON.parse(line ?? '[]') as string[] }
}

// Not net: a piped stdout or stderr is a net.Socket.
const NETWORK = ['http', 'https', 'tls', 'internal/deps/undici/undici']

test('the bundles carry neither Octokit nor the App auth in the file evaluated at start-up', () => {
  for (const main of ['dist/index.js', 'dist/cli/index.js']) {
    const text = readFileSync(join(ROOT, main), 'utf8')
    for (const marker of ['octokit-core.js', 'octokit-auth-app.js', '/app/installations/{installation_id}/access_tokens']) {
      expect(`${main}: ${text.includes(marker) ? marker : 'none'}`).toBe(`${main}: none`)
    }
  }
  expect(readFileSync(join(ROOT, 'dist/cli/index.js'), 'utf8')).not.toContain('chat.postMessage')
  // @actions/core is loaded once the inputs are valid (src/action/start-commands.ts writes the commands before).
  expect(readFileSync(join(ROOT, 'dist/index.js'), 'utf8')).not.toContain('Unable to find environment variable for file command')
})

test('the action run to an input error loads no chunk, no network module, no crypto and no fs.promises', async () => {
  const result = await runAction({
    apiUrl: 'http://127.0.0.1:9',
    inputs: { 'app-id': '1', 'private-key': '', repository: 'octo-org/deploy', 'event-type': '' },
    env: TRACE
  })
  expect(result.code).toBe(1)
  expect(result.errors).toHaveLength(1)
  const { chunks, builtins } = loaded(result.stderr, 'dist/index.js')
  expect(chunks).toEqual([])
  // With no key given, nothing needs node:crypto; @actions/core (its file commands load crypto, its job
  // summary fs.promises) is not loaded before the inputs are valid.
  expect(builtins.filter(name => [...NETWORK, 'crypto', 'internal/fs/promises'].includes(name))).toEqual([])
})

test.each([
  [['--help'], 0],
  [['--version'], 0],
  [['--repository', 'octo-org/deploy', '--event-type', 'deploy'], 2]
])('the CLI with %j loads no chunk, no network module and no crypto', async (args, code) => {
  const result = await runCli(args, TRACE)
  expect(result.code).toBe(code)
  const { chunks, builtins } = loaded(result.stderr, 'dist/cli/index.js')
  expect(chunks).toEqual([])
  // node:crypto is loaded when a key is first read (input/private-key.ts), and none is read here.
  expect(builtins.filter(name => [...NETWORK, 'crypto'].includes(name))).toEqual([])
})

test('request-approval loads its code from a chunk (the tracing sees chunks)', async () => {
  const result = await runCli(['request-approval', '--help'], TRACE)
  expect(result.code).toBe(0)
  expect(loaded(result.stderr, 'dist/cli/index.js').chunks).toHaveLength(1)
})
