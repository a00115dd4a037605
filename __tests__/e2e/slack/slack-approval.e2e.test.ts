/**
 * Slack approvals end to end with one handler, a plain Node server in its own
 * process (in-memory claims): the request posts a signed message (to the
 * Slack stand-in), a person clicks, and the handler dispatches exactly once to
 * the GitHub emulator and updates the message; refusals send nothing; a
 * misbehaving client leaves the server serving.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { connect } from 'node:net'
import { signApproval, newApproval, signSlackRequest } from '../../../src/slack/index.js'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { runCli } from '../../support/run-cli.js'
import { APPROVER, click, KEY, onlyOneAccepted, SECOND, signed, valueOf, type Handler } from '../../support/slack-world.js'
import { useSlackWorld } from '../../support/use.js'

const w = useSlackWorld()

describe('one handler process (in-memory claims)', () => {
  let handler: Handler
  beforeAll(async () => {
    handler = await w.startHandler(w.handlerEnv())
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
      { SLACK_BOT_TOKEN: 'xoxb-test', APPROVAL_SIGNING_KEY: KEY, SLACK_API_URL: w.slack.url }
    )
    expect(posted.code).toBe(0)
    const result = JSON.parse(posted.stdout) as { approvalId: string; permalink: string }
    expect(result.permalink).toMatch(/^https:\/\/example\.slack\.com\/archives\/C0DEPLOYS\/p\d+/)
    const message = w.slack.calls.find(c => c.method === 'chat.postMessage')
    expect(message?.token).toBe('xoxb-test')
    const confirm = JSON.stringify(message?.body['blocks'])
    expect(confirm).toContain('This sends `deploy` to `octo-org/deploy`.')
    // Slack wants its answer within 3 s, so the handler answers before it dispatches: GitHub,
    // slow here, has not processed the dispatch when Slack has its answer.
    w.gh.setRouteLatency(ROUTES.dispatches, 1500)
    const answer = await click(handler.url, w.clickBody(valueOf(message?.body['blocks'])))
    expect(answer.status).toBe(200)
    expect(w.gh.dispatches).toHaveLength(0)
    await w.slack.waitForReplies(1)
    expect(w.gh.dispatches).toHaveLength(1)
    expect(w.gh.dispatches[0]?.client_payload).toEqual({ approved_by: APPROVER, version: '1.4.2' })
    expect(w.gh).toHaveRevokedEveryToken()
    expect(w.slack.replies[0]).toMatchObject({
      replace_original: true,
      text: `:white_check_mark: Approved by <@${APPROVER}>: dispatched \`deploy\` to \`octo-org/deploy\`.`
    })
  })

  test('the same signed click sent again, and a Slack retry without its header: one dispatch', async () => {
    const body = w.clickBody(signed())
    const first = await click(handler.url, body)
    await w.slack.waitForReplies(1)
    const again = await click(handler.url, body)
    const retried = await click(handler.url, body, { 'x-slack-retry-num': '1' })
    expect(JSON.parse(again.text)).toMatchObject({
      response_type: 'ephemeral',
      text: `This request was already approved by <@${APPROVER}>; nothing more was sent.`
    })
    await onlyOneAccepted(w.slack, [first, again, retried])
    expect(w.gh.dispatches).toHaveLength(1)
  })

  test('two clicks at once (a double click) and two approvers: one dispatch', async () => {
    const value = signed()
    const results = await Promise.all([
      click(handler.url, w.clickBody(value)),
      click(handler.url, w.clickBody(value)),
      click(handler.url, w.clickBody(value, { user: { id: SECOND } }))
    ])
    await onlyOneAccepted(w.slack, results)
    expect(w.gh.dispatches).toHaveLength(1)
  })

  test('Reject claims the approval too: a later Approve sends nothing', async () => {
    const value = signed()
    await click(handler.url, w.clickBody(value, {}, 'app_dispatch_reject'))
    await w.slack.waitForReplies(1)
    // The rejection's work ended with its reply; the late click was answered with a note, so it has no work.
    const late = await click(handler.url, w.clickBody(value, { user: { id: SECOND } }))
    expect(late.status).toBe(200)
    expect(JSON.parse(late.text).text).toContain(`already rejected by <@${APPROVER}>; nothing more was sent`)
    expect(w.gh).toHaveSentNothing()
    expect(w.slack.replies[0]?.['text']).toBe(`:no_entry: Rejected by <@${APPROVER}>: \`deploy\` to \`octo-org/deploy\` was not sent.`)
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
      // Only a 200 carries work; a refusal is decided and done when it is answered.
      const result = await click(handler.url, w.clickBody(value()))
      expect(result.status).toBe(status)
      expect(result.text).toMatch(text)
      expect(w.gh).toHaveSentNothing()
      expect(w.slack.replies).toHaveLength(0)
    })
    test('a user not on the list: 403', async () => {
      expect((await click(handler.url, w.clickBody(signed(), { user: { id: 'U0INTRUDER' } }))).status).toBe(403)
    })
    test('a bad Slack signature: 401', async () => {
      const body = w.clickBody(signed())
      const result = await click(handler.url, body, {
        'x-slack-signature': signSlackRequest('wrong', String(Math.floor(Date.now() / 1000)), body)
      })
      expect(result.status).toBe(401)
    })
  })

  test('a failed dispatch tells the channel only a short outcome; details go to the log', async () => {
    await click(handler.url, w.clickBody(signed({ repository: 'stranger/site' })))
    const [replyMessage] = await w.slack.waitForReplies(1)
    const text = String(replyMessage?.['text'])
    expect(text).toBe(
      `:warning: Approved by <@${APPROVER}>, but the dispatch of \`deploy\` to \`stranger/site\` failed. The details are in the approval function's log.`
    )
    expect(text).not.toContain(String(w.app.id))
    expect(text).not.toContain(w.gh.url)
    expect(handler.stderr()).toContain('cannot see stranger/site')
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
    // Still serving after both: a click is answered, dispatched and replied to by the same process.
    const after = await click(handler.url, w.clickBody(signed()))
    expect(after.status).toBe(200)
    await w.slack.waitForReplies(1)
    expect(w.gh.dispatches).toHaveLength(1)
    expect(handler.child.exitCode).toBeNull()
  })

  test('a body that never finishes gets 408 after the read timeout, and the server goes on', async () => {
    const slow = await w.startHandler(w.handlerEnv({ APPROVAL_BODY_TIMEOUT_MS: '300' }))
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
    expect((await click(slow.url, w.clickBody(signed(), { user: { id: 'U0INTRUDER' } }))).status).toBe(403)
  })
})
