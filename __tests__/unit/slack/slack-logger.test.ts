/**
 * The approval handler's log: console's shape (`warn`) works as a logger,
 * the default writes one inert line per message to stderr, and a logger that
 * cannot log is refused at start-up naming the option. A refused click whose
 * response_url does not match says so in the log.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import {
  configFromEnv,
  createSlackApprovalHandler,
  newApproval,
  signApproval,
  signSlackRequest,
  type SlackLogger
} from '../../../src/slack/index.js'
import { runnerCommands } from '../../support/runner-log.js'

const SECRET = 'logger-signing-secret'
const KEY = 'logger-approval-signing-key-0123456789abcdef'
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const base = { appId: 1, privateKey: PEM, signingSecret: SECRET, approvalKey: KEY, allowedUsers: ['U0APPROVER'] }

function signedRequest(payload: object, secret = SECRET) {
  const rawBody = `payload=${encodeURIComponent(JSON.stringify(payload))}`
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    method: 'POST',
    headers: { 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': signSlackRequest(secret, timestamp, rawBody) },
    rawBody
  }
}

const click = (responseUrl: string) => ({
  type: 'block_actions',
  user: { id: 'U0APPROVER' },
  response_url: responseUrl,
  actions: [
    { action_id: 'app_dispatch_approve', value: signApproval(newApproval({ repository: 'octo/deploy', eventType: 'deploy' }), KEY) }
  ]
})

afterEach(() => {
  jest.restoreAllMocks()
})

describe('the logger option', () => {
  test("console's shape: refusals go to warn", async () => {
    const lines: string[] = []
    const consoleLike: SlackLogger = { info: line => lines.push(`info ${line}`), warn: line => lines.push(`warn ${line}`) }
    const handler = createSlackApprovalHandler({ ...base, logger: consoleLike })
    const { response } = await handler.handle(signedRequest(click('https://hooks.slack.com/actions/1'), 'wrong-secret'))
    expect(response.status).toBe(401)
    expect(lines).toEqual(['warn Refused a Slack request: Invalid X-Slack-Signature.'])
  })

  test('`logger: console` type-checks and is used', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const handler = createSlackApprovalHandler({ ...base, logger: console })
    await handler.handle(signedRequest(click('http://127.0.0.1:9/actions/1')))
    expect(warn).toHaveBeenCalledWith(
      'Refused a click whose response_url (http://127.0.0.1:9/…) does not match responseUrlPattern /^https:\\/\\/hooks\\.slack\\.com\\// (SLACK_RESPONSE_URL_PATTERN).'
    )
  })

  test('a logger without info or warning is refused at start-up, naming the option', () => {
    expect(() => createSlackApprovalHandler({ ...base, logger: {} })).toThrow(
      "Slack handler option 'logger': must be an object with info and warning (or warn) methods, such as console."
    )
  })

  test('by default, refusals go to stderr, one line each, and cannot forge a runner command', async () => {
    const written: string[] = []
    jest.spyOn(process.stderr, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    const handler = createSlackApprovalHandler(base)
    const hostile = { ...click('https://hooks.slack.com/actions/1'), type: 'x\n::warning::forged\n##[set-output name=a;]b' }
    const { response } = await handler.handle(signedRequest(hostile))
    expect(response.status).toBe(400)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/^Warning: Refused a Slack .* interaction: it is not an app-dispatch Approve or Reject click\.\n$/)
    expect(runnerCommands(written.join(''))).toEqual([])
  })
})

describe('configFromEnv', () => {
  test('reads GITHUB_API_URL and SLACK_RESPONSE_URL_PATTERN; an invalid pattern names the variable', () => {
    const env = {
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      SLACK_RESPONSE_URL_PATTERN: '^http://127\\.0\\.0\\.1:\\d+/',
      SLACK_ALLOWED_USERS: 'U1, U2'
    }
    const config = configFromEnv(env)
    expect(config.apiUrl).toBe('https://ghe.example.com/api/v3')
    expect(config.responseUrlPattern?.test('http://127.0.0.1:8080/actions/x')).toBe(true)
    expect(config.allowedUsers).toEqual(['U1', 'U2'])
    expect(configFromEnv({}).apiUrl).toBeUndefined()
    expect(() => configFromEnv({ SLACK_RESPONSE_URL_PATTERN: '(' })).toThrow(
      /^Environment variable SLACK_RESPONSE_URL_PATTERN: is not a regular expression/
    )
  })
})
