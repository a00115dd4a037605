/**
 * Posting an approval request from the command line and from the
 * request-approval sub-action, against the Slack stand-in: Slack's errors
 * become advice, a 429 is waited out, the sub-action's outputs are set.
 */
import { describe, expect, test } from '@jest/globals'
import { runCli } from '../../support/run-cli.js'
import { KEY } from '../../support/slack-values.js'
import { runRequestApprovalStep } from '../../support/request-approval-step.js'
import { useSlackWorld } from '../../support/use.js'

const w = useSlackWorld()

describe('request-approval from the command line', () => {
  const post = (env: Record<string, string> = {}) =>
    runCli(
      ['request-approval', '--channel', 'C0DEPLOYS', '--summary', 'Deploy', '--repository', 'octo-org/deploy', '--event-type', 'deploy'],
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        APPROVAL_SIGNING_KEY: KEY,
        SLACK_API_URL: w.slack.url,
        ...env
      }
    )
  test("Slack's ok: false is an error with advice, exit 1", async () => {
    w.slack.faults.push({ error: 'not_in_channel' })
    const result = await post()
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Slack refused chat.postMessage: not_in_channel. Invite the bot to the channel')
  })
  test('429 with Retry-After is waited out, then the message is posted', async () => {
    w.slack.faults.push({ retryAfter: 1 })
    const result = await post()
    expect(result.code).toBe(0)
    const posts = w.slack.calls.filter(c => c.method === 'chat.postMessage')
    expect(posts).toHaveLength(2)
    // As Slack saw it: the second try came at least Retry-After (1 s) after the 429.
    expect((posts[1]?.receivedAt ?? 0) - (posts[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000)
  })
  test('the request-approval sub-action runs the CLI as the runner would and sets its outputs', async () => {
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
    const run = await runRequestApprovalStep(inputs, w.slack.url)
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 })
    const outputs = run.outputs
    expect(outputs['approval-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(outputs['message-url']).toMatch(/^https:\/\/example\.slack\.com\/archives\/C0DEPLOYS\//)
    const posted = w.slack.calls.find(c => c.method === 'chat.postMessage')
    expect(JSON.stringify(posted?.body['blocks'])).toContain('This sends `deploy` to `octo-org/deploy`.')
  })

  test('a short signing key is refused before anything is posted, exit 2', async () => {
    const result = await post({ APPROVAL_SIGNING_KEY: 'short' })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/\$APPROVAL_SIGNING_KEY: must be a secret of at least 32 characters/)
    expect(w.slack.calls).toHaveLength(0)
  })
})
