/**
 * The approval handler's configuration is checked at start-up: a wrong
 * option fails naming it, before any request is served.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { createSlackApprovalHandler } from '../../../src/slack/index.js'
import { APPROVER, KEY, SECRET } from '../../support/slack-values.js'

describe('configuration is checked at start-up', () => {
  const base = { appId: 1, privateKey: '', signingSecret: SECRET, approvalKey: KEY, allowedUsers: [APPROVER] }
  beforeAll(() => {
    base.privateKey = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' }
    }).privateKey
  })
  test.each([
    [
      'allowedUsers as a string',
      { allowedUsers: 'U0APPROVER' },
      /'allowedUsers': must be a non-empty array of strings\. It is a string \('U0APPROVER'\): wrap it in an array/
    ],
    ['no approval key', { approvalKey: '' }, /'approvalKey': is required/],
    ['a short approval key', { approvalKey: 'short' }, /at least 32 characters/],
    ['a bad repository in the allow-list', { allowedRepositories: ['nope'] }, /invalid repository 'nope'/],
    ['a claim store without claim()', { claims: {} }, /'claims': must be a claim store/]
  ])('%s', (_name, over, message) => {
    expect(() => createSlackApprovalHandler({ ...base, ...over } as never)).toThrow(message)
  })
})
