/**
 * Nothing from outside steers the step, one input at a time: the action's
 * entry in-process (support/action-entry.ts), its stdout read as the runner
 * reads it. An input that could carry a command is refused before anything is
 * sent, and no command of its own reaches the log; every form of the key is
 * masked before anything else is printed. The contract of each through the
 * bundle, once, is e2e/action/hardening.e2e.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { pkcs8Lines } from '../../support/key-forms.js'
import { runEntryInProcess, type EntryResult } from '../../support/action-entry.js'
import { stackLines } from '../../support/fixture.js'
import { foreignCommands, runnerCommands } from '../../support/runner-log.js'
import { useGitHub } from '../../support/use.js'

const local = useGitHub()

const step = (inputs: Record<string, string>): Promise<EntryResult> =>
  runEntryInProcess({
    apiUrl: local.gh.url,
    inputs: { 'app-id': String(local.app.id), 'private-key': local.app.privateKey, ...inputs }
  })

describe('inputs that could carry commands are refused before anything is sent', () => {
  test.each([
    ['event-type with stop-commands', { 'event-type': 'deploy\n::stop-commands::tok' }, /Input 'event-type': contains a line break/],
    ['event-type with a carriage return', { 'event-type': 'deploy\r::warning::forged' }, /Input 'event-type': contains a line break/],
    [
      'workflow with a line separator',
      { 'event-type': '', workflow: 'deploy.yml\u2028::warning::forged' },
      /Input 'workflow': contains a line break/
    ],
    ['ref with a control character', { 'event-type': '', workflow: 'deploy.yml', ref: 'main\u0007' }, /Input 'ref': contains a line break/],
    ['a repository that walks up a path segment', { repository: 'octo-org/...git' }, /Input 'repository': invalid repository/],
    ['a repository that is only .git', { repository: 'octo-org/.git' }, /Input 'repository': invalid repository/]
  ])('%s', async (_name, inputs, message) => {
    const result = await step({ repository: 'octo-org/deploy', 'event-type': 'deploy', ...inputs })
    expect(result.code).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(message)
    expect(stackLines(result.stdout)).toEqual([])
    expect(local.gh).toHaveSentNothing()
    expect(foreignCommands(result.stdout)).toEqual([])
    expect(result.stdout).not.toContain('forged\n')
  })
})

describe('every form of the key is masked before anything else is printed', () => {
  test.each([
    ['PEM with literal \\n', (pem: string) => pem.trim().replace(/\n/g, '\\n')],
    ['base64 of the PEM', (pem: string) => Buffer.from(pem).toString('base64')]
  ])('%s', async (_name, encode) => {
    const { privateKey } = local.app
    const key = encode(privateKey)
    const result = await step({ repository: 'octo-org/deploy', 'event-type': 'deploy', 'private-key': key })
    expect(result.code).toBe(0)
    expect(local.gh.dispatches).toHaveLength(1)
    const masks = new Set(
      runnerCommands(result.stdout)
        .filter(c => c.name === 'add-mask')
        .map(c => c.message)
    )
    // The input as given (on one line as the runner masks it), the PKCS#1 body lines and the PKCS#8 re-encoding's.
    for (const line of key.split('\n').filter(l => l.length >= 8 && !l.startsWith('-----'))) expect(masks).toContain(line)
    for (const line of privateKey.split('\n').filter(l => l.length >= 8 && !l.startsWith('-----'))) expect(masks).toContain(line)
    for (const line of pkcs8Lines(privateKey)) expect(masks).toContain(line)
    // ...before the first request.
    const firstMask = result.stdout.indexOf('::add-mask::')
    expect(firstMask).toBeGreaterThanOrEqual(0)
    expect(result.stdout.slice(0, firstMask)).toBe('')
  })
})
