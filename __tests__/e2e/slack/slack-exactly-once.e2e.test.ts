/**
 * The approval promise under attack and under faults: an approval comes only
 * from a click (a work invocation forged with the approval key sends
 * nothing), the handler's approved_by is the only one, a claim whose first
 * answer was lost still dispatches once, and a dispatch whose answer was lost
 * is not sent again and is reported as "may have been sent".
 *
 * The handler runs in this process (its Lambda adapter, dispatching before
 * it answers), against the GitHub emulator, the Slack stand-in and dynalite.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createHmac } from 'node:crypto'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  approvalMessage,
  createSlackApprovalHandler,
  dynamoDbClaimStore,
  newApproval,
  signApproval,
  signSlackRequest
} from '../../../src/slack/index.js'
import { createApprovalHandler } from '../../../src/slack/handler.js'
import { lambdaAdapter, type WorkEvent } from '../../../src/slack/lambda.js'
import type { SlackApprovalConfig } from '../../../src/slack/config.js'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { startGitHub } from '../../support/github.js'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { runCli } from '../../support/run-cli.js'
import { startDynalite } from '../../support/slack-world.js'

const SECRET = 'test-signing-secret'
const KEY = 'k'.repeat(16) + 'approval-signing-key-for-tests'
const APPROVER = 'U0APPROVER'
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let slack: SlackStandIn
let db: Awaited<ReturnType<typeof startDynalite>>
let logs: string[]

beforeAll(async () => {
  ;({ gh, app } = await startGitHub({ account: 'octo-org', repositories: ['deploy'] }))
  slack = new SlackStandIn()
  await slack.start()
  db = await startDynalite()
}, 30_000)
afterAll(async () => {
  await gh.stop()
  await slack.stop()
  await db.stop()
})
beforeEach(() => {
  gh.reset()
  slack.replies.length = 0
  logs = []
})

function config(over: Partial<SlackApprovalConfig> = {}): SlackApprovalConfig {
  return {
    appId: app.id,
    privateKey: app.privateKey,
    signingSecret: SECRET,
    approvalKey: KEY,
    allowedUsers: [APPROVER],
    allowedChannels: ['C0DEPLOYS'],
    apiUrl: gh.url,
    responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\/actions\//,
    asyncInvoke: false,
    logger: { info: line => logs.push(line), warning: line => logs.push(line) },
    ...over
  }
}

/** The Approve button's value of a fresh request. */
function approveValue(clientPayload: Record<string, unknown> = { version: '1.4.2' }): string {
  const message = approvalMessage({
    repository: 'octo-org/deploy',
    eventType: 'deploy',
    clientPayload,
    summary: 'Deploy',
    approvalKey: KEY
  })
  const actions = message.blocks.find(b => b.type === 'actions') as { elements: Array<{ value: string }> }
  return actions.elements[0]?.value ?? ''
}

/** A signed Approve click, as the Lambda Function URL delivers it. */
function clickEvent(value: string, user = APPROVER) {
  const body = `payload=${encodeURIComponent(
    JSON.stringify({
      type: 'block_actions',
      user: { id: user },
      channel: { id: 'C0DEPLOYS' },
      response_url: slack.responseUrl(),
      actions: [{ action_id: 'app_dispatch_approve', value }]
    })
  )}`
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    requestContext: { http: { method: 'POST' } },
    headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SECRET, timestamp, body) },
    body
  }
}

describe('work invocations', () => {
  const work = (value: string) => ({
    decision: 'approved' as const,
    value,
    user: 'U0NOBODY',
    channel: 'C0ANYWHERE',
    responseUrl: 'https://attacker.example/hook',
    claimNonce: 'n',
    clickedAt: Math.floor(Date.now() / 1000)
  })

  test('made with only the approval key (what every requesting pipeline holds): nothing is sent', async () => {
    const handler = createSlackApprovalHandler(config())
    const forged = work(approveValue())
    // The ticket as the approval key alone can make it (the old scheme and any guess at a new one).
    const tickets = [
      createHmac('sha256', KEY)
        .update(JSON.stringify(['work', forged.decision, forged.value, forged.user, forged.responseUrl]))
        .digest('base64url'),
      `${Math.floor(Date.now() / 1000) + 60}.${createHmac('sha256', KEY).update(JSON.stringify(forged)).digest('base64url')}`
    ]
    for (const ticket of tickets) {
      await handler.lambda({ source: 'app-dispatch.approval-work', work: forged, ticket })
    }
    expect(gh).toHaveSentNothing()
    expect(slack.replies).toHaveLength(0)
    expect(logs.filter(line => line.includes("ticket is not this handler's"))).toHaveLength(2)
  })

  test('with a valid ticket but for a user on no list, elsewhere, replying anywhere: checked again where it runs, nothing sent', async () => {
    const handler = createApprovalHandler(config())
    const forged = work(approveValue())
    await lambdaAdapter(handler)({ source: 'app-dispatch.approval-work', work: forged, ticket: handler.ticket(forged) })
    expect(gh).toHaveSentNothing()
    expect(logs.join('\n')).toContain('Refused approval work for U0NOBODY: the user is not in allowedUsers.')
  })

  test("with a valid ticket for an allowed user but no click's claim behind it (shared store): nothing sent", async () => {
    const claims = dynamoDbClaimStore({
      tableName: 'approvals',
      client: db.client()
    })
    const handler = createApprovalHandler(config({ claims }))
    const forged = { ...work(approveValue()), user: APPROVER, channel: 'C0DEPLOYS', responseUrl: slack.responseUrl() }
    await lambdaAdapter(handler)({ source: 'app-dispatch.approval-work', work: forged, ticket: handler.ticket(forged) })
    expect(gh).toHaveSentNothing()
    expect(logs.join('\n')).toMatch(/approval [\w-]+ is not claimed by this click/)
    // The clicker's message says so (its response_url is Slack's own, here the stand-in's).
    expect(String(slack.replies[0]?.['text'])).toContain('Not sent: the approval was refused where it ran')
  })

  test('an expired ticket is refused', () => {
    let now = Math.floor(Date.now() / 1000)
    const handler = createApprovalHandler(config({ now: () => now }))
    const ticket = handler.ticket(work(approveValue()))
    now += 301
    expect(handler.checkTicket(work(approveValue()), ticket)).toBe(false)
  })

  test('a ticket lives 5 minutes from the click, however late it is made: the claims (click + 6 minutes) outlive it', () => {
    const clicked = work(approveValue())
    let now = clicked.clickedAt + 100
    const handler = createApprovalHandler(config({ now: () => now }))
    const ticket = handler.ticket(clicked)
    now = clicked.clickedAt + 300
    expect(handler.checkTicket(clicked, ticket)).toBe(true)
    now += 1
    expect(handler.checkTicket(clicked, ticket)).toBe(false)
  })

  test('clicked a moment before the approval expires, run after it: still dispatched, once', async () => {
    const message = approvalMessage({
      repository: 'octo-org/deploy',
      eventType: 'deploy',
      summary: 'Deploy',
      approvalKey: KEY,
      ttlSeconds: 60
    })
    let now = message.expiresAt - 2
    const handler = createApprovalHandler(config({ now: () => now }))
    const value = (message.blocks.find(b => b.type === 'actions') as { elements: Array<{ value: string }> }).elements[0]?.value ?? ''
    const event = clickEvent(value)
    event.headers['x-slack-request-timestamp'] = String(now)
    event.headers['x-slack-signature'] = signSlackRequest(SECRET, String(now), event.body)
    const { work } = await handler.handle({ method: 'POST', headers: event.headers, rawBody: event.body })
    expect(work).toBeDefined()
    const ticket = handler.ticket(work as NonNullable<typeof work>)
    now += 30 // the asynchronous invocation starts after the approval's expiry
    await lambdaAdapter(handler)({ source: 'app-dispatch.approval-work', work: work as NonNullable<typeof work>, ticket })
    expect(gh.dispatches).toHaveLength(1)
  })

  // Lambda delivers a work event again after a failure or a timeout (its automatic retries, about 1
  // and 3 minutes later), at least once by design, after an SDK retry of Invoke, or inline when Invoke
  // throws. The ticket stays valid 5 minutes after the click, so the claims must outlive it.
  test.each(['memory', 'DynamoDB'] as const)(
    'clicked 2 s before the approval expires, the work delivered twice after it (%s claims): one dispatch',
    async store => {
      // The approval expired 40 s ago by the real clock too, which is what the claim stores judge by.
      const real = Math.floor(Date.now() / 1000)
      const approval = newApproval(
        { repository: 'octo-org/deploy', eventType: 'deploy', clientPayload: { version: '1.4.2' }, summary: 'Deploy' },
        { now: real - 100, ttlSeconds: 60 }
      )
      let now = approval.expiresAt - 2
      const claims = store === 'DynamoDB' ? { claims: dynamoDbClaimStore({ tableName: 'approvals', client: db.client() }) } : {}
      const handler = createApprovalHandler(config({ now: () => now, ...claims }))
      const event = clickEvent(signApproval(approval, KEY))
      event.headers['x-slack-request-timestamp'] = String(now)
      event.headers['x-slack-signature'] = signSlackRequest(SECRET, String(now), event.body)
      const { work } = await handler.handle({ method: 'POST', headers: event.headers, rawBody: event.body })
      if (work === undefined) throw new Error('the click was not accepted')
      const delivery: WorkEvent = { source: 'app-dispatch.approval-work', work, ticket: handler.ticket(work) }
      const run = lambdaAdapter(handler)
      now = approval.expiresAt + 30 // the asynchronous invocation starts after the approval's expiry
      await run(delivery)
      now += 60 // Lambda's first automatic retry, still inside the ticket's 5 minutes
      expect(handler.checkTicket(work, delivery.ticket)).toBe(true)
      await run(delivery)
      expect(gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
      expect(gh.dispatches).toHaveLength(1)
      expect(logs.join('\n')).toContain(`Approval ${approval.id} was already dispatched; not sending it again.`)
    }
  )

  test('a work event without work is logged and dropped, not thrown (Lambda would retry a throw)', async () => {
    const handler = createSlackApprovalHandler(config())
    await expect(handler.lambda({ source: 'app-dispatch.approval-work' } as WorkEvent)).resolves.toBeUndefined()
    await expect(
      handler.lambda({ source: 'app-dispatch.approval-work', work: null, ticket: 1 } as unknown as WorkEvent)
    ).resolves.toBeUndefined()
    expect(logs.filter(line => line.includes('Dropped a work invocation'))).toHaveLength(2)
    expect(gh).toHaveSentNothing()
  })
})

describe('approved_by is the handler’s word only', () => {
  test.each([
    ['pre-filled', { approved_by: 'U0BOSS', version: '1' }, /client-payload.*approved_by, which is set by the handler/],
    ['crowded', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])), /leave room for approved_by.*at most 9 keys/]
  ])('%s: refused when the approval is requested', (_name, clientPayload, message) => {
    expect(() => approveValue(clientPayload)).toThrow(message)
  })

  test('the CLI refuses it too: exit 2, nothing posted', async () => {
    const calls = slack.calls.length
    const result = await runCli(
      [
        'request-approval',
        '--channel',
        'C0DEPLOYS',
        '--summary',
        'Deploy',
        '--repository',
        'octo-org/deploy',
        '--event-type',
        'deploy'
      ].concat(['--client-payload', '{"approved_by":"U0BOSS"}']),
      { SLACK_BOT_TOKEN: 'xoxb-test', APPROVAL_SIGNING_KEY: KEY, SLACK_API_URL: slack.url }
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--client-payload.*approved_by, which is set by the handler/)
    expect(slack.calls.length).toBe(calls)
  })

  test('an approval signed before the rule, holding approved_by, is not dispatched', async () => {
    const value = signApproval(
      {
        id: 'a1b2c3d4-old-approval',
        repository: 'octo-org/deploy',
        eventType: 'deploy',
        clientPayloadJson: '{"approved_by":"U0BOSS"}',
        summary: 'Deploy',
        expiresAt: Math.floor(Date.now() / 1000) + 600
      },
      KEY
    )
    await createSlackApprovalHandler(config()).lambda(clickEvent(value))
    expect(gh.dispatches).toHaveLength(0)
    expect(String(slack.replies[0]?.['text'])).toContain('was not sent: the request cannot say who approved it')
  })

  test('an approved dispatch always says who approved it', async () => {
    await createSlackApprovalHandler(config()).lambda(clickEvent(approveValue()))
    expect(gh.dispatches.map(d => d.client_payload)).toEqual([{ approved_by: APPROVER, version: '1.4.2' }])
  })
})

describe('what the approver saw is what is sent', () => {
  test('the outcome that replaces the buttons shows the signed summary and payload; the dispatch carries that payload', async () => {
    const clientPayload = { ref: 'attacker-branch', environment: 'production' }
    await createSlackApprovalHandler(config()).lambda(clickEvent(approveValue(clientPayload)))
    expect(gh.dispatches.map(d => d.client_payload)).toEqual([{ approved_by: APPROVER, ...clientPayload }])
    const blocks = JSON.stringify(slack.replies[0]?.['blocks'])
    expect(blocks).toContain('*Requested*\\nDeploy')
    expect(blocks).toContain('```\\n{\\n  \\"environment\\": \\"production\\",\\n  \\"ref\\": \\"attacker-branch\\"\\n}\\n```')
  })

  test('a click on a value whose summary was changed after signing: refused, nothing sent', async () => {
    const [prefix, body, mac] = approveValue().split('.') as [string, string, string]
    const fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>
    const changed = Buffer.from(JSON.stringify({ ...fields, s: 'Deploy to staging' })).toString('base64url')
    const answer = await createSlackApprovalHandler(config()).lambda(clickEvent(`${prefix}.${changed}.${mac}`))
    expect(answer?.statusCode).toBe(400)
    expect(gh).toHaveSentNothing()
    expect(logs.join('\n')).toContain('was changed after signing')
  })
})

test('a claim whose first answer was lost (the SDK retries the write): still dispatches, once', async () => {
  const client = new DynamoDBClient({ endpoint: db.url, region: 'us-east-1', credentials, maxAttempts: 3 })
  let lost = 0
  // Inside the SDK's retry loop: the first PutItem reaches DynamoDB, then its answer is "lost".
  client.middlewareStack.add(
    next => async args => {
      const result = await next(args)
      const target = String((args.request as { headers?: Record<string, string> }).headers?.['x-amz-target'] ?? '')
      if (target.endsWith('.PutItem') && lost === 0) {
        lost++
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError', $metadata: {} })
      }
      return result
    },
    { step: 'deserialize', name: 'loseFirstPutItemAnswer' }
  )
  const handler = createSlackApprovalHandler(config({ claims: dynamoDbClaimStore({ tableName: 'approvals', client }) }))
  const value = approveValue()
  const answer = await handler.lambda(clickEvent(value))
  expect(lost).toBe(1)
  expect(answer?.statusCode).toBe(200)
  expect(gh.dispatches).toHaveLength(1)
  expect(String(slack.replies[0]?.['text'])).toContain('dispatched `deploy` to `octo-org/deploy`')
  // A second click still finds the claim taken.
  await handler.lambda(clickEvent(value))
  expect(gh.dispatches).toHaveLength(1)
})

test.each([
  ['a 5xx after processing', { status: 502, afterProcessing: true }],
  ['the connection dropped after processing', { reset: true, afterProcessing: true }]
] as const)('the dispatch under %s: sent once, and the channel reads that it may have been sent', async (_name, fault) => {
  gh.fault(ROUTES.dispatches, fault)
  await createSlackApprovalHandler(config()).lambda(clickEvent(approveValue()))
  expect(gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
  expect(gh.dispatches).toHaveLength(1)
  const text = String(slack.replies[0]?.['text'])
  expect(text).toContain('may have been sent')
  expect(text).not.toMatch(/:white_check_mark:|dispatched `/)
  expect(logs.join('\n')).toContain('GitHub may have started it')
})
