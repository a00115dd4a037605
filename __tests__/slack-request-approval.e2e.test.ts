/**
 * Posting an approval request from the command line and from the
 * request-approval sub-action, against the Slack stand-in: Slack's errors
 * become advice, a 429 is waited out, the sub-action's outputs are set.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseOutputFile, ROOT } from '../emulator/run-action.js'
import { runCli } from './support/run-cli.js'
import { KEY, startSlackWorld, type SlackWorld } from './support/slack-world.js'

let w: SlackWorld
beforeAll(async () => {
  w = await startSlackWorld()
})
afterAll(async () => {
  await w.stop()
})
beforeEach(() => {
  w.reset()
})

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
        SLACK_API_URL: w.slack.url,
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const status = await new Promise<number | null>(resolve => child.on('close', resolve))
    const run = { status, stderr }
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 })
    const outputs = parseOutputFile(readFileSync(output, 'utf8'))
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
