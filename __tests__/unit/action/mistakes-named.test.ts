/**
 * Mistakes named at once, one kind at a time: the action's entry in-process
 * (support/action-entry.ts), its stdout read as the runner reads it. Each
 * kind of key that is not a GitHub App's in private-key (or a path to one) is
 * named and masked, never shown; the default outputs-artifact on a run
 * without artifacts is no warning; outputs-by-repository is set only with
 * wait. The contract of each through the bundle, once, is
 * e2e/action/mistakes-named.e2e.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import type { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { quick, RUN_NAME } from '../../support/chain.js'
import { runEntryInProcess, type EntryResult } from '../../support/action-entry.js'
import { stackLines } from '../../support/fixture.js'
import { DISPATCH_AND_FOLLOW } from '../../support/github.js'
import { runnerCommands } from '../../support/runner-log.js'
import { useGitHub } from '../../support/use.js'

let chainApp: ReturnType<GitHubEmulator['createApp']>
const local = useGitHub({
  setup: ({ gh }) => {
    chainApp = gh.createApp()
    gh.install({ app: chainApp, account: 'chain-org', repositories: ['plain'], permissions: DISPATCH_AND_FOLLOW })
    gh.addWorkflow('chain-org/plain', { file: 'deploy.yml', types: ['deploy'], runName: RUN_NAME, lifecycle: quick })
    gh.addWorkflow('octo-org/deploy', { file: 'deploy.yml', types: ['deploy'] })
  }
})

const step = (inputs: Record<string, string>): Promise<EntryResult> =>
  runEntryInProcess({
    apiUrl: local.gh.url,
    inputs: { 'app-id': String(local.app.id), 'private-key': local.app.privateKey, ...inputs }
  })

const warnings = (result: EntryResult): string[] =>
  runnerCommands(result.stdout)
    .filter(command => command.name === 'warning')
    .map(command => command.message)

describe('a key of the wrong kind (or a path) in private-key', () => {
  const ssh = generateKeyPairSync('ed25519')
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  // An OpenSSH private key's PEM form (what ssh-keygen writes); only its label matters here.
  const openssh = `-----BEGIN OPENSSH PRIVATE KEY-----\n${Buffer.from(`openssh-key-v1\0${'k'.repeat(120)}`).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`
  test.each([
    ['an OpenSSH key', openssh, /is an OpenSSH private key \(-----BEGIN OPENSSH PRIVATE KEY-----, an SSH key\), not a GitHub App's key/],
    [
      'an EC key',
      ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
      /is an EC \(elliptic-curve\) private key \(-----BEGIN EC PRIVATE KEY-----\); a GitHub App's key is RSA/
    ],
    [
      'an EC key in PKCS#8',
      ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      /is an EC \(elliptic-curve\) private key; a GitHub App's key is RSA/
    ],
    [
      'an SSH public key',
      `ssh-ed25519 ${ssh.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')} me@laptop`,
      /is a public key \(an SSH public key\)/
    ],
    [
      'a file path',
      '/home/runner/work/dispatcher.2026-01-01.private-key.pem',
      /looks like a file path; it takes the key itself, the contents of the \.pem file/
    ]
  ])('%s is named, with what to paste instead, and not echoed', async (_name, key, message) => {
    const result = await step({ repository: 'octo-org/deploy', 'event-type': 'deploy', 'private-key': key })
    expect(result.code).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(message)
    expect(result.errors[0]).not.toMatch(/damaged or truncated/)
    expect(stackLines(result.stdout)).toEqual([])
    expect(local.gh).toHaveSentNothing()
    // Masked (the runner consumes ::add-mask::), and never shown.
    const shown = result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n')
    for (const line of key.split('\n').filter(line => line.length > 20 && !line.startsWith('-----'))) {
      expect(result.masks).toContain(line)
      expect(shown).not.toContain(line)
    }
  })
})

test('the default outputs-artifact on a run without artifacts is no warning (a run that hands nothing back), only a line', async () => {
  const result = await step({
    'app-id': String(chainApp.id),
    'private-key': chainApp.privateKey,
    repository: 'chain-org/plain',
    'event-type': 'deploy',
    wait: 'true',
    'poll-interval': '1'
  })
  expect(result.code).toBe(0)
  expect(warnings(result)).toEqual([])
  expect(result.stdout).toContain('chain-org/plain: no artifact named app-dispatch-outputs on run #1 (it has none); its outputs are {}.')
  expect(result.outputs['outputs']).toBe('{}')
})

test('without wait, outputs-by-repository is not set', async () => {
  const result = await step({ repository: 'octo-org/deploy', 'event-type': 'deploy' })
  expect(result.code).toBe(0)
  expect(result.outputs).not.toHaveProperty('outputs-by-repository')
  expect(result.outputs).toHaveProperty('results')
})
