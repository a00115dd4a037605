/**
 * What the Slack approval tests share: a GitHub (App installed on octo-org's
 * deploy and other; stranger/site exists but is not installed), the Slack
 * stand-in, the approval handler as a Node server in its own process, signed
 * approvals and clicks as Slack sends them, and a DynamoDB claim store
 * (dynalite).
 */
import { afterEach, expect } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import dynalite from 'dynalite'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { newApproval, signApproval, signSlackRequest } from '../../src/slack/index.js'
import { ROOT } from '../../emulator/run-action.js'
import { startGitHub, type LocalGitHub } from './github.js'
import { SlackStandIn } from '../../emulator/slack-standin.js'
import { SECRET, KEY, APPROVER, SECOND, AWS } from './slack-values.js'

export { SECRET, KEY, APPROVER, SECOND, AWS }

export interface Handler {
  url: string
  child: ChildProcess
  stderr: () => string
}

export interface SlackWorld {
  gh: LocalGitHub['gh']
  app: LocalGitHub['app']
  slack: SlackStandIn
  /** The handler's environment as a deployment sets it, plus `extra`. */
  handlerEnv: (extra?: Record<string, string>) => Record<string, string>
  /** Starts the handler server in its own process (killed by stop()). */
  startHandler: (env: Record<string, string>) => Promise<Handler>
  /** The form body Slack posts for a click on `value`. */
  clickBody: (value: string, over?: Record<string, unknown>, actionId?: string) => string
  /** Forgets requests, replies and faults between tests. */
  reset: () => void
  stop: () => Promise<void>
}

export async function startSlackWorld(): Promise<SlackWorld> {
  const { gh, app } = await startGitHub({ repositories: ['deploy', 'other'] })
  gh.addRepository('stranger/site')
  const slack = new SlackStandIn()
  await slack.start()
  const servers: ChildProcess[] = []
  return {
    gh,
    app,
    slack,
    handlerEnv: (extra = {}) => ({
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
    }),
    startHandler: async env => {
      const handler = await startHandler(env)
      servers.push(handler.child)
      return handler
    },
    clickBody: (value, over = {}, actionId = 'app_dispatch_approve') => {
      const payload = {
        type: 'block_actions',
        user: { id: APPROVER },
        channel: { id: 'C0DEPLOYS' },
        response_url: slack.responseUrl(),
        actions: [{ action_id: actionId, value }],
        ...over
      }
      return `payload=${encodeURIComponent(JSON.stringify(payload))}`
    },
    reset: () => {
      gh.reset()
      slack.replies.length = 0
      slack.calls.length = 0
      slack.faults.length = 0
    },
    stop: async () => {
      for (const child of servers) child.kill('SIGKILL')
      await gh.stop()
      await slack.stop()
    }
  }
}

async function startHandler(env: Record<string, string>): Promise<Handler> {
  const child = spawn(process.execPath, [`${ROOT}/__tests__/support/slack-handler-server.js`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
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

/** The Approve button's value from a posted message. */
export function valueOf(blocks: unknown): string {
  const actions = (blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>).find(b => b.type === 'actions')
  return actions?.elements?.[0]?.value ?? ''
}

/** A fresh signed approval value. */
export function signed(
  over: { repository?: string; clientPayload?: Record<string, unknown>; ttlSeconds?: number; key?: string } = {}
): string {
  const approval = newApproval(
    { repository: over.repository ?? 'octo-org/deploy', eventType: 'deploy', clientPayload: over.clientPayload ?? { version: '1.4.2' } },
    { ttlSeconds: over.ttlSeconds }
  )
  return signApproval(approval, over.key ?? KEY)
}

/** POSTs a click body to the handler, signed as Slack signs it. */
export async function click(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000))
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
  return { status: response.status, text: await response.text() }
}

/**
 * Clicks on one approval, all answered: which of them took on work. The
 * handler claims the approval before it answers; only the click that won the
 * claim is answered with an empty 200 and goes on to dispatch (and always ends
 * by replying to the response_url); every other click is answered with a note
 * that nothing more was sent, and has nothing left to do. So once the answers
 * are in and the winner's reply has arrived, nothing more can reach GitHub:
 * no fixed wait is needed to see a duplicate.
 */
export async function onlyOneAccepted(slack: SlackStandIn, answers: Array<{ status: number; text: string }>): Promise<void> {
  expect(answers.map(a => a.status)).toEqual(answers.map(() => 200))
  const accepted = answers.filter(a => a.text === '')
  expect(accepted).toHaveLength(1)
  for (const answer of answers.filter(a => a.text !== ''))
    expect(JSON.parse(answer.text).text).toMatch(/^This request was already approved by/)
  await slack.waitForReplies(1)
}

/** DynamoDB on 127.0.0.1 (dynalite) with the claims table `approvals`. */
export async function startDynalite(): Promise<{ url: string; client: () => DynamoDBClient; stop: () => Promise<void> }> {
  const db = dynalite({ createTableMs: 0, deleteTableMs: 0 })
  await new Promise<void>(resolve => db.listen(0, '127.0.0.1', () => resolve()))
  const address = db.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const client = () =>
    new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  const setup = client()
  await setup.send(
    new CreateTableCommand({
      TableName: 'approvals',
      KeySchema: [{ AttributeName: 'approval_id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'approval_id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST'
    })
  )
  setup.destroy()
  return { url, client, stop: () => new Promise(resolve => db.close(() => resolve())) }
}

/**
 * Sets process.env variables for the current test and restores them after
 * it (registers an afterEach in the calling test file).
 */
export function envForEachTest(): (values: Record<string, string>) => void {
  const saved = new Map<string, string | undefined>()
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    saved.clear()
  })
  return values => {
    for (const [name, value] of Object.entries(values)) {
      if (!saved.has(name)) saved.set(name, process.env[name])
      process.env[name] = value
    }
  }
}
