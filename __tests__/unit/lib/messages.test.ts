/**
 * Messages name what the user wrote, where they wrote it: the library's
 * near-misses get a suggestion, the Slack handler's options are named as
 * options, and the CLI's argument errors are one line with the form that works.
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { HELP, parseArgsError, optionsFrom } from '../../../src/cli/args.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { createSlackApprovalHandler } from '../../../src/slack/index.js'

describe('the library suggests the option meant', () => {
  const base = { appId: 1, privateKey: 'x', repository: 'o/r', eventType: 'e' }
  test.each([
    ['githubApiUrl', 'apiUrl'],
    ['waitTimeout', 'waitTimeoutSeconds'],
    ['event_type', 'eventType']
  ])('%s → %s', (given, meant) => {
    expect(() => planFromOptions({ ...base, [given]: '1' })).toThrow(`Option '${given}': is not an option; did you mean '${meant}'?`)
  })
})

describe('the Slack handler names its own options', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const base = {
    appId: 1,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    signingSecret: 'secret',
    approvalKey: 'k'.repeat(40),
    allowedUsers: ['U1']
  }
  test.each([
    [{ approvalKey: 'short' }, /^Slack handler option 'approvalKey': must be a secret of at least 32 characters/],
    [{ appId: 'not-an-id' }, /^Slack handler option 'appId': /],
    [{ privateKey: 'not a key' }, /^Slack handler option 'privateKey': is not a PEM private key/],
    [{ allowedEventTypes: ['a\nb'] }, /^Slack handler option 'allowedEventTypes': /]
  ])('%o', (over, message) => {
    expect(() => createSlackApprovalHandler({ ...base, ...over })).toThrow(message)
  })
})

describe('the CLI', () => {
  test('--help describes --help and --version', () => {
    expect(HELP).toMatch(/--help, -h\s+Show this help/)
    expect(HELP).toMatch(/--version\s+Print the version/)
  })
  test('a value that starts with a dash: one line, with the form that takes it', () => {
    const message = "Option '-s, --summary <value>' argument is ambiguous.\nDid you forget to specify the option argument for '--summary'?"
    expect(parseArgsError(message, ['summary'])).toBe(
      "--summary: a value that starts with '-' must be written --summary=VALUE (e.g. --summary='-x')."
    )
  })
  test('values from the environment or a key file are named as such', () => {
    const parsed = optionsFrom(['--repository', 'o/r', '--event-type', 'e'], { GITHUB_APP_ID: '1000', GITHUB_APP_PRIVATE_KEY: 'k' })
    expect(parsed !== 'help' && parsed !== 'version' && parsed.sources).toEqual({
      'app-id': '$GITHUB_APP_ID',
      'private-key': '$GITHUB_APP_PRIVATE_KEY'
    })
  })
})
