/**
 * The library API, called in-process against the emulator: the same
 * validation and results as the action, typed errors, no runner dependency.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dispatch, failureMessage, InputError } from '../../../src/lib/index.js'
import { planFromOptions } from '../../../src/lib/options.js'
import type { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { startGitHub } from '../../support/github.js'
import { ROOT } from '../../../emulator/run-action.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>

beforeAll(async () => {
  ;({ gh, app } = await startGitHub())
})
afterAll(async () => {
  await gh.stop()
})

test('dispatch() sends, revokes and returns typed per-target results', async () => {
  const lines: string[] = []
  const secrets: string[] = []
  const results = await dispatch({
    appId: app.id,
    privateKey: app.privateKey,
    repository: ['octo-org/deploy'],
    eventType: 'deploy',
    clientPayload: { version: '1.2.3', nested: { ok: true } },
    apiUrl: gh.url,
    logger: { info: line => lines.push(line) },
    onSecret: secret => secrets.push(secret)
  })
  expect(results).toEqual([{ repository: 'octo-org/deploy', installation_id: expect.any(Number), event: 'deploy', dispatched: true }])
  expect(failureMessage(results)).toBeUndefined()
  expect(gh.dispatches[0]?.client_payload).toEqual({ version: '1.2.3', nested: { ok: true } })
  expect(lines).toContain("Dispatched 'deploy' to octo-org/deploy.")
  // Each JWT GitHub was shown (two when the calls straddle a second) and the token, each once.
  expect([...secrets].sort()).toEqual([...gh.jwts, ...gh.tokens.keys()].sort())
  expect(gh).toHaveRevokedEveryToken()
})

test("bad options reject with an InputError carrying the action's message, before any request", async () => {
  const before = gh.requests.length
  const attempt = dispatch({
    appId: app.id,
    privateKey: app.privateKey,
    repository: 'octo-org/deploy',
    eventType: 'x'.repeat(101),
    apiUrl: gh.url
  })
  await expect(attempt).rejects.toBeInstanceOf(InputError)
  await expect(attempt).rejects.toMatchObject({
    input: 'event-type',
    message: "Option 'eventType': is 101 characters long; GitHub allows at most 100. Use a short name and move details into clientPayload."
  })
  expect(gh.requests.length).toBe(before)
})

test('options map onto the same Plan as the action inputs', () => {
  const plan = planFromOptions({
    appId: 'Iv23abc',
    privateKey: app.privateKey,
    repository: 'a/b, c/d',
    workflow: 'deploy.yml',
    inputs: { environment: 'prod' },
    wait: true,
    pollIntervalSeconds: 5,
    apiUrl: 'https://ghes.example.com/api/v3/'
  })
  expect(plan).toMatchObject({
    appId: 'Iv23abc',
    targets: [{ fullName: 'a/b' }, { fullName: 'c/d' }],
    mode: { kind: 'workflow_dispatch', workflow: 'deploy.yml', inputs: { environment: 'prod' } },
    wait: { timeoutSeconds: 1800, pollIntervalSeconds: 5 },
    apiUrl: 'https://ghes.example.com/api/v3'
  })
})

test('only the action adapter imports @actions/core', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
  const importers = files(join(ROOT, 'src')).filter(file => readFileSync(file, 'utf8').includes("from '@actions/core'"))
  expect(importers.map(f => f.slice(ROOT.length + 1))).toEqual(['src/action/run.ts'])
  // …and the CLI bundle carries none of it (the job summary is @actions/core's).
  const cli = readdirSync(join(ROOT, 'dist', 'cli')).filter(f => f.endsWith('.js'))
  for (const chunk of cli) expect(readFileSync(join(ROOT, 'dist', 'cli', chunk), 'utf8')).not.toContain('GITHUB_STEP_SUMMARY')
})
