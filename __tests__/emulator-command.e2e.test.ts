/**
 * `npm run emulator` as a user meets it: started as its own process, what it
 * prints is what the docs show, and the commands it prints, pasted into a
 * shell with its environment, reach it: the CLI's dispatches, the library's
 * wait and outputs, the Slack handler's approved dispatch. Ctrl-C stops it
 * and removes the key file.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../emulator/run-action.js'
import { EmulatorProcess, type Printed } from './support/emulator-process.js'
import { waitUntil } from './support/wait-until.js'

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

test('Ctrl-C stops it and removes the key file', async () => {
  const exited = new Promise<number | null>(resolve => emulator.process.on('exit', resolve))
  emulator.process.kill('SIGINT')
  expect(await exited).toBe(0)
  expect(emulator.output).toContain('Stopped; removed the key file.')
  expect(existsSync(printed.keyFile)).toBe(false)
})
