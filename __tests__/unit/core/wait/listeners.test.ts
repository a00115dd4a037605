/** Which repository_dispatch types a workflow listens for, from its parsed YAML (src/core/wait/listeners.ts). */
import { describe, expect, test } from '@jest/globals'
import { parse } from 'yaml'
import { dispatchTypes } from '../../../../src/core/wait/listeners.js'

describe('on.repository_dispatch.types', () => {
  test.each([
    ['on: repository_dispatch', 'all'],
    ['on: [push, repository_dispatch]', 'all'],
    ['on:\n  repository_dispatch:', 'all'],
    ['on:\n  repository_dispatch: {}', 'all'],
    ['on:\n  repository_dispatch:\n    types: [release, rollback]', ['release', 'rollback']],
    ['on:\n  repository_dispatch:\n    types: deploy', ['deploy']],
    ['on:\n  push:\n  workflow_dispatch:', undefined],
    ['on: push', undefined],
    ['name: no trigger', undefined],
    ['', undefined]
  ])('%j', (yaml, expected) => {
    expect(dispatchTypes(parse(yaml))).toEqual(expected)
  })
  test('a YAML 1.1 reading of `on` (the key true) is understood too', () => {
    expect(dispatchTypes({ true: { repository_dispatch: { types: ['deploy'] } } })).toEqual(['deploy'])
  })
})
