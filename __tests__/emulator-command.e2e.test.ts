/**
 * `npm run emulator` as a user meets it: started as its own process, what it
 * prints is what the docs show, and the commands it prints, pasted into a
 * shell with its environment, reach it: the CLI's dispatches, the library's
 * wait and outputs, the Slack handler's approved dispatch. Ctrl-C stops it
 * and removes the key file.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../emulator/run-action.js'
import { waitUntil } from './support/wait-until.js'

interface Printed {
  exports: string
  keyFile: string
  sections: Array<{ heading: string; blocks: string[] }>
}

let emulator: ChildProcess
let output = ''
let printed: Printed
const shells: ChildProcess[] = []

/** The environment block, then `# N. …` headings, each followed by commands separated by blank lines. */
function parsePrinted(text: string): Printed {
  const body = text.slice(0, text.indexOf('\nReady.'))
  const parts = body.split(/^(# \d+\. .*)$/m)
  const sections: Printed['sections'] = []
  for (let i = 1; i < parts.length; i += 2) {
    const blocks = (parts[i + 1] ?? '')
      .split(/\n\n+/)
      .map(block => block.trim())
      .filter(Boolean)
    sections.push({ heading: parts[i] ?? '', blocks })
  }
  const exports = sections[0]?.blocks.join('\n') ?? ''
  const keyFile = /GITHUB_APP_PRIVATE_KEY="\$\(cat '([^']+)'\)"/.exec(exports)?.[1] ?? ''
  return { exports, keyFile, sections: sections.slice(1) }
}

/** Runs pasted commands in bash, after the printed environment, in the repository (as the heading says). */
async function paste(commands: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const shell = spawn('bash', ['-c', `${printed.exports}\n${commands}\nwait`], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  })
  shells.push(shell)
  let stdout = ''
  let stderr = ''
  shell.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  shell.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>(resolve => shell.on('close', resolve))
  return { code, stdout, stderr }
}

/** The lines the emulator reported after `mark` (a length of `output`). */
const reportedSince = (mark: number): string[] => output.slice(mark).split('\n')

const section = (docs: string): string[] => printed.sections.find(s => s.heading.includes(docs))?.blocks ?? []

beforeAll(async () => {
  emulator = spawn(process.execPath, [join(ROOT, 'scripts', 'emulator.js')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  emulator.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  emulator.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await waitUntil('the emulator to print Ready', () => output.includes('\nReady.'))
  printed = parsePrinted(output)
})
afterAll(() => {
  for (const shell of shells) if (shell.pid && shell.exitCode === null) process.kill(-shell.pid, 'SIGKILL')
  if (emulator.exitCode === null) emulator.kill('SIGKILL')
})

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
  let mark = output.length
  const sent = await paste(plain ?? '')
  expect(sent).toMatchObject({ code: 0, stdout: '' })
  expect(sent.stderr).toContain("Dispatched 'deploy' to octo-org/deploy-service.")
  await waitUntil('the dispatch in the report', () =>
    reportedSince(mark).includes(
      'GitHub received POST /repos/octo-org/deploy-service/dispatches [token] → 204 {"event_type":"deploy","client_payload":{"version":"1.4.2"}}'
    )
  )

  mark = output.length
  const followed = await paste(waited ?? '')
  expect(followed.code).toBe(0)
  expect(followed.stderr).toMatch(/run #\d+ in_progress → completed \(success\)/)
  expect(reportedSince(mark).filter(line => line.includes('POST /repos/octo-org/deploy-service/dispatches [token] → 204'))).toHaveLength(1)

  mark = output.length
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
  const mark = output.length
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
  const last = shells[shells.length - 1]
  if (last?.pid) process.kill(-last.pid, 'SIGTERM')
  await shell
})

test('Ctrl-C stops it and removes the key file', async () => {
  const exited = new Promise<number | null>(resolve => emulator.on('exit', resolve))
  emulator.kill('SIGINT')
  expect(await exited).toBe(0)
  expect(output).toContain('Stopped; removed the key file.')
  expect(existsSync(printed.keyFile)).toBe(false)
})
