/**
 * The bundled CLI's messages name the source the user actually used, and its
 * request-approval command takes what a pipeline passes (a summary that
 * starts with '-'), run as the sub-action runs it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { zipOf } from '../../../emulator/zip.js'
import { runCli } from '../../support/run-cli.js'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { requestApprovalAction, runRequestApprovalStep } from '../../support/request-approval-step.js'
import { tempDir } from '../../support/temp-dir.js'

const KEY = 'cli-messages-approval-signing-key-0123456789'
let gh: GitHubEmulator
let slack: SlackStandIn

beforeAll(async () => {
  gh = new GitHubEmulator()
  await gh.start()
  slack = new SlackStandIn()
  await slack.start()
})
afterAll(async () => {
  await gh.stop()
  await slack.stop()
})

test('no arguments: the usage, exit 2', async () => {
  const result = await runCli([])
  expect(result.code).toBe(2)
  expect(result.stderr).toContain('Usage:\n  app-dispatch --repository OWNER/REPO --event-type TYPE')
})

test('an App ID from $GITHUB_APP_ID is named as the variable in the advice', async () => {
  const app = gh.createApp()
  gh.addRepository('elsewhere/site')
  const result = await runCli(['--repository', 'elsewhere/site', '--event-type', 'deploy'], {
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_API_URL: gh.url
  })
  expect(result.code).toBe(1)
  expect(result.stderr).toContain(`The GitHub App ($GITHUB_APP_ID ${app.id}) cannot see elsewhere/site`)
  expect(result.stderr).not.toContain('--app-id')
})

test('a key file that holds no key is named as the file', async () => {
  const file = join(tempDir('key-'), 'app.pem')
  writeFileSync(file, 'not a key\n')
  const result = await runCli(['--repository', 'o/r', '--event-type', 'deploy', '--app-id', '1', '--private-key-file', file])
  expect(result.code).toBe(2)
  expect(result.stderr).toMatch(new RegExp(`^app-dispatch: --private-key-file ${file}: is not a PEM private key`))
})

test('--wait without --json shows the values each run handed back, not only their keys', async () => {
  const app = gh.createApp()
  gh.install({ app, account: 'out-org', repositories: ['deploy'], permissions: { contents: 'write', actions: 'read', metadata: 'read' } })
  const zip = await zipOf({ 'outputs.json': JSON.stringify({ url: 'https://preview.example/7', version: '1.4.2' }) })
  gh.addWorkflow('out-org/deploy', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 0, runMs: 300, conclusion: 'success' },
    artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
  })
  const result = await runCli(['--repository', 'out-org/deploy', '--event-type', 'deploy', '--wait', '--poll-interval', '1'], {
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_API_URL: gh.url
  })
  expect(result.code).toBe(0)
  expect(result.stderr).toContain('out-org/deploy outputs: {"url":"https://preview.example/7","version":"1.4.2"}')
  expect(result.stdout).toBe('')
}, 30_000)

describe('request-approval', () => {
  const env = () => ({ SLACK_BOT_TOKEN: 'xoxb-test', APPROVAL_SIGNING_KEY: KEY, SLACK_API_URL: slack.url })
  test('a summary that starts with a dash: one line saying how to pass it', async () => {
    const result = await runCli(['request-approval', '--summary', '- api 1.4.2'], env())
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      "app-dispatch: --summary: a value that starts with '-' must be written --summary=VALUE (e.g. --summary='-x').\n"
    )
  })
  test('--workflow: approvals send repository_dispatch only', async () => {
    const result = await runCli(['request-approval', '--workflow', 'deploy.yml'], env())
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      '--workflow: an approval sends a repository_dispatch only (--repository, --event-type, --client-payload)'
    )
  })
  test('the sub-action passes a summary that starts with a dash, and sets every output it declares', async () => {
    const action = requestApprovalAction()
    const inputs: Record<string, string> = {
      'slack-bot-token': 'xoxb-test',
      'approval-signing-key': KEY,
      channel: 'C0DEPLOYS',
      summary: '- api `1.4.2` to production',
      repository: 'octo-org/deploy',
      'event-type': 'deploy',
      'client-payload': '{}',
      ttl: '600'
    }
    const { status, stderr, outputs: written } = await runRequestApprovalStep(inputs, slack.url)
    expect({ status, stderr }).toMatchObject({ status: 0 })
    // Every output the step writes is declared, so a workflow can read it.
    expect(Object.keys(written).sort()).toEqual(Object.keys(action.outputs).sort())
    expect(Number(written['expires-at'])).toBeGreaterThan(Date.now() / 1000)
    const posted = slack.calls.find(c => c.method === 'chat.postMessage')
    expect(String(posted?.body['text'])).toContain('- api `1.4.2` to production')
  })
})
