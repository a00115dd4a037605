/**
 * The commands the action writes before its inputs are valid (src/action/start-commands.ts) are what
 * @actions/core writes for the same calls: the same line, the same escaping, the same exit code, and
 * the same input read back.
 */
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import * as core from '@actions/core'
import * as start from '../../../src/action/start-commands.js'

/** What `call` wrote to stdout, and the exit code it left. */
function written(call: () => void): { out: string; exitCode: typeof process.exitCode } {
  let out = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    out += String(chunk)
    return true
  })
  const before = process.exitCode
  try {
    call()
    return { out, exitCode: process.exitCode }
  } finally {
    spy.mockRestore()
    process.exitCode = before
  }
}

const MESSAGES = [
  'plain',
  '',
  'two\nlines',
  'crlf\r\nand a lone \r',
  '100% done, %0A already escaped, %25',
  '::error::forged at the start',
  '  ::warning:: after white space',
  'a ##[group] anywhere',
  'unicode: é 漢字 \u202e bidi',
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n'
]

test.each(MESSAGES)('setSecret, setFailed, debug and warning write what @actions/core writes: %j', message => {
  expect(written(() => start.setSecret(message))).toEqual(written(() => core.setSecret(message)))
  expect(written(() => start.setFailed(message))).toEqual(written(() => core.setFailed(message)))
  expect(written(() => start.debug(message))).toEqual(written(() => core.debug(message)))
  expect(written(() => start.warning(message))).toEqual(written(() => core.warning(message)))
})

test('setFailed leaves exit code 1', () => {
  expect(written(() => start.setFailed('no')).exitCode).toBe(1)
})

const saved = { ...process.env }
beforeEach(() => {
  process.env['INPUT_EVENT-TYPE'] = '  deploy \n'
  process.env['INPUT_CLIENT-ID'] = 'Iv23li'
  process.env['INPUT_WITH_SPACE'] = ' x '
  process.env['INPUT_EMPTY'] = ''
})
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
})

test.each(['event-type', 'client-id', 'with space', 'empty', 'not-set'])('getInput(%j) reads what @actions/core reads', name => {
  expect(start.getInput(name)).toBe(core.getInput(name))
})
