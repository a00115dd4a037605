/**
 * `npm run emulator` as a user meets it: started as its own process, what it
 * prints is what the docs show, and the commands it prints, pasted into a
 * shell with its environment, reach it: the CLI's dispatches, the library's
 * wait and outputs, the Slack handler's approved dispatch, and a dispatch
 * through the local broker by a step that holds no App secret. Ctrl-C stops
 * it and removes the key file.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { POLICY } from '../../../emulator/local-broker.js'
import { ROOT } from '../../../emulator/run-action.js'
import { EmulatorProcess, type Printed } from '../../support/emulator-process.js'
import { waitUntil } from '../../support/wait-until.js'

let emulator: EmulatorProcess
let printed: Printed

const paste = (commands: string) => emulator.paste(commands)
const reportedSince = (mark: number): string[] => emulator.reportedSince(mark)
const section = (docs: string): string[] => emulator.section(docs)

beforeAll(async () => {
  emulator = new EmulatorProcess()
  printed = await emulator.ready()
})
afterAll(() => emulator.kill())

test('it prints the environment and the commands the docs show', () => {
  expect(printed.exports.split('\n').map(line => /^export (\w+)=/.exec(line)?.[1])).toEqual([
    'GITHUB_APP_ID',
    'GITHUB_APP_PRIVATE_KEY',
    'GITHUB_API_URL',
    'SLACK_SIGNING_SECRET',
    'APPROVAL_SIGNING_KEY',
    'SLACK_ALLOWED_USERS',
    'SLACK_RESPONSE_URL',
    'APPROVAL_HANDLER_PORT'
  ])
  expect(readFileSync(printed.keyFile, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
  const docs = Object.fromEntries(['cli', 'library', 'slack'].map(name => [name, readFileSync(join(ROOT, 'docs', `${name}.md`), 'utf8')]))
  for (const name of ['cli', 'library', 'slack']) {
    const blocks = section(`docs/${name}.md`)
    expect(blocks.length).toBeGreaterThan(0)
    for (const block of blocks) expect({ [name]: docs[name]?.includes(block) }).toEqual({ [name]: true })
  }
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('npm run emulator')
})

test('the pasted CLI commands dispatch to it, and the waiting one brings the outputs back', async () => {
  const [plain, waited, workflow] = section('docs/cli.md')
  let mark = emulator.output.length
  const sent = await paste(plain ?? '')
  expect(sent).toMatchObject({ code: 0, stdout: '' })
  expect(sent.stderr).toContain("Dispatched 'deploy' to octo-org/deploy-service.")
  await waitUntil('the dispatch in the report', () =>
    reportedSince(mark).includes(
      'GitHub received POST /repos/octo-org/deploy-service/dispatches [token] → 204 {"event_type":"deploy","client_payload":{"version":"1.4.2"}}'
    )
  )

  mark = emulator.output.length
  const followed = await paste(waited ?? '')
  expect(followed.code).toBe(0)
  expect(followed.stderr).toMatch(/run #\d+ in_progress → completed \(success\)/)
  expect(reportedSince(mark).filter(line => line.includes('POST /repos/octo-org/deploy-service/dispatches [token] → 204'))).toHaveLength(1)

  mark = emulator.output.length
  const json = await paste(workflow ?? '')
  expect(json.code).toBe(0)
  expect(JSON.parse(json.stdout)).toMatchObject([
    { repository: 'octo-org/deploy-service', event: 'workflow_dispatch', conclusion: 'success', outputs: { version: '1.4.2' } }
  ])
  expect(
    reportedSince(mark).some(line =>
      /POST \/repos\/octo-org\/deploy-service\/actions\/workflows\/deploy\.yml\/dispatches \[token\] → 200/.test(line)
    )
  ).toBe(true)
})

test('the pasted library snippet waits for the run and prints its outputs', async () => {
  const [snippet] = section('docs/library.md')
  const result = await paste(snippet ?? '')
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 })
  expect(result.stdout).toContain("url: 'https://staging.example.com/deploy-service'")
})

test('the pasted Slack handler and click: one approved dispatch, and the message updated', async () => {
  const [handler, click] = section('docs/slack.md')
  const mark = emulator.output.length
  // The handler stays up in the background, as pasted; the shell waits for it until killed.
  const shell = paste(`${handler}\n${click}`)
  const updated = await waitUntil('the Slack message update', () =>
    reportedSince(mark).find(line => line.startsWith('Slack message updated:'))
  )
  expect(updated).toBe(
    'Slack message updated: ":white_check_mark: Approved by <@U0LOCAL>: dispatched `deploy` to `octo-org/deploy-service`."'
  )
  const dispatches = reportedSince(mark).filter(line => line.includes('POST /repos/octo-org/deploy-service/dispatches'))
  expect(dispatches).toEqual([
    'GitHub received POST /repos/octo-org/deploy-service/dispatches [token] → 204 {"event_type":"deploy","client_payload":{"approved_by":"U0LOCAL","version":"1.4.2"}}'
  ])
  emulator.endLastShell()
  await shell
})

test('the pasted broker commands: the step holds no App secret, the broker dispatches once, the wait brings the outputs back', async () => {
  const [waiting, denied] = section('docs/broker.md')
  // What the user pastes: the runner's OIDC variables, the App's id and key taken away, and no key anywhere.
  const key = readFileSync(printed.keyFile, 'utf8')
  for (const command of [waiting, denied]) {
    expect(command).toMatch(/^env -u GITHUB_APP_ID -u GITHUB_APP_PRIVATE_KEY \\\n {2}ACTIONS_ID_TOKEN_REQUEST_URL=/)
    expect(command).not.toContain(printed.keyFile)
    expect(command).not.toContain('PRIVATE KEY-----')
    expect(command).not.toContain(key.split('\n')[1])
    expect(command).not.toMatch(/--private-key|--app-id/)
  }

  let mark = emulator.output.length
  const result = await paste(waiting ?? '')
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 })
  expect(result.stderr).toContain("Dispatched 'deploy' to octo-org/deploy-service through the broker.")
  expect(result.stderr).toMatch(/run #\d+ in_progress → completed \(success\)/)
  expect(result.stderr).toContain('octo-org/deploy-service outputs: {"url":"https://staging.example.com/deploy-service","version":"1.4.2"}')
  const decided = await waitUntil('the broker’s decision in the report', () =>
    reportedSince(mark).find(line => line.startsWith('Broker decided:'))
  )
  const distinctId = /\(distinct_id ([\w-]+)\)/.exec(decided)?.[1]
  expect(decided).toBe(
    `Broker decided: octo-org/app/.github/workflows/release.yml@refs/heads/main → octo-org/deploy-service 'deploy' (distinct_id ${distinctId}): dispatched (200, rule 1, ${/(\d+) ms\)$/.exec(decided)?.[1]} ms)`
  )
  await waitUntil(
    'the step’s read token revoked',
    () => reportedSince(mark).filter(line => line.includes('DELETE /installation/token')).length === 3
  )
  const reported = reportedSince(mark)
  // One repository_dispatch, sent with an installation token the broker made from the App's key (the step held none).
  expect(reported.filter(line => line.includes('/dispatches'))).toEqual([
    `GitHub received POST /repos/octo-org/deploy-service/dispatches [token] → 204 {"event_type":"deploy","client_payload":{"version":"1.4.2","distinct_id":"${distinctId}"}}`
  ])
  expect(reported.filter(line => /access_tokens \[jwt\] → 201/.test(line))).toHaveLength(3)
  expect(reported).toContain('Broker received POST /dispatch → 200')
  expect(reported.filter(line => line.startsWith('Runner OIDC issued a token'))).toEqual([
    `Runner OIDC issued a token for octo-org/app/.github/workflows/release.yml@refs/heads/main, audience ${/--broker-url (\S+)/.exec(waiting ?? '')?.[1]}`
  ])

  // The second command's payload fails the policy's schema: the step is refused, and nothing is dispatched.
  mark = emulator.output.length
  const refused = await paste(denied ?? '')
  expect(refused.code).toBe(1)
  expect(refused.stderr).toContain('the broker refused it (policy-denied): Denied by .github/app-dispatch.yml of octo-org/deploy-service')
  // The caller is told what it presented and why the rule did not match, not only the emulator's terminal.
  expect(refused.stderr).toContain('Claims presented: repository=octo-org/app')
  expect(refused.stderr).toContain('Why no rule matched: rule 1: payload /: required: Instance does not have required property "version".')
  const answered = await waitUntil('the broker’s refusal in the report', () =>
    reportedSince(mark).find(line => line.startsWith('Broker received POST /dispatch'))
  )
  expect(answered).toBe(
    'Broker received POST /dispatch → 403 policy-denied: rule 1: payload /: required: Instance does not have required property "version".'
  )
  expect(reportedSince(mark).filter(line => line.includes('/dispatches'))).toEqual([])
})

test('docs/broker.md shows the broker commands it prints', () => {
  const docs = readFileSync(join(ROOT, 'docs', 'broker.md'), 'utf8')
  const blocks = section('docs/broker.md')
  expect(blocks).toHaveLength(2)
  for (const block of blocks) expect(docs).toContain(withPlaceholders(block))
  expect(docs).toContain(`\`\`\`yaml\n${POLICY}\`\`\``)
})

/** A printed broker command with its ports and the runner's request token as docs/broker.md writes them. */
function withPlaceholders(command: string): string {
  return command
    .replace(/(ACTIONS_ID_TOKEN_REQUEST_URL='http:\/\/127\.0\.0\.1:)\d+/, '$1OIDC_PORT')
    .replace(/(ACTIONS_ID_TOKEN_REQUEST_TOKEN=)oidc-request-[0-9a-f]+/, '$1REQUEST_TOKEN')
    .replace(/(--broker-url http:\/\/127\.0\.0\.1:)\d+/, '$1BROKER_PORT')
}

test('Ctrl-C stops it and removes the key file', async () => {
  const exited = new Promise<number | null>(resolve => emulator.process.on('exit', resolve))
  emulator.process.kill('SIGINT')
  expect(await exited).toBe(0)
  expect(emulator.output).toContain('Stopped; removed the key file.')
  expect(existsSync(printed.keyFile)).toBe(false)
})
