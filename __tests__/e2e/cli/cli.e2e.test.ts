/**
 * The command-line tool, run as a child process against the emulator:
 * progress on stderr, --json on stdout, exit codes 0 / 1 / 2. (Each kind of
 * bad usage or input, in-process: unit/cli/main.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { DISPATCH_AND_FOLLOW, startGitHub } from '../../support/github.js'
import { runCli } from '../../support/run-cli.js'
import { sigintOnRequest } from '../../support/fixture.js'
import { tempDir } from '../../support/temp-dir.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let env: Record<string, string>

beforeAll(async () => {
  ;({ gh, app, env } = await startGitHub({ repositories: ['deploy', 'docs'], permissions: DISPATCH_AND_FOLLOW }))
  gh.addWorkflow('octo-org/docs', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 0, runMs: 60_000, conclusion: 'success' }
  })
  gh.addWorkflow('octo-org/deploy', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 200, runMs: 500, conclusion: 'success' }
  })
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
})

function noSecrets(output: string): void {
  for (const secret of gh.secrets()) expect(output).not.toContain(secret)
}

test('success: progress on stderr, nothing on stdout, exit 0', async () => {
  const result = await runCli(['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--client-payload', '{"version":"1.2.3"}'], env)
  expect(result.code).toBe(0)
  expect(result.stdout).toBe('')
  expect(result.stderr).toContain("Dispatched 'deploy' to octo-org/deploy.")
  expect(gh.dispatches[0]?.client_payload).toEqual({ version: '1.2.3' })
  expect(gh).toHaveRevokedEveryToken()
  noSecrets(result.stdout + result.stderr)
})

test('--json prints the results; --repository repeats and takes commas; the key comes from a file', async () => {
  const dir = tempDir('app-dispatch-cli-')
  const keyFile = join(dir, 'app.pem')
  writeFileSync(keyFile, app.privateKey)
  const result = await runCli(
    [
      '--repository',
      'octo-org/deploy',
      '--repository',
      'octo-org/docs,octo-org/deploy',
      '--event-type',
      'deploy',
      '--json',
      '--private-key-file',
      keyFile
    ],
    { GITHUB_APP_ID: String(app.id), GITHUB_API_URL: gh.url }
  )
  expect(result.code).toBe(0)
  const results = JSON.parse(result.stdout)
  expect(results.map((r: { repository: string; dispatched: boolean }) => [r.repository, r.dispatched])).toEqual([
    ['octo-org/deploy', true],
    ['octo-org/docs', true]
  ])
  expect(gh.requestsFor(ROUTES.accessTokens)).toHaveLength(1)
})

test('a failed dispatch: exit 1 with one line naming the target', async () => {
  gh.addRepository('stranger/site')
  const result = await runCli(['--repository', 'octo-org/deploy,stranger/site', '--event-type', 'deploy', '--json'], env)
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(/^app-dispatch: 1 of 2 targets failed \(1 succeeded\):\n- stranger\/site: The GitHub App/m)
  expect(JSON.parse(result.stdout)[1]).toMatchObject({ repository: 'stranger/site', dispatched: false })
  expect(result.stderr).not.toMatch(/^\s+at /m)
})

test('--wait follows the run and exits 0 on success', async () => {
  const result = await runCli(
    ['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--wait', '--poll-interval', '1', '--json'],
    env
  )
  expect(result.code).toBe(0)
  expect(result.stderr).toMatch(/run #\d+ .*completed \(success\)/)
  expect(JSON.parse(result.stdout)[0]).toMatchObject({ conclusion: 'success', status: 'completed' })
})

test('Ctrl-C while waiting: exit 1, the token revoked, the run named', async () => {
  const cancel = sigintOnRequest(gh, ROUTES.getRun)
  const result = await runCli(
    ['--repository', 'octo-org/docs', '--event-type', 'deploy', '--wait', '--poll-interval', '1'],
    env,
    cancel.onStart
  )
  expect(result.code).toBe(1)
  expect(result.stderr).toContain('app-dispatch: SIGINT: stopping and revoking tokens')
  expect(result.stderr).toMatch(/cancelled while waiting for run #\d+ in octo-org\/docs/)
  expect(gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(gh).toHaveRevokedEveryToken()
})

describe('bad usage or input: exit 2, one line, nothing sent', () => {
  // The contract through the bundle, once; each other usage or input mistake runs main() in-process:
  // unit/cli/main.test.ts.
  test('a required value missing from the flags and the environment', async () => {
    const result = await runCli(['--repository', 'octo-org/deploy', '--event-type', 'deploy'], { ...env, GITHUB_APP_ID: '' })
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(
      /^app-dispatch: --client-id \(or \$GITHUB_APP_CLIENT_ID\): is required: .*\(--app-id, its older name, is accepted too\)/
    )
    expect(result.stderr).not.toMatch(/^\s+at /m)
    expect(gh).toHaveSentNothing()
  })
})

test('--help documents the flags with examples', async () => {
  const result = await runCli(['--help'])
  expect(result.code).toBe(0)
  for (const flag of [
    '--repository',
    '--event-type',
    '--client-payload',
    '--workflow',
    '--ref',
    '--inputs',
    '--wait',
    '--wait-timeout',
    '--poll-interval',
    '--installation-id',
    '--api-url',
    '--private-key-file',
    '--json'
  ]) {
    expect(result.stdout).toContain(flag)
  }
  expect(result.stdout).toContain('Examples:')
  expect(result.stdout).toContain('Exit codes')
})

test('GitHub and network failures speak CLI terms, in one line; retry lines show the path requested', async () => {
  // A TLS client against a plain-http port: OpenSSL's two-line report becomes one sentence.
  const tls = await runCli(
    [
      '--repository',
      'octo-org/deploy',
      '--event-type',
      'deploy',
      '--api-url',
      gh.url.replace('http:', 'https:').replace('127.0.0.1', 'localhost')
    ],
    env
  )
  expect(tls.code).toBe(1)
  const last = tls.stderr.trim().split('\n').pop() ?? ''
  expect(last).toMatch(
    /^app-dispatch: Could not reach the GitHub API \(the server did not answer with TLS: is the https:\/\/ URL pointing at a plain http port\?\) after retrying\. Check --api-url and this machine's network or proxy settings\.$/
  )
  expect(tls.stderr).not.toMatch(/runner|github-api-url/)
  // A retried request names the path it asked for, not the route template.
  gh.fault(ROUTES.installation, { status: 502 })
  const retried = await runCli(['--repository', 'octo-org/deploy', '--event-type', 'deploy'], env)
  expect(retried.code).toBe(0)
  expect(retried.stderr).toContain('GET /repos/octo-org/deploy/installation: HTTP 502; retrying in')
  expect(retried.stderr).not.toContain('%7B')
}, 120_000)
