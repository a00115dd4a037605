/**
 * Slack approvals end to end: the request step posts a signed message (to a
 * stand-in for Slack's API), a person clicks, and the handler, as a plain
 * Node server in its own process, dispatches exactly once to the GitHub
 * emulator and updates the message. Two handler processes share a DynamoDB
 * claim store (dynalite). On Lambda, Slack gets its answer while GitHub is
 * slow, and the dispatch lands from an asynchronous invocation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { connect } from 'node:net'
import { createPrivateKey } from 'node:crypto'
import dynalite from 'dynalite'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { newApproval, signApproval, signSlackRequest } from '../src/slack/index.js'
import { createSlackApprovalHandler, dynamoDbClaimStore } from '../src/slack/index.js'
import { GitHubEmulator, ROUTES } from '../emulator/github-emulator.js'
import { LambdaStandIn } from './support/lambda-standin.js'
import { runCli } from './support/run-cli.js'
import { ROOT } from '../emulator/run-action.js'
import { SlackStandIn } from './support/slack-standin.js'

const SECRET = 'test-signing-secret'
const KEY = 'k'.repeat(16) + 'approval-signing-key-for-tests'
const APPROVER = 'U0APPROVER'
const SECOND = 'U0SECOND'
const AWS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' }

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let slack: SlackStandIn
let db: ReturnType<typeof dynalite>
let dbUrl: string
const servers: ChildProcess[] = []

function handlerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_API_URL: gh.url,
    SLACK_SIGNING_SECRET: SECRET,
    APPROVAL_SIGNING_KEY: KEY,
    SLACK_ALLOWED_USERS: `${APPROVER},${SECOND}`,
    SLACK_ALLOWED_CHANNELS: 'C0DEPLOYS',
    APPROVAL_ALLOWED_REPOSITORIES: 'octo-org/deploy,stranger/site',
    APPROVAL_RESPONSE_URL_PATTERN: '^http://127\\.0\\.0\\.1:\\d+/actions/',
    ...extra
  }
}

/** Starts the handler server in its own process; resolves with its URL. */
async function startHandler(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [`${ROOT}/__tests__/support/slack-handler-server.js`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  servers.push(child)
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const port = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening (\d+)/.exec(out)
      if (match) resolve(match[1] ?? '')
    })
    child.on('exit', code => reject(new Error(`handler exited ${code}: ${err}`)))
  })
  return { url: `http://127.0.0.1:${port}`, child, stderr: () => err }
}

beforeAll(async () => {
  gh = new GitHubEmulator()
  await gh.start()
  app = gh.createApp()
  gh.install({ app, account: 'octo-org', repositories: ['deploy', 'other'] })
  gh.addRepository('stranger/site')
  slack = new SlackStandIn()
  await slack.start()
  db = dynalite({ createTableMs: 0, deleteTableMs: 0 })
  await new Promise<void>(resolve => db.listen(0, '127.0.0.1', () => resolve()))
  const address = db.address()
  dbUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const client = new DynamoDBClient({ endpoint: dbUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  await client.send(
    new CreateTableCommand({
      TableName: 'approvals',
      KeySchema: [{ AttributeName: 'approval_id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'approval_id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST'
    })
  )
  client.destroy()
}, 30_000)
afterAll(async () => {
  for (const child of servers) child.kill('SIGKILL')
  await gh.stop()
  await slack.stop()
  await new Promise(resolve => db.close(resolve))
})
beforeEach(() => {
  gh.reset()
  slack.replies.length = 0
  slack.calls.length = 0
  slack.faults.length = 0
})

/** The Approve button's value from a posted message. */
function valueOf(blocks: unknown): string {
  const actions = (blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>).find(b => b.type === 'actions')
  return actions?.elements?.[0]?.value ?? ''
}

/** A fresh signed approval value. */
function signed(over: { repository?: string; clientPayload?: Record<string, unknown>; ttlSeconds?: number; key?: string } = {}): string {
  const approval = newApproval(
    { repository: over.repository ?? 'octo-org/deploy', eventType: 'deploy', clientPayload: over.clientPayload ?? { version: '1.4.2' } },
    { ttlSeconds: over.ttlSeconds }
  )
  return signApproval(approval, over.key ?? KEY)
}

function clickBody(
  value: string,
  over: Record<string, unknown> = {},
  actionId = 'app_dispatch_approve',
  responseUrl = slack.responseUrl()
): string {
  const payload = {
    type: 'block_actions',
    user: { id: APPROVER },
    channel: { id: 'C0DEPLOYS' },
    response_url: responseUrl,
    actions: [{ action_id: actionId, value }],
    ...over
  }
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`
}

async function click(url: string, body: string, headers: Record<string, string> = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const started = Date.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
      ...headers
    },
    body
  })
  return { status: response.status, text: await response.text(), ms: Date.now() - started }
}

const settle = (ms = 400) => new Promise(resolve => setTimeout(resolve, ms))

describe('one handler process (in-memory claims)', () => {
  let handler: Awaited<ReturnType<typeof startHandler>>
  beforeAll(async () => {
    handler = await startHandler(handlerEnv())
  }, 20_000)

  test('request-approval posts the message; an approval of it dispatches once, with approved_by, and updates the message', async () => {
    const posted = await runCli(
      [
        'request-approval',
        '--channel',
        'C0DEPLOYS',
        '--summary',
        'Deploy *api* `1.4.2`',
        '--repository',
        'octo-org/deploy',
        '--event-type',
        'deploy',
        '--client-payload',
        '{"version":"1.4.2"}',
        '--json'
      ],
      { SLACK_BOT_TOKEN: 'xoxb-test', APPROVAL_SIGNING_KEY: KEY, SLACK_API_URL: slack.url }
    )
    expect(posted.code).toBe(0)
    const result = JSON.parse(posted.stdout) as { approvalId: string; permalink: string }
    expect(result.permalink).toMatch(/^https:\/\/example\.slack\.com\/archives\/C0DEPLOYS\/p\d+/)
    const message = slack.calls.find(c => c.method === 'chat.postMessage')
    expect(message?.token).toBe('xoxb-test')
    const confirm = JSON.stringify(message?.body['blocks'])
    expect(confirm).toContain('This sends `deploy` to `octo-org/deploy`.')
    const answer = await click(handler.url, clickBody(valueOf(message?.body['blocks'])))
    expect(answer.status).toBe(200)
    expect(answer.ms).toBeLessThan(3000)
    await slack.waitForReplies(1)
    expect(gh.dispatches).toHaveLength(1)
    expect(gh.dispatches[0]?.client_payload).toEqual({ approved_by: APPROVER, version: '1.4.2' })
    expect([...gh.tokens.values()].every(t => t.revoked)).toBe(true)
    expect(slack.replies[0]).toMatchObject({
      replace_original: true,
      text: `:white_check_mark: Approved by <@${APPROVER}>: dispatched \`deploy\` to \`octo-org/deploy\`.`
    })
  })

  test('the same signed click sent again, and a Slack retry without its header: one dispatch', async () => {
    const body = clickBody(signed())
    expect((await click(handler.url, body)).status).toBe(200)
    await slack.waitForReplies(1)
    const again = await click(handler.url, body)
    const retried = await click(handler.url, body, { 'x-slack-retry-num': '1' })
    expect(again.status).toBe(200)
    expect(JSON.parse(again.text)).toMatchObject({
      response_type: 'ephemeral',
      text: `This request was already approved by <@${APPROVER}>; nothing more was sent.`
    })
    expect(retried.status).toBe(200)
    await settle()
    expect(gh.dispatches).toHaveLength(1)
  })

  test('two clicks at once (a double click) and two approvers: one dispatch', async () => {
    const value = signed()
    const results = await Promise.all([
      click(handler.url, clickBody(value)),
      click(handler.url, clickBody(value)),
      click(handler.url, clickBody(value, { user: { id: SECOND } }))
    ])
    expect(results.map(r => r.status)).toEqual([200, 200, 200])
    await slack.waitForReplies(1)
    await settle()
    expect(gh.dispatches).toHaveLength(1)
  })

  test('Reject claims the approval too: a later Approve sends nothing', async () => {
    const value = signed()
    await click(handler.url, clickBody(value, {}, 'app_dispatch_reject'))
    await slack.waitForReplies(1)
    const late = await click(handler.url, clickBody(value, { user: { id: SECOND } }))
    expect(JSON.parse(late.text).text).toContain(`already rejected by <@${APPROVER}>`)
    await settle()
    expect(gh.requests).toHaveLength(0)
    expect(slack.replies[0]?.['text']).toBe(`:no_entry: Rejected by <@${APPROVER}>: \`deploy\` to \`octo-org/deploy\` was not sent.`)
  })

  describe('refused with nothing sent', () => {
    const tampered = (): string => {
      const [prefix, body, mac] = signed().split('.') as [string, string, string]
      const fields = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>
      fields['r'] = 'octo-org/other'
      return `${prefix}.${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`
    }
    test.each([
      ['a value changed after signing', () => tampered(), 400, /changed after signing/],
      [
        'an unsigned value (the old JSON format)',
        () => JSON.stringify({ v: 1, repository: 'octo-org/deploy', event_type: 'deploy', client_payload: {} }),
        400,
        /not a signed app-dispatch approval/
      ],
      ['a value signed with another key', () => signed({ key: 'x'.repeat(40) }), 400, /not signed with this handler's key/],
      ['an expired approval', () => signed({ ttlSeconds: -10 }), 400, /expired/],
      [
        'a repository outside the allow-list',
        () => signApproval(newApproval({ repository: 'octo-org/other', eventType: 'deploy' }), KEY),
        403,
        /not one the handler may dispatch to/
      ]
    ])('%s', async (_name, value, status, text) => {
      const result = await click(handler.url, clickBody(value()))
      expect(result.status).toBe(status)
      expect(result.text).toMatch(text)
      await settle(200)
      expect(gh.requests).toHaveLength(0)
      expect(slack.replies).toHaveLength(0)
    })
    test('a user not on the list: 403', async () => {
      expect((await click(handler.url, clickBody(signed(), { user: { id: 'U0INTRUDER' } }))).status).toBe(403)
    })
    test('a bad Slack signature: 401', async () => {
      const body = clickBody(signed())
      const result = await click(handler.url, body, {
        'x-slack-signature': signSlackRequest('wrong', String(Math.floor(Date.now() / 1000)), body)
      })
      expect(result.status).toBe(401)
    })
  })

  test('a failed dispatch tells the channel only a short outcome; details go to the log', async () => {
    await click(handler.url, clickBody(signed({ repository: 'stranger/site' })))
    const [replyMessage] = await slack.waitForReplies(1)
    const text = String(replyMessage?.['text'])
    expect(text).toBe(
      `:warning: Approved by <@${APPROVER}>, but the dispatch of \`deploy\` to \`stranger/site\` failed. The details are in the approval function's log.`
    )
    expect(text).not.toContain(String(app.id))
    expect(text).not.toContain(gh.url)
    expect(handler.stderr()).toContain('is not installed on stranger/site')
  })

  test('a client hanging up mid-body, an oversized body and a slow body leave the server answering', async () => {
    const { port } = new URL(handler.url)
    await new Promise<void>(resolve => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\npayload=%7B'
        )
        setTimeout(() => {
          socket.destroy()
          resolve()
        }, 100)
      })
    })
    const big = await fetch(handler.url, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })
      .then(r => r.status)
      .catch(() => 'reset')
    expect([413, 'reset']).toContain(big)
    await settle(200)
    expect(handler.child.exitCode).toBeNull()
    const after = await click(handler.url, clickBody(signed()))
    expect(after.status).toBe(200)
    await slack.waitForReplies(1)
    expect(gh.dispatches).toHaveLength(1)
  })

  test('a body that never finishes gets 408 after the read timeout, and the server goes on', async () => {
    const slow = await startHandler(handlerEnv({ APPROVAL_BODY_TIMEOUT_MS: '300' }))
    const { port } = new URL(slow.url)
    const status = await new Promise<string>(resolve => {
      let answer = ''
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\npayload=')
      )
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
      socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''))
    })
    expect(status).toBe('HTTP/1.1 408 Request Timeout')
    expect((await click(slow.url, clickBody(signed(), { user: { id: 'U0INTRUDER' } }))).status).toBe(403)
  })
})

test('two handler processes sharing a DynamoDB claim store (dynalite): concurrent clicks on both dispatch once', async () => {
  const env = handlerEnv({ ...AWS, APPROVAL_CLAIMS_TABLE: 'approvals', APPROVAL_CLAIMS_ENDPOINT: dbUrl })
  const [a, b] = await Promise.all([startHandler(env), startHandler(env)])
  for (let round = 0; round < 3; round++) {
    gh.reset()
    slack.replies.length = 0
    const value = signed()
    const results = await Promise.all([
      click(a.url, clickBody(value)),
      click(b.url, clickBody(value, { user: { id: SECOND } })),
      click(a.url, clickBody(value, { user: { id: SECOND } })),
      click(b.url, clickBody(value))
    ])
    expect(results.map(r => r.status)).toEqual([200, 200, 200, 200])
    await slack.waitForReplies(1)
    await settle()
    expect(gh.dispatches).toHaveLength(1)
  }
}, 40_000)

test('on Lambda: Slack gets its 200 within 3 s while GitHub takes 5 s; the dispatch lands from an asynchronous invocation', async () => {
  const logs: string[] = []
  const config = {
    appId: app.id,
    privateKey: app.privateKey,
    signingSecret: SECRET,
    approvalKey: KEY,
    allowedUsers: [APPROVER],
    apiUrl: gh.url,
    responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\/actions\//,
    claims: dynamoDbClaimStore({
      tableName: 'approvals',
      client: new DynamoDBClient({ endpoint: dbUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
    }),
    asyncInvoke: { functionName: 'approvals', endpoint: '', region: 'us-east-1' },
    logger: { info: (l: string) => logs.push(l), warning: (l: string) => logs.push(l) }
  }
  const handler = createSlackApprovalHandler({ ...config, asyncInvoke: false })
  const lambda = new LambdaStandIn(payload => handler.lambda(payload as never))
  config.asyncInvoke.endpoint = await lambda.start()
  Object.assign(process.env, AWS)
  const front = createSlackApprovalHandler(config)
  gh.setRouteLatency(ROUTES.dispatches, 5000)
  const body = clickBody(signed())
  const timestamp = String(Math.floor(Date.now() / 1000))
  const started = Date.now()
  const answer = await front.lambda({
    requestContext: { http: { method: 'POST' } },
    headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SECRET, timestamp, body) },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true
  })
  expect(answer?.statusCode).toBe(200)
  expect(Date.now() - started).toBeLessThan(3000)
  expect(gh.dispatches).toHaveLength(0)
  expect(lambda.invocations.map(i => [i.functionName, i.invocationType])).toEqual([['approvals', 'Event']])
  await slack.waitForReplies(1, 15_000)
  expect(gh.dispatches).toHaveLength(1)
  expect(slack.replies[0]?.['text']).toContain('dispatched `deploy` to `octo-org/deploy`')
  // Lambda retries an async invocation that failed: the same work again sends nothing.
  await handler.lambda(lambda.invocations[0]?.payload as never)
  // A forged invocation (work without a valid ticket) sends nothing either.
  const forged = { ...(lambda.invocations[0]?.payload as object), ticket: 'forged' }
  await handler.lambda(forged as never)
  expect(gh.dispatches).toHaveLength(1)
  expect(logs.join('\n')).toContain("ticket is not this handler's")
  await lambda.stop()
}, 30_000)

describe('request-approval from the command line', () => {
  const post = (env: Record<string, string> = {}) =>
    runCli(
      ['request-approval', '--channel', 'C0DEPLOYS', '--summary', 'Deploy', '--repository', 'octo-org/deploy', '--event-type', 'deploy'],
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        APPROVAL_SIGNING_KEY: KEY,
        SLACK_API_URL: slack.url,
        ...env
      }
    )
  test("Slack's ok: false is an error with advice, exit 1", async () => {
    slack.faults.push({ error: 'not_in_channel' })
    const result = await post()
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Slack refused chat.postMessage: not_in_channel. Invite the bot to the channel')
  })
  test('429 with Retry-After is waited out, then the message is posted', async () => {
    slack.faults.push({ retryAfter: 1 })
    const started = Date.now()
    const result = await post()
    expect(result.code).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    expect(slack.calls.filter(c => c.method === 'chat.postMessage')).toHaveLength(2)
  })
  test('the request-approval sub-action runs the CLI as the runner would and sets its outputs', async () => {
    const action = parse(readFileSync(join(ROOT, 'request-approval', 'action.yml'), 'utf8')) as {
      runs: { steps: Array<{ run: string; env: Record<string, string> }> }
    }
    const step = action.runs.steps[0] as { run: string; env: Record<string, string> }
    const inputs: Record<string, string> = {
      'slack-bot-token': 'xoxb-test',
      'approval-signing-key': KEY,
      channel: 'C0DEPLOYS',
      summary: 'Deploy *api*',
      repository: 'octo-org/deploy',
      'event-type': 'deploy',
      'client-payload': '{"version":"2.0.0"}',
      ttl: '600'
    }
    // The runner fills ${{ inputs.x }} in the step's env before the shell runs.
    const env = Object.fromEntries(
      Object.entries(step.env).map(([name, value]) => [
        name,
        value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/, (_, input: string) => inputs[input] ?? '')
      ])
    )
    const dir = mkdtempSync(join(tmpdir(), 'request-approval-'))
    const output = join(dir, 'output')
    writeFileSync(output, '')
    // Not spawnSync: the Slack stand-in answers from this process's event loop.
    const child = spawn('bash', ['-e', '-c', step.run], {
      env: {
        PATH: process.env['PATH'] ?? '',
        GITHUB_ACTION_PATH: join(ROOT, 'request-approval'),
        GITHUB_OUTPUT: output,
        SLACK_API_URL: slack.url,
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const status = await new Promise<number | null>(resolve => child.on('close', resolve))
    const run = { status, stderr }
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 })
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map(line => line.split('=', 2) as [string, string])
    )
    expect(outputs['approval-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(outputs['message-url']).toMatch(/^https:\/\/example\.slack\.com\/archives\/C0DEPLOYS\//)
    const posted = slack.calls.find(c => c.method === 'chat.postMessage')
    expect(JSON.stringify(posted?.body['blocks'])).toContain('This sends `deploy` to `octo-org/deploy`.')
  })

  test('a short signing key is refused before anything is posted, exit 2', async () => {
    const result = await post({ APPROVAL_SIGNING_KEY: 'short' })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/\$APPROVAL_SIGNING_KEY: must be a secret of at least 32 characters/)
    expect(slack.calls).toHaveLength(0)
  })
})

describe('configuration is checked at start-up', () => {
  const base = { appId: 1, privateKey: '', signingSecret: SECRET, approvalKey: KEY, allowedUsers: [APPROVER] }
  beforeAll(() => {
    base.privateKey = createPrivateKey(app.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString()
  })
  test.each([
    [
      'allowedUsers as a string',
      { allowedUsers: 'U0APPROVER' },
      /'allowedUsers': must be a non-empty array of strings\. It is a string \('U0APPROVER'\): wrap it in an array/
    ],
    ['no approval key', { approvalKey: '' }, /'approvalKey': is required/],
    ['a short approval key', { approvalKey: 'short' }, /at least 32 characters/],
    ['a bad repository in the allow-list', { allowedRepositories: ['nope'] }, /invalid repository 'nope'/],
    ['a claim store without claim()', { claims: {} }, /'claims': must be a claim store/]
  ])('%s', (_name, over, message) => {
    expect(() => createSlackApprovalHandler({ ...base, ...over } as never)).toThrow(message)
  })
})
