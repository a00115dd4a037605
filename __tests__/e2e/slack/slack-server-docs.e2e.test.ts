/**
 * The Slack Node server exactly as docs/slack.md §3b shows it: the code block
 * is written to a project that installs app-dispatch (a link to this package,
 * lib/ built), type-checked as TypeScript with tsc --strict, and run as its
 * own process with only the documented environment variables, against the
 * GitHub emulator and the Slack stand-in. A correctly signed Approve click
 * dispatches, and the refusal and the outcome are in the server's log.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { ROOT } from '../../../emulator/run-action.js'
import { createApprovalHandler } from '../../../src/slack/handler.js'
import { newApproval, signApproval, signSlackRequest } from '../../../src/slack/index.js'
import { startGitHub } from '../../support/github.js'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { tempDir } from '../../support/temp-dir.js'

const SECRET = 'docs-signing-secret'
const KEY = 'docs-approval-signing-key-0123456789abcdef'
const APPROVER = 'U0APPROVER'

/** The JavaScript block of §3b (the one that starts with `// server.mjs`). */
function documentedServer(): string {
  const text = readFileSync(join(ROOT, 'docs', 'slack.md'), 'utf8')
  const block = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map(m => m[1] ?? '').find(code => code.startsWith('// server.mjs'))
  if (block === undefined) throw new Error('docs/slack.md has no ```js block starting with // server.mjs')
  return block
}

/** A project directory where `app-dispatch` resolves to this package, as after `npm install app-dispatch`. */
function project(code: string): string {
  const dir = tempDir('slack-server-docs-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'app-dispatch'), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', dependencies: { 'app-dispatch': '*' } }))
  writeFileSync(join(dir, 'server.mjs'), code)
  writeFileSync(join(dir, 'server.ts'), code)
  return dir
}

/** Resolves once the server's log holds `text` (the log arrives through a pipe, after the reply may). */
async function logged(text: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (!log.includes(text) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
  return log
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise(resolve => server.close(resolve))
  return typeof address === 'object' && address ? address.port : 0
}

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let slack: SlackStandIn
let dir: string
let server: ChildProcess | undefined
let log = ''

beforeAll(async () => {
  ;({ gh, app } = await startGitHub({ account: 'octo-org', repositories: ['deploy-service'] }))
  slack = new SlackStandIn()
  await slack.start()
  dir = project(documentedServer())
})
afterAll(async () => {
  server?.kill('SIGKILL')
  await gh.stop()
  await slack.stop()
})

test('the documented server type-checks as server.ts (tsc --strict)', () => {
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
      '--strict',
      '--target',
      'es2022',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--types',
      'node',
      '--typeRoots',
      join(ROOT, 'node_modules', '@types'),
      // server.ts itself is checked in full; the declarations it imports are not checked again
      // (a third of the CPU): check-package type-checks a consumer of the shipped ones without it.
      '--skipLibCheck',
      'server.ts'
    ],
    { cwd: dir, encoding: 'utf8' }
  )
  expect(tsc.stdout + tsc.stderr).toBe('')
  expect(tsc.status).toBe(0)
}, 60_000)

test('run as documented, it refuses a forged click and dispatches a signed Approve, logging both', async () => {
  const port = await freePort()
  server = spawn(process.execPath, ['server.mjs'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      GITHUB_APP_ID: String(app.id),
      GITHUB_APP_PRIVATE_KEY: app.privateKey,
      GITHUB_API_URL: gh.url,
      SLACK_SIGNING_SECRET: SECRET,
      APPROVAL_SIGNING_KEY: KEY,
      SLACK_ALLOWED_USERS: APPROVER,
      SLACK_RESPONSE_URL_PATTERN: '^http://127\\.0\\.0\\.1:\\d+/actions/'
    }
  })
  const output = (chunk: Buffer): void => void (log += chunk.toString())
  server.stdout?.on('data', output)
  server.stderr?.on('data', output)
  await new Promise<void>((resolve, reject) => {
    server?.stderr?.on('data', () => log.includes(`on port ${port}`) && resolve())
    server?.on('exit', code => reject(new Error(`the documented server exited ${code}:\n${log}`)))
  })

  const approval = newApproval({ repository: 'octo-org/deploy-service', eventType: 'deploy', clientPayload: { version: '1.4.2' } })
  const payload = {
    type: 'block_actions',
    user: { id: APPROVER },
    channel: { id: 'C0DEPLOYS' },
    response_url: slack.responseUrl(),
    actions: [{ action_id: 'app_dispatch_approve', value: signApproval(approval, KEY) }]
  }
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`
  const timestamp = String(Math.floor(Date.now() / 1000))
  const post = (signature: string): Promise<Response> =>
    fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature
      },
      body
    })

  const forged = await post(signSlackRequest('not-the-secret', timestamp, body))
  expect(forged.status).toBe(401)
  const answer = await post(signSlackRequest(SECRET, timestamp, body))
  expect(answer.status).toBe(200)

  const [reply] = await slack.waitForReplies(1)
  expect(reply).toMatchObject({ replace_original: true, text: expect.stringContaining('dispatched `deploy` to `octo-org/deploy-service`') })
  expect(gh.dispatches).toHaveLength(1)
  expect(gh.dispatches[0]).toMatchObject({ event_type: 'deploy', client_payload: { approved_by: APPROVER, version: '1.4.2' } })
  const outcome = `Approved by ${APPROVER}: dispatched deploy to octo-org/deploy-service (approval ${approval.id}).`
  expect(await logged(outcome)).toContain(outcome)
  expect(log).toContain('Warning: Refused a Slack request: Invalid X-Slack-Signature.')
  // The log is for people reading a server log: no Slack markup in it.
  expect(log).not.toMatch(/<@U|:white_check_mark:/)
}, 30_000)

test('options written out without apiUrl read GITHUB_API_URL, as the library does', async () => {
  const before = process.env['GITHUB_API_URL']
  process.env['GITHUB_API_URL'] = gh.url
  try {
    const lines: string[] = []
    const handler = createApprovalHandler({
      appId: app.id,
      privateKey: app.privateKey,
      signingSecret: SECRET,
      approvalKey: KEY,
      allowedUsers: [APPROVER],
      responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\/actions\//,
      logger: { info: line => lines.push(line), warn: line => lines.push(`warn ${line}`) }
    })
    const approval = newApproval({ repository: 'octo-org/deploy-service', eventType: 'deploy' })
    const dispatched = gh.dispatches.length
    expect((await handler.handle({ method: 'POST', headers: {}, rawBody: '' })).response.status).toBe(401)
    await handler.run({
      decision: 'approved',
      value: signApproval(approval, KEY),
      user: APPROVER,
      channel: 'C0DEPLOYS',
      responseUrl: slack.responseUrl(),
      claimNonce: 'n',
      clickedAt: Math.floor(Date.now() / 1000)
    })
    expect(gh.dispatches).toHaveLength(dispatched + 1)
    expect(lines).toContain('warn Refused a Slack request: Missing X-Slack-Request-Timestamp or X-Slack-Signature.')
    expect(lines).toContain(`Approved by ${APPROVER}: dispatched deploy to octo-org/deploy-service (approval ${approval.id}).`)
  } finally {
    if (before === undefined) delete process.env['GITHUB_API_URL']
    else process.env['GITHUB_API_URL'] = before
  }
}, 30_000)
