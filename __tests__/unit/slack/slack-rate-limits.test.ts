/**
 * Posting an approval request waits out Slack's rate limits as Slack asks
 * (Retry-After, capped at a minute), at most three times, on the clock it is
 * given: minutes of waiting run here in milliseconds (a virtual clock), while
 * the requests go to the Slack stand-in over HTTP. The CLI e2e test proves the
 * same with a real 1 s wait.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { postApprovalRequest, SlackApiError } from '../../../src/slack/request-approval.js'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { VirtualClock } from '../../support/virtual-clock.js'

const KEY = 'rate-limit-approval-signing-key-0123456789ab'
let slack: SlackStandIn
beforeAll(async () => {
  slack = new SlackStandIn()
  await slack.start()
})
afterAll(async () => {
  await slack.stop()
})
beforeEach(() => {
  slack.faults.length = 0
  slack.calls.length = 0
})

const post = (clock: VirtualClock) =>
  postApprovalRequest(
    {
      token: 'xoxb-test',
      channel: 'C0DEPLOYS',
      slackApiUrl: slack.url,
      repository: 'octo-org/deploy',
      eventType: 'deploy',
      summary: 'Deploy',
      approvalKey: KEY
    },
    clock
  )
const posts = () => slack.calls.filter(c => c.method === 'chat.postMessage')

test('a 429 is waited out for its Retry-After on the clock, then the message is posted once', async () => {
  const clock = new VirtualClock()
  slack.faults.push({ retryAfter: 30 })
  const result = await post(clock)
  expect(clock.waits).toEqual([30_000])
  expect(posts()).toHaveLength(2)
  expect(result.permalink).toMatch(/^https:\/\//)
})

test('a Retry-After beyond a minute is waited for a minute', async () => {
  const clock = new VirtualClock()
  slack.faults.push({ retryAfter: 3600 })
  await post(clock)
  expect(clock.waits).toEqual([60_000])
})

test('a fourth 429 in a row is an error naming the method, after three waits; nothing more is sent', async () => {
  const clock = new VirtualClock()
  slack.faults.push({ retryAfter: 5 }, { retryAfter: 5 }, { retryAfter: 5 }, { retryAfter: 5 })
  const error = await post(clock).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(SlackApiError)
  expect(error).toMatchObject({ method: 'chat.postMessage', slackError: 'ratelimited' })
  expect(clock.waits).toEqual([5000, 5000, 5000])
  expect(posts()).toHaveLength(4)
  expect(slack.calls.filter(c => c.method === 'chat.getPermalink')).toHaveLength(0)
})
