/**
 * A chain both ways, through the bundled action: outputs come back from the
 * downstream run's artifact, a cancelled step cancels the runs it started,
 * and a failed run explains itself with its failed jobs, steps and log tail,
 * printed inert.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { allTokensRevoked, cancelLikeTheRunner, resultsOf, ROUTES, sigintOnRequest, startFixture, type Fixture } from './support/fixture.js'
import { OWN_COMMANDS, runnerCommands } from './support/runner-log.js'
import { zipOf } from '../emulator/zip.js'
import { unzippedArtifact } from '../emulator/run-jobs.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../emulator/run-action.js'

let f: Fixture
let app: Fixture['app']

const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'
const quick = { queuedMs: 0, runMs: 300, conclusion: 'success' }
const outputsZip = (outputs: unknown): Promise<Buffer> => zipOf({ 'outputs.json': JSON.stringify(outputs) })
const HOSTILE_LOG = [
  '2026-11-28T10:00:00.0000000Z ##[group]Run ./deploy.sh',
  '2026-11-28T10:00:01.0000000Z ::stop-commands::x',
  '2026-11-28T10:00:01.1000000Z ::warning title=pwned::forged',
  '2026-11-28T10:00:01.2000000Z # Heading from the log',
  '2026-11-28T10:00:02.0000000Z Error: deploy failed: connection refused',
  '2026-11-28T10:00:02.1000000Z ##[error]Process completed with exit code 1.'
].join('\n')

beforeAll(async () => {
  f = await startFixture()
  app = f.gh.createApp()
  const repos = ['deploy', 'web', 'api', 'docs', 'bad-zip', 'no-file', 'not-object', 'bomb', 'failing', 'huge-log', 'slow', 'plain']
  f.gh.install({ app, account: 'chain-org', repositories: repos, permissions: { contents: 'write', actions: 'write', metadata: 'read' } })
  const bomb = await zipOf({ 'outputs.json': `{"pad":"${'0'.repeat(3 * 1024 * 1024)}"}` })
  const artifacts: Record<string, Buffer> = {
    deploy: await outputsZip({ url: 'https://deploy.example/pr-42', version: '1.4.2' }),
    web: await outputsZip({ service: 'web' }),
    api: await outputsZip({ service: 'api' }),
    docs: await outputsZip({ service: 'docs' }),
    'bad-zip': Buffer.from('this is not a zip file'),
    'no-file': await zipOf({ 'other.json': '{}' }),
    'not-object': await zipOf({ 'outputs.json': '[1, 2, 3]' }),
    bomb
  }
  for (const [repo, zip] of Object.entries(artifacts)) {
    f.gh.addWorkflow(`chain-org/${repo}`, {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: quick,
      artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
    })
  }
  f.gh.addWorkflow('chain-org/plain', { file: 'deploy.yml', types: ['deploy'], runName: RUN_NAME, lifecycle: quick })
  f.gh.addWorkflow('chain-org/slow', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: RUN_NAME,
    lifecycle: { queuedMs: 0, runMs: 120_000, conclusion: 'success' }
  })
  // A second owner of the same App, for cancellations across installations.
  f.gh.install({
    app,
    account: 'relay-org',
    repositories: ['slow', 'slow-b'],
    permissions: { contents: 'write', actions: 'write', metadata: 'read' }
  })
  for (const repo of ['relay-org/slow', 'relay-org/slow-b']) {
    f.gh.addWorkflow(repo, {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 0, runMs: 120_000, conclusion: 'success' }
    })
  }
  const failingJobs = () => [
    { name: 'build', conclusion: 'success', steps: [{ name: 'Compile', conclusion: 'success' }] },
    {
      name: 'deploy',
      conclusion: 'failure',
      steps: [
        { name: 'Check out', conclusion: 'success' },
        { name: 'Deploy to production', conclusion: 'failure' },
        { name: 'Notify', conclusion: 'skipped' }
      ],
      log: HOSTILE_LOG
    }
  ]
  f.gh.addWorkflow('chain-org/failing', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: RUN_NAME,
    lifecycle: { ...quick, conclusion: 'failure' },
    jobs: failingJobs
  })
  f.gh.addWorkflow('chain-org/huge-log', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: RUN_NAME,
    lifecycle: { ...quick, conclusion: 'failure' },
    jobs: () => [
      {
        name: 'e2e',
        conclusion: 'failure',
        steps: [{ name: 'Test', conclusion: 'failure' }],
        log: { size: 2 * 1024 ** 3, filler: 'noise noise noise\n', tail: 'last-but-one\nTHE LAST LINE\n' }
      }
    ]
  })
})
afterAll(async () => {
  await f.gh.stop()
})
beforeEach(() => {
  f.gh.reset()
})

const chain = (inputs: Record<string, string>, onStart?: Parameters<Fixture['run']>[2]) =>
  f.run(
    { 'app-id': String(app.id), 'private-key': app.privateKey, 'event-type': 'deploy', wait: 'true', 'poll-interval': '1', ...inputs },
    {},
    onStart
  )

function noStorageAuthorization(): void {
  expect(f.gh.storage.requests.length).toBeGreaterThan(0)
  expect(f.gh.storage.requests.filter(r => r.authorization)).toEqual([])
}

describe('outputs back', () => {
  test('the run’s outputs.json becomes the outputs output and results[].outputs; the token never reaches storage', async () => {
    const result = await chain({ repository: 'chain-org/deploy' })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ url: 'https://deploy.example/pr-42', version: '1.4.2' })
    expect(resultsOf(result.outputs)[0]?.['outputs']).toEqual({ url: 'https://deploy.example/pr-42', version: '1.4.2' })
    expect(f.gh.requestsFor(ROUTES.runArtifacts)[0]?.query['name']).toBe('app-dispatch-outputs')
    expect(result.summary).toContain('<code>url</code>, <code>version</code>')
    noStorageAuthorization()
    expect(f.gh.requests.every(r => r.headers['x-github-api-version'] === '2022-11-28')).toBe(true)
    // Nothing more than Actions: read was asked for.
    expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toEqual({
      repositories: ['deploy'],
      permissions: { contents: 'write', actions: 'read' }
    })
    expect(allTokensRevoked(f.gh)).toBe(true)
  })

  test('a fan-out to three repositories returns three objects', async () => {
    const result = await chain({ repository: 'chain-org/web,chain-org/api,chain-org/docs' })
    expect(result.code).toBe(0)
    expect(resultsOf(result.outputs).map(r => r['outputs'])).toEqual([{ service: 'web' }, { service: 'api' }, { service: 'docs' }])
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ service: 'web' })
    noStorageAuthorization()
  })

  test('a run without the artifact: outputs is {}, not an error', async () => {
    const result = await chain({ repository: 'chain-org/plain' })
    expect(result.code).toBe(0)
    expect(result.outputs['outputs']).toBe('{}')
  })

  test('outputs-artifact empty: no artifact is looked for', async () => {
    const result = await chain({ repository: 'chain-org/deploy', 'outputs-artifact': '' })
    expect(result.code).toBe(0)
    expect(f.gh.requestsFor(ROUTES.runArtifacts)).toHaveLength(0)
    expect(result.outputs['outputs']).toBe('{}')
  })

  test.each([
    ['bad-zip', /The 'app-dispatch-outputs' artifact of run #1 in chain-org\/bad-zip is not a zip file\./],
    ['no-file', /The 'app-dispatch-outputs' artifact of run #1 in chain-org\/no-file holds no outputs\.json\./],
    [
      'not-object',
      /outputs\.json in the 'app-dispatch-outputs' artifact of run #1 in chain-org\/not-object must hold a JSON object, not an array\./
    ],
    ['bomb', /The 'app-dispatch-outputs' artifact of run #1 in chain-org\/bomb has a outputs\.json that inflates past 1048576 bytes\./]
  ])('%s: the target fails, naming the run and the problem', async (repo, message) => {
    const result = await chain({ repository: `chain-org/${repo}` })
    expect(result.code).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(message)
    expect(result.outputs['conclusion']).toBe('success')
    noStorageAuthorization()
    expect(allTokensRevoked(f.gh)).toBe(true)
  })
})

describe('cancel what was started', () => {
  test('SIGINT while waiting: every followed run is cancelled, then the tokens revoked, well before SIGKILL', async () => {
    const cancel = sigintOnRequest(f.gh, ROUTES.getRun)
    const result = await chain(
      { repository: 'chain-org/slow,chain-org/plain', 'cancel-downstream': 'true', 'poll-interval': '5' },
      cancel.onStart
    )
    expect(cancel.killed()).toBe(false)
    expect(result.code).toBe(1)
    // GitHub had every revocation (the last of the clean-up) before the runner's SIGTERM, 7.5 s after SIGINT.
    const revokes = f.gh.requestsFor(ROUTES.revoke)
    expect(revokes.length).toBeGreaterThan(0)
    expect(Math.max(...revokes.map(r => r.receivedAt)) - cancel.sentAt()).toBeLessThan(7_500)
    const cancels = f.gh.requestsFor(ROUTES.cancelRun)
    expect(cancels.map(r => r.status)).toContain(202)
    expect(f.gh.runs.find(r => r.repository === 'chain-org/slow')?.cancelRequested).toBe(true)
    const slow = resultsOf(result.outputs).find(r => r['repository'] === 'chain-org/slow')
    expect(slow?.['cancel_requested']).toBe(true)
    // Cancel requests went out before the revocations.
    const lastCancel = Math.max(...cancels.map(r => r.receivedAt))
    const firstRevoke = Math.min(...f.gh.requestsFor(ROUTES.revoke).map(r => r.receivedAt))
    expect(lastCancel).toBeLessThanOrEqual(firstRevoke)
    expect(allTokensRevoked(f.gh)).toBe(true)
    // The token asked for Actions: write, which cancelling needs.
    expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toMatchObject({ permissions: { contents: 'write', actions: 'write' } })
  })

  test('a slow GitHub (4 s to cancel, 4 s to revoke), two owners, three runs: all cancelled, every token revoked before SIGKILL', async () => {
    f.gh.setRouteLatency(ROUTES.cancelRun, 4_000)
    f.gh.setRouteLatency(ROUTES.revoke, 4_000)
    const followed = () => new Set(f.gh.requestsFor(ROUTES.getRun).map(r => r.path)).size >= 3
    const cancel = cancelLikeTheRunner(followed)
    const result = await chain(
      { repository: 'chain-org/slow,relay-org/slow,relay-org/slow-b', 'cancel-downstream': 'true', 'poll-interval': '1' },
      cancel.onStart
    )
    expect(cancel.killed()).toBe(false)
    expect(result.code).toBe(1)
    expect(f.gh.requestsFor(ROUTES.cancelRun).map(r => r.status)).toEqual([202, 202, 202])
    expect(f.gh.runs.map(r => r.cancelRequested)).toEqual([true, true, true])
    expect(resultsOf(result.outputs).map(r => r['cancel_requested'])).toEqual([true, true, true])
    expect(f.gh.tokens.size).toBe(2)
    expect(allTokensRevoked(f.gh)).toBe(true)
  }, 60_000)

  test('wait-timeout with cancel-downstream: the run is cancelled', async () => {
    const result = await chain({ repository: 'chain-org/slow', 'cancel-downstream': 'true', 'wait-timeout': '2' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('chain-org/slow: requested cancellation of run #1.')
    expect(resultsOf(result.outputs)[0]?.['cancel_requested']).toBe(true)
    expect(allTokensRevoked(f.gh)).toBe(true)
  })

  test('without cancel-downstream a timed-out run is left alone', async () => {
    const result = await chain({ repository: 'chain-org/slow', 'wait-timeout': '1' })
    expect(result.code).toBe(1)
    expect(f.gh.requestsFor(ROUTES.cancelRun)).toHaveLength(0)
    expect(resultsOf(result.outputs)[0]?.['cancel_requested']).toBeUndefined()
  })
})

describe('why it failed', () => {
  test('names the failed job and step, shows the log tail in a group, every hostile line inert', async () => {
    const result = await chain({ repository: 'chain-org/failing' })
    expect(result.code).toBe(1)
    const commands = runnerCommands(result.stdout)
    // Only the action's own commands, and none carrying the log's forged ones.
    expect(commands.filter(c => !OWN_COMMANDS.has(c.name) || c.message === 'forged' || c.properties['title'] === 'pwned')).toEqual([])
    expect(commands.filter(c => c.name === 'group').map(c => c.message)).toEqual(["Last 6 lines of 'deploy' in chain-org/failing (run #1)"])
    expect(result.stdout).toMatch(
      /chain-org\/failing: run #1: job 'deploy' failure; failed steps: Deploy to production: http:\/\/\S+\/job\/\d+/
    )
    expect(result.stdout).toContain('Error: deploy failed: connection refused')
    expect(result.stdout).toContain('%3A:stop-commands::x')
    expect(result.stdout).toContain('##%5Berror]Process completed with exit code 1.')
    const failed = resultsOf(result.outputs)[0]?.['failed_jobs']
    expect(failed).toEqual([
      { name: 'deploy', url: expect.stringMatching(/\/job\/\d+$/), conclusion: 'failure', failed_steps: ['Deploy to production'] }
    ])
    // Summary: the job and step named, with a link; nothing from the log.
    expect(result.summary).toContain('Deploy to production')
    expect(result.summary).not.toContain('Heading from the log')
    noStorageAuthorization()
  })

  test('a 2 GB log is not downloaded: its tail is read with a Range request', async () => {
    const result = await chain({ repository: 'chain-org/huge-log', 'failure-log-lines': '2' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('THE LAST LINE')
    expect(result.stdout).toContain('last-but-one')
    const read = f.gh.storage.requests.reduce((sum, r) => sum + r.bytesSent, 0)
    expect(read).toBeLessThanOrEqual(64 * 1024)
  })

  test('a storage host that ignores Range: reading stops at the limit, the tail is not claimed', async () => {
    f.gh.storage.honourRange = false
    const result = await chain({ repository: 'chain-org/huge-log', 'failure-log-lines': '2' })
    expect(result.code).toBe(1)
    const read = f.gh.storage.requests.reduce((sum, r) => sum + r.bytesSent, 0)
    expect(read).toBeLessThan(64 * 1024 * 1024)
  })

  test('failure-log-lines 0: no jobs are listed', async () => {
    const result = await chain({ repository: 'chain-org/failing', 'failure-log-lines': '0' })
    expect(result.code).toBe(1)
    expect(f.gh.requestsFor(ROUTES.runJobs)).toHaveLength(0)
  })
})

describe('the reply sub-action', () => {
  const action = parse(readFileSync(join(ROOT, 'reply', 'action.yml'), 'utf8')) as {
    runs: { steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }
  }
  const script = action.runs.steps[0]?.run ?? ''
  const reply = (outputs: string, name = 'app-dispatch-outputs') => {
    const temp = mkdtempSync(join(tmpdir(), 'reply-'))
    const run = spawnSync('bash', ['-c', script], {
      env: { PATH: process.env['PATH'], RUNNER_TEMP: temp, APP_DISPATCH_OUTPUTS: outputs, APP_DISPATCH_NAME: name },
      encoding: 'utf8'
    })
    return { ...run, file: join(temp, 'app-dispatch-reply', name) }
  }

  test('writes the object as a file named after the artifact, which the upstream step reads back as upload-artifact stores it unzipped', async () => {
    const written = reply('{"url": "https://deploy.example/pr-7", "evil\\n::warning::forged": 1}')
    expect(written.status).toBe(0)
    expect(runnerCommands(written.stdout).filter(c => c.message === 'forged')).toEqual([])
    // archive: false: the artifact is the file itself, named after it.
    const artifact = unzippedArtifact(basename(written.file), readFileSync(written.file))
    f.gh.addWorkflow('chain-org/deploy', {
      file: 'reply.yml',
      types: ['reply'],
      runName: RUN_NAME,
      lifecycle: quick,
      artifacts: () => [artifact]
    })
    const result = await chain({ repository: 'chain-org/deploy', 'event-type': 'reply' })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ url: 'https://deploy.example/pr-7', 'evil\n::warning::forged': 1 })
  })

  test.each([
    ['not JSON', '{url: 1}', 'is not valid JSON'],
    ['not an object', '[1]', 'must be a JSON object']
  ])('refuses %s with one ::error::', (_name, outputs, message) => {
    const written = reply(outputs)
    expect(written.status).toBe(1)
    expect(
      runnerCommands(written.stdout)
        .filter(c => c.name === 'error')
        .map(c => c.message)
    ).toEqual([expect.stringContaining(message)])
  })

  test('refuses a name that cannot be a plain file name with one ::error::', () => {
    for (const name of ['../x', '*', '.hidden']) {
      const written = reply('{}', name)
      expect(written.status).toBe(1)
      expect(runnerCommands(written.stdout).filter(c => c.name === 'error')).toEqual([
        expect.objectContaining({ message: expect.stringContaining('Input name must be letters, digits') })
      ])
    }
  })

  test('uploads unzipped with actions/upload-artifact pinned to a full commit, the file named as the artifact', () => {
    const upload = action.runs.steps[1]
    expect(upload?.uses).toMatch(/^actions\/upload-artifact@[0-9a-f]{40}$/)
    expect(upload?.with).toMatchObject({
      archive: false,
      name: '${{ inputs.name }}',
      path: '${{ runner.temp }}/app-dispatch-reply/${{ inputs.name }}'
    })
  })
})
