/**
 * The Slack approval handler, driven with real HTTP requests signed with a
 * test secret, dispatching to the GitHub emulator and replying to a local
 * stand-in for Slack's response_url.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { approvalMessage, createSlackApprovalHandler, signSlackRequest } from '../src/slack/index.js'
import { GitHubEmulator, ROUTES } from './support/github-emulator.js'

const SECRET = 'test-signing-secret'
const APPROVER = 'U0APPROVER'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let handlerServer: Server
let handlerUrl: string
let slack: Server
let slackUrl: string
let replies: Array<Record<string, unknown>>
let replied: (() => void) | undefined
let handler: ReturnType<typeof createSlackApprovalHandler>

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  gh = new GitHubEmulator()
  await gh.start()
  app = gh.createApp()
  gh.install({ app, account: 'octo-org', repositories: ['deploy'] })
  gh.addRepository('stranger/site')

  slack = createServer((req, res) => {
    let body = ''
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      replies.push(JSON.parse(body) as Record<string, unknown>)
      res.writeHead(200).end('ok')
      replied?.()
    })
  })
  slackUrl = await listen(slack)

  handler = createSlackApprovalHandler({
    appId: app.id,
    privateKey: app.privateKey,
    signingSecret: SECRET,
    allowedUsers: [APPROVER],
    allowedChannels: ['C0DEPLOYS'],
    apiUrl: gh.url,
    responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\//
  })
  handlerServer = createServer((req, res) => void handler.node(req, res))
  handlerUrl = await listen(handlerServer)
})
afterAll(async () => {
  await gh.stop()
  handlerServer.closeAllConnections()
  slack.closeAllConnections()
  await new Promise(resolve => handlerServer.close(resolve))
  await new Promise(resolve => slack.close(resolve))
})
beforeEach(() => {
  gh.reset()
  replies = []
  replied = undefined
})

/** The button value from the message builder, so both ends agree on its format. */
function buttonValue(repository = 'octo-org/deploy', payload: Record<string, unknown> = { version: '1.4.2', env: 'production' }): string {
  const message = approvalMessage({ repository, eventType: 'deploy', clientPayload: payload, summary: 'Deploy *api* `1.4.2`' })
  const actions = message.blocks.find(b => (b as { type: string }).type === 'actions') as { elements: Array<{ value: string }> }
  return actions.elements[0]?.value ?? ''
}

function clickBody(over: Record<string, unknown> = {}, actionId = 'app_dispatch_approve', value = buttonValue()): string {
  const payload = {
    type: 'block_actions',
    user: { id: APPROVER },
    channel: { id: 'C0DEPLOYS' },
    response_url: `${slackUrl}/actions/T1/B1/xyz`,
    actions: [{ action_id: actionId, value }],
    ...over
  }
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`
}

async function post(body: string, options: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const waitForReply = new Promise<void>(resolve => (replied = resolve))
  const started = Date.now()
  const response = await fetch(handlerUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': options.signature ?? signSlackRequest(SECRET, timestamp, body),
      ...options.headers
    },
    body
  })
  return { status: response.status, text: await response.text(), ms: Date.now() - started, waitForReply }
}

test('a valid approval is answered at once, dispatches exactly once, and updates the message', async () => {
  const result = await post(clickBody())
  expect(result.status).toBe(200)
  expect(result.ms).toBeLessThan(3000)
  await result.waitForReply
  expect(gh.dispatches).toHaveLength(1)
  expect(gh.dispatches[0]).toMatchObject({ repository: 'octo-org/deploy', event_type: 'deploy', client_payload: { version: '1.4.2', env: 'production' } })
  expect([...gh.tokens.values()].every(t => t.revoked)).toBe(true)
  expect(replies).toEqual([
    expect.objectContaining({ replace_original: true, text: `:white_check_mark: Approved by <@${APPROVER}>: dispatched \`deploy\` to \`octo-org/deploy\`.` })
  ])
})

test("Slack's retry of the same click does not dispatch again", async () => {
  const result = await post(clickBody(), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })
  expect(result.status).toBe(200)
  await new Promise(resolve => setTimeout(resolve, 300))
  expect(gh.dispatches).toHaveLength(0)
})

describe('rejected, with nothing dispatched', () => {
  const nothingSent = async () => {
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(gh.requests).toHaveLength(0)
    expect(replies).toHaveLength(0)
  }
  test('a bad signature: 401', async () => {
    const body = clickBody()
    const result = await post(body, { signature: signSlackRequest('wrong-secret', String(Math.floor(Date.now() / 1000)), body) })
    expect(result.status).toBe(401)
    expect(result.text).toBe('Invalid X-Slack-Signature.')
    await nothingSent()
  })
  test('a body changed after signing: 401', async () => {
    const timestamp = Math.floor(Date.now() / 1000)
    const result = await post(clickBody({ user: { id: APPROVER } }) + '&x=1', { timestamp, signature: signSlackRequest(SECRET, String(timestamp), clickBody()) })
    expect(result.status).toBe(401)
    await nothingSent()
  })
  test('a stale timestamp (a replay), even correctly signed: 401', async () => {
    const result = await post(clickBody(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })
    expect(result.status).toBe(401)
    expect(result.text).toMatch(/replay/)
    await nothingSent()
  })
  test('a user not on the list: 403', async () => {
    const result = await post(clickBody({ user: { id: 'U0INTRUDER' } }))
    expect(result.status).toBe(403)
    await nothingSent()
  })
  test('a channel not on the list: 403', async () => {
    const result = await post(clickBody({ channel: { id: 'C0RANDOM' } }))
    expect(result.status).toBe(403)
    await nothingSent()
  })
  test.each([
    ['no payload field', 'hello=world'],
    ['payload not JSON', 'payload=%7Bnot-json'],
    ['not a block action', clickBody({ type: 'view_submission' })],
    ['an unknown action', clickBody({}, 'something_else')],
    ['a value that is not ours', clickBody({}, 'app_dispatch_approve', '{"repository":"octo-org/deploy"}')],
    ['an invalid repository in the value', clickBody({}, 'app_dispatch_approve', JSON.stringify({ v: 1, repository: 'nope', event_type: 'deploy', client_payload: {} }))],
    ['a response_url that is not Slack', clickBody({ response_url: 'http://evil.example/steal' })]
  ])('malformed (%s): 400', async (_name, body) => {
    const result = await post(body)
    expect(result.status).toBe(400)
    await nothingSent()
  })
})

test('a GitHub failure is reported back to Slack', async () => {
  const result = await post(clickBody({}, 'app_dispatch_approve', buttonValue('stranger/site')))
  expect(result.status).toBe(200)
  await result.waitForReply
  expect(gh.dispatches).toHaveLength(0)
  const text = String(replies[0]?.['text'])
  expect(text).toBe(`:warning: Approved by <@${APPROVER}>, but the dispatch of \`deploy\` to \`stranger/site\` failed. The details are in the approval function's log.`)
  // Nothing about the App, its settings URLs or the API host reaches the channel.
  expect(text).not.toContain(String(app.id))
  expect(text).not.toContain(gh.url)
})

test('Reject updates the message and sends nothing to GitHub', async () => {
  const result = await post(clickBody({}, 'app_dispatch_reject'))
  expect(result.status).toBe(200)
  await result.waitForReply
  expect(gh.requests).toHaveLength(0)
  expect(replies[0]?.['text']).toBe(`:no_entry: Rejected by <@${APPROVER}>: \`deploy\` to \`octo-org/deploy\` was not sent.`)
})

test('as an AWS Lambda handler (Function URL event, base64 body): dispatches before it returns', async () => {
  const body = clickBody()
  const timestamp = String(Math.floor(Date.now() / 1000))
  const result = await handler.lambda({
    requestContext: { http: { method: 'POST' } },
    headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SECRET, timestamp, body) },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true
  })
  expect(result.statusCode).toBe(200)
  expect(gh.dispatches).toHaveLength(1)
  expect(gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(replies).toHaveLength(1)
})

test('the message builder refuses a button value Slack would not take', () => {
  expect(() => approvalMessage({ repository: 'octo-org/deploy', eventType: 'deploy', clientPayload: { blob: 'x'.repeat(2100) }, summary: 's' })).toThrow(
    /Slack allows 2000/
  )
  expect(() => approvalMessage({ repository: 'bad', eventType: 'deploy', summary: 's' })).toThrow(/invalid repository 'bad'/)
})
