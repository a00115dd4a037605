/** wait-jobs parsing and matching: pure. */
import { expect, test } from '@jest/globals'
import { matchesJobName, parseJobNames } from '../../../src/input/job-names.js'
import { InputError } from '../../../src/model/errors.js'
import { parseWait } from '../../../src/input/parse-inputs.js'

test('names separated by commas or newlines; commas inside parentheses stay in the name', () => {
  expect(parseJobNames('')).toEqual([])
  expect(parseJobNames('build, test\n e2e \n\nbuild')).toEqual(['build', 'test', 'e2e'])
  expect(parseJobNames('build (ubuntu, 22), lint')).toEqual(['build (ubuntu, 22)', 'lint'])
  expect(parseJobNames('deploy (prod (eu), 1)')).toEqual(['deploy (prod (eu), 1)'])
})

test.each([
  ['build (ubuntu, 22', /unbalanced parentheses in 'build \(ubuntu, 22'/],
  ['build) x', /unbalanced parentheses/],
  [', ,\n', /holds no job name/],
  ['build\u0007', /control character/],
  ['x'.repeat(1001), /longer than 1000 characters/]
])('%j is refused', (value, message) => {
  let caught: unknown
  try {
    parseJobNames(value)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InputError)
  expect((caught as InputError).input).toBe('wait-jobs')
  expect((caught as InputError).message).toMatch(message)
})

test('a name matches itself and its matrix legs, nothing else', () => {
  expect(matchesJobName('build', 'build')).toBe(true)
  expect(matchesJobName('build', 'build (ubuntu, 22)')).toBe(true)
  expect(matchesJobName('build (ubuntu, 22)', 'build (ubuntu, 22)')).toBe(true)
  expect(matchesJobName('build (ubuntu, 22)', 'build (windows, 22)')).toBe(false)
  expect(matchesJobName('build', 'builder')).toBe(false)
  expect(matchesJobName('build', 'build-and-test (x)')).toBe(false)
  expect(matchesJobName('build', 'Build')).toBe(false)
  expect(matchesJobName('build', 'pre build (x)')).toBe(false)
})

test('the wait settings carry the names; without wait-jobs the wait is for the whole run; without wait it is refused', () => {
  const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
  expect(parseWait(read({ wait: 'true', 'wait-jobs': 'build\ntest (a, b)' }))?.jobs).toEqual(['build', 'test (a, b)'])
  expect(parseWait(read({ wait: 'true' }))?.jobs).toEqual([])
  expect(() => parseWait(read({ 'wait-jobs': 'build' }))).toThrow("Input 'wait-jobs': needs wait")
})
