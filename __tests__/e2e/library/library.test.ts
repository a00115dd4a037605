/**
 * The library API, called in-process against the emulator: the same
 * validation and results as the action, typed errors, no runner dependency.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppDispatchError, dispatch, failureMessage, InputError } from '../../../src/lib/index.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
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
  // A static import or a dynamic import() (the action loads it once its inputs are valid).
  const imports = /(?:from |import\()'@actions\/core'/
  const importers = files(join(ROOT, 'src')).filter(file => imports.test(readFileSync(file, 'utf8')))
  expect(importers.map(f => f.slice(ROOT.length + 1))).toEqual(['src/action/run.ts'])
  // …and the CLI bundle carries none of it (the job summary is @actions/core's).
  const cli = readdirSync(join(ROOT, 'dist', 'cli')).filter(f => f.endsWith('.js'))
  for (const chunk of cli) expect(readFileSync(join(ROOT, 'dist', 'cli', chunk), 'utf8')).not.toContain('GITHUB_STEP_SUMMARY')
})

describe('failed results carry error codes', () => {
  const base = () => ({ appId: app.id, privateKey: app.privateKey, apiUrl: gh.url, eventType: 'deploy' })

  test("a 404 from GitHub: results.filter(r => r.error_code === 'github-refused' && r.error_status === 404) finds it", async () => {
    const results = await dispatch({ ...base(), repository: ['octo-org/missing', 'octo-org/deploy'] })
    const notFound = results.filter(r => r.error_code === 'github-refused' && r.error_status === 404)
    expect(notFound).toEqual([
      expect.objectContaining({ repository: 'octo-org/missing', dispatched: false, error_step: 'installation-lookup' })
    ])
    // The library's words: the option's name.
    expect(notFound[0]?.error).toContain(`The GitHub App (appId ${app.id}) cannot see octo-org/missing`)
    expect(results[1]).toEqual({ repository: 'octo-org/deploy', installation_id: expect.any(Number), event: 'deploy', dispatched: true })
  })

  test('createJwt failing: the signer code, the message as before, nothing sent', async () => {
    const before = gh.requests.length
    const [result] = await dispatch({
      appId: app.id,
      apiUrl: gh.url,
      eventType: 'deploy',
      repository: 'octo-org/deploy',
      createJwt: () => Promise.reject(new Error('the HSM is down'))
    })
    expect(result).toMatchObject({ dispatched: false, error_code: 'signer', error: 'createJwt failed: the HSM is down' })
    expect(result).not.toHaveProperty('error_status')
    expect(gh.requests.length).toBe(before)
  })

  test('a dispatch whose answer was lost: delivery-unknown', async () => {
    gh.fault(ROUTES.dispatches, { reset: true, afterProcessing: true })
    const [result] = await dispatch({ ...base(), repository: 'octo-org/deploy' })
    expect(result).toMatchObject({ dispatched: 'unknown', error_code: 'delivery-unknown' })
  })

  test("GitHub's message is outside text: {wait} in it is not rendered as an option's name", async () => {
    gh.fault(ROUTES.dispatches, { status: 422, body: { message: 'Unknown field {wait} (try {wait-timeout=60})' } })
    const [result] = await dispatch({ ...base(), repository: 'octo-org/deploy' })
    expect(result).toMatchObject({ error_code: 'github-refused', error_status: 422, error_step: 'dispatch' })
    expect(result?.error).toBe('GitHub answered 422. GitHub said: "Unknown field {wait} (try {wait-timeout=60})".')
  })

  test('every deliberate error is an AppDispatchError whose code the caller switches on', async () => {
    const attempt = dispatch({ ...base(), repository: 'octo-org/deploy', eventType: '' })
    await expect(attempt).rejects.toBeInstanceOf(AppDispatchError)
    await expect(attempt).rejects.toMatchObject({ code: 'input' })
  })
})
