/**
 * Nothing from outside steers the step: inputs with line breaks are refused,
 * strings from GitHub are printed inert (the log is read as the runner reads
 * it), the summary renders no heading or HTML that came from data, every
 * form of the key is masked. (A cancelled step while GitHub hangs:
 * cancel-while-hanging.e2e.test.ts.) One input refused and one form of the
 * key here; the other inputs and forms, one at a time, run the action's entry
 * in-process with its stdout read the same way: unit/action/hardening.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { pkcs8Lines } from '../../support/key-forms.js'
import { expectInputRefused, ROUTES, type Fixture } from '../../support/fixture.js'
import { foreignCommands, runnerCommands } from '../../support/runner-log.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: () => {
    gate = f.gh.createApp()
    f.gh.install({
      app: gate,
      account: 'gate-org',
      repositories: ['deploy'],
      permissions: { contents: 'write', actions: 'write', metadata: 'read' }
    })
    f.gh.addWorkflow('gate-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 0, runMs: 200, conclusion: 'success' }
    })
  }
})
let gate: Fixture['app']

const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }} ${{ github.event.client_payload.title }}'

const HOSTILE =
  'x\n::warning title=pwned::forged\n::stop-commands::abc\n# Heading from data\n<img src=x onerror=alert(1)>\n[link](https://evil.example)'

describe('inputs that could carry commands are refused before anything is sent', () => {
  test('event-type with a newline and a command', async () => {
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy\n::warning title=x::forged' })
    expectInputRefused(result, f.gh, /Input 'event-type': contains a line break/)
    expect(foreignCommands(result.stdout)).toEqual([])
    expect(result.stdout).not.toContain('forged\n')
  })
})

describe('strings from GitHub are data', () => {
  test('a hostile run title is printed inert while the step follows the run', async () => {
    const result = await f.run({
      'app-id': String(gate.id),
      'private-key': gate.privateKey,
      repository: 'gate-org/deploy',
      'event-type': 'deploy',
      'client-payload': JSON.stringify({ title: HOSTILE }),
      wait: 'true',
      'poll-interval': '1'
    })
    expect(result.code).toBe(0)
    expect(foreignCommands(result.stdout)).toEqual([])
    // Shown, on one line, with the runner's own escapes.
    const found = result.stdout.split('\n').find(line => line.includes('found run #'))
    expect(found).toContain('x%0A::warning title=pwned::forged%0A::stop-commands::abc%0A# Heading from data%0A<img')
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('a hostile GitHub error message: no command in the log, no heading, tag or link in the summary', async () => {
    f.gh.fault(ROUTES.dispatches, { status: 422, body: { message: HOSTILE } })
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy' })
    expect(result.code).toBe(1)
    expect(foreignCommands(result.stdout)).toEqual([])
    // The failure itself is one ::error:: whose text is the data, escaped by the command.
    const errors = runnerCommands(result.stdout).filter(c => c.name === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toContain('::stop-commands::abc')
    // Summary: data adds no line, so no markdown block; no live tag or link.
    const dataLines = result.summary.split('\n').filter(line => /Heading from data/.test(line))
    expect(dataLines).toHaveLength(1)
    expect(dataLines[0]).toMatch(/^<table>/)
    expect(result.summary).not.toMatch(/<img/i)
    expect(result.summary).not.toContain('[link](')
    expect(result.summary).toContain('&#60;img src=x onerror=alert&#40;1&#41;&#62;')
    expect(f.gh).toHaveRevokedEveryToken()
  })
})

describe('every form of the key is masked before anything else is printed', () => {
  test('PEM with real line breaks', async () => {
    const key = f.app.privateKey
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy', 'private-key': key })
    expect(result.code).toBe(0)
    const masks = new Set(
      runnerCommands(result.stdout)
        .filter(c => c.name === 'add-mask')
        .map(c => c.message)
    )
    // The input as given (on one line as the runner masks it), the PKCS#1 body lines and the PKCS#8 re-encoding's.
    for (const line of key.split('\n').filter(l => l.length >= 8 && !l.startsWith('-----'))) expect(masks).toContain(line)
    for (const line of f.app.privateKey.split('\n').filter(l => l.length >= 8 && !l.startsWith('-----'))) expect(masks).toContain(line)
    for (const line of pkcs8Lines(f.app.privateKey)) expect(masks).toContain(line)
    // ...before the first request.
    const firstMask = result.stdout.indexOf('::add-mask::')
    expect(firstMask).toBeGreaterThanOrEqual(0)
    expect(result.stdout.slice(0, firstMask)).toBe('')
  })
})

test('a hostile line at the start of a log line is defused; runner parsing sees no command', async () => {
  const { inertLine, inertLines } = await import('../../../src/util/inert.js')
  const hostile = ['::warning::forged', '  ::stop-commands::abc', '\t::add-mask::x', 'text ##[warning]forged', '100% done\r::error::forged']
  const printed = hostile.map(inertLine).join('\n')
  expect(runnerCommands(printed)).toEqual([])
  expect(inertLines('a\n::warning::forged\r\nb')).toEqual(['a', '%3A:warning::forged', 'b'])
  expect(inertLine('100% done\r::error::forged')).toBe('100%25 done%0D::error::forged')
})
