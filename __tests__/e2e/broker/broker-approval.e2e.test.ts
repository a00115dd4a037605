/**
 * A person first: a rule with `approval:` makes the broker post the request to
 * Slack itself (worded from the verified request: target, event, the exact
 * payload, who asked), answer "pending-approval", and dispatch once on the
 * click that comes back to the same function; the caller, asking again with
 * the same body, learns the outcome. Only the rule's approvers may decide.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { click, SECRET, valueOf } from '../../support/slack-world.js'
import { CALLER, POLICY, deployRequest, startBrokerWorld, type BrokerWorld } from '../../support/broker-world.js'

const APPROVAL_KEY = 'b'.repeat(40)
const ALICE = 'U0ALICE'
const POLICY_WITH_APPROVAL = `version: 1
allow:
  - from: { repository: octo-org/app }
    repository_dispatch: [deploy]
    approval: { channel: C0DEPLOYS, users: [${ALICE}] }
    wait: true
`

let world: BrokerWorld
let slack: SlackStandIn

beforeAll(async () => {
  slack = new SlackStandIn()
  await slack.start()
  world = await startBrokerWorld({
    config: {
      slack: {
        botToken: 'xoxb-broker-token',
        signingSecret: SECRET,
        approvalKey: APPROVAL_KEY,
        slackApiUrl: slack.url,
        responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\/actions\//
      }
    }
  })
}, 30_000)
afterAll(async () => {
  await world.stop()
  await slack.stop()
})
beforeEach(() => {
  world.local.gh.reset()
  world.local.gh.setFile('octo-org/deploy', POLICY, POLICY_WITH_APPROVAL)
  slack.calls.length = 0
  slack.replies.length = 0
})

const clickBody = (value: string, user: string, actionId = 'app_dispatch_approve'): string =>
  `payload=${encodeURIComponent(
    JSON.stringify({
      type: 'block_actions',
      user: { id: user },
      channel: { id: 'C0DEPLOYS' },
      response_url: slack.responseUrl(),
      actions: [{ action_id: actionId, value }]
    })
  )}`

async function pending(request: Record<string, unknown>): Promise<{ value: string; text: string }> {
  const answer = await world.post(request)
  expect(answer.status).toBe(202)
  expect(answer.body).toMatchObject({ dispatched: 'pending-approval', approval: { channel: 'C0DEPLOYS' } })
  const posted = slack.calls.find(c => c.method === 'chat.postMessage')
  expect(posted?.token).toBe('xoxb-broker-token')
  expect(posted?.body['channel']).toBe('C0DEPLOYS')
  return { value: valueOf(posted?.body['blocks']), text: JSON.stringify(posted?.body['blocks']) }
}

describe('a rule that asks a person first', () => {
  test('the broker posts what will run and who asked; nothing is sent before the click; one dispatch after it; the caller learns it', async () => {
    const request = deployRequest({ client_payload: { version: '1.4.2', environment: 'production' }, wait: true })
    const { value, text } = await pending(request)
    // What the approver sees is what runs: the payload, the target, the caller, from the verified request.
    expect(text).toContain('production')
    expect(text).toContain(String(request['distinct_id']))
    expect(text).toContain('octo-org/deploy')
    expect(text).toContain(CALLER.job_workflow_ref)
    expect(text).toContain(`<@${ALICE}>`)
    expect(world.local.gh.dispatches).toHaveLength(0)

    // Asking again before the click: still pending, still nothing sent, no second message.
    const still = await world.post(request)
    expect(still.status).toBe(202)
    expect(slack.calls.filter(c => c.method === 'chat.postMessage')).toHaveLength(1)

    const clicked = await click(`${world.url}/slack/actions`, clickBody(value, ALICE))
    expect(clicked.status).toBe(200)
    await slack.waitForReplies(1)
    expect(world.local.gh.dispatches).toHaveLength(1)
    expect(world.local.gh.dispatches[0]?.client_payload).toMatchObject({
      version: '1.4.2',
      environment: 'production',
      distinct_id: request['distinct_id'],
      approved_by: ALICE
    })

    const decided = await world.post(request)
    expect(decided.status).toBe(200)
    expect(decided.body).toMatchObject({ dispatched: true, approval: { decision: 'approved' } })
    expect((decided.body['read_token'] as { permissions: unknown }).permissions).toEqual({ actions: 'read' })

    // A second click sends nothing more.
    await click(`${world.url}/slack/actions`, clickBody(value, ALICE))
    expect(world.local.gh.dispatches).toHaveLength(1)
  })

  test('someone not named by the rule cannot decide; a rejection is what the caller then learns', async () => {
    const request = deployRequest()
    const { value } = await pending(request)
    const stranger = await click(`${world.url}/slack/actions`, clickBody(value, 'U0MALLORY'))
    expect(stranger.status).toBe(403)
    await click(`${world.url}/slack/actions`, clickBody(value, ALICE, 'app_dispatch_reject'))
    await slack.waitForReplies(1)
    const decided = await world.post(request)
    expect(decided.status).toBe(403)
    expect(decided.body).toMatchObject({ error: 'approval-rejected' })
    expect(world.local.gh.dispatches).toHaveLength(0)
  })

  test("an approval signed with the broker's key is refused by a handler with another key: the pipeline never holds the key", async () => {
    const { value } = await pending(deployRequest())
    const parts = value.split('.')
    const forged = `${parts[0]}.${parts[1]}.${Buffer.from('x'.repeat(32)).toString('base64url')}`
    const refused = await click(`${world.url}/slack/actions`, clickBody(forged, ALICE))
    expect(refused.status).toBe(400)
    expect(world.local.gh.dispatches).toHaveLength(0)
  })
})
