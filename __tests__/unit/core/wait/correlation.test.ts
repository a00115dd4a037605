import { describe, expect, test } from '@jest/globals'
import { createdFilter, findRunWithId, payloadWithDistinctId } from '../../../../src/core/wait/correlation.js'
import type { RunSummary } from '../../../../src/github/runs.js'
import { formatDuration } from '../../../../src/core/wait/poll.js'
import { describePermissions, tokenPermissions } from '../../../../src/auth/permissions.js'
import { createSender } from '../../../../src/core/modes/index.js'
import { chunk, groupByOwner, MAX_REPOSITORIES_PER_TOKEN } from '../../../../src/core/targets.js'

const id = '0f8fad5b-d9cb-469f-a165-70867728950e'
const noop = { debug: () => {}, info: () => {}, notice: () => {}, warning: () => {} }

describe('payloadWithDistinctId', () => {
  test.each([
    ['{}', `{"distinct_id":"${id}"}`],
    ['  { }  ', `{"distinct_id":"${id}"}`],
    ['{"a": 1}', `{"distinct_id":"${id}","a": 1}`],
    ['{\n  "big": 12345678901234567890\n}', `{"distinct_id":"${id}","big": 12345678901234567890\n}`]
  ])('%s', (payload, expected) => {
    const result = payloadWithDistinctId(payload, id)
    expect(result).toBe(expected)
    expect(JSON.parse(result)).toMatchObject({ distinct_id: id })
  })
})

describe('findRunWithId', () => {
  const run = (n: number, title: string): RunSummary => ({
    id: n,
    display_title: title,
    html_url: `u/${n}`,
    status: 'queued',
    conclusion: null,
    created_at: '2026-11-27T12:00:00Z'
  })
  test('matches the title carrying the id, not the newest run', () => {
    const runs = [run(3, 'Deploy 11111111-2222-3333-4444-555555555555'), run(2, `Deploy ${id}`), run(1, 'Deploy')]
    expect(findRunWithId(runs, id)?.id).toBe(2)
  })
  test('no run carries it: nothing, never a guess', () => {
    expect(findRunWithId([run(3, 'Deploy'), run(2, 'Deploy')], id)).toBeUndefined()
  })
})

test('createdFilter allows five minutes of clock skew', () => {
  expect(createdFilter(Date.UTC(2026, 10, 27, 12, 0, 30, 123))).toBe('>=2026-11-27T11:55:30Z')
})

test('formatDuration', () => {
  expect([5_000, 65_000, 3_725_000].map(formatDuration)).toEqual(['5s', '1m 5s', '1h 2m'])
})

describe('token permissions', () => {
  const repositoryDispatch = createSender({ kind: 'repository_dispatch', eventType: 'e', clientPayloadJson: '{}' }, noop)
  const workflowDispatch = createSender({ kind: 'workflow_dispatch', workflow: 'w.yml', ref: undefined, inputs: {} }, noop)
  const waiting = { cancelDownstream: false }
  const cancelling = { cancelDownstream: true }
  test('repository_dispatch: contents: write; plus actions: read only when waiting, write when it may cancel', () => {
    expect(tokenPermissions(repositoryDispatch.permissions, undefined)).toEqual({ contents: 'write' })
    expect(tokenPermissions(repositoryDispatch.permissions, waiting)).toEqual({ contents: 'write', actions: 'read' })
    expect(tokenPermissions(repositoryDispatch.permissions, cancelling)).toEqual({ contents: 'write', actions: 'write' })
  })
  test('workflow_dispatch: actions: write covers reading and cancelling runs', () => {
    expect(tokenPermissions(workflowDispatch.permissions, undefined)).toEqual({ actions: 'write' })
    expect(tokenPermissions(workflowDispatch.permissions, waiting)).toEqual({ actions: 'write' })
    expect(tokenPermissions(workflowDispatch.permissions, cancelling)).toEqual({ actions: 'write' })
  })
})

describe('grouping targets', () => {
  const t = (fullName: string) => {
    const [owner = '', repo = ''] = fullName.split('/')
    return { owner, repo, fullName }
  }
  test('by owner, case-insensitively, keeping first-seen order and spelling', () => {
    const groups = groupByOwner([t('Octo/a'), t('other/b'), t('octo/c'), t('OTHER/d')])
    expect([...groups].map(([owner, targets]) => [owner, targets.map(x => x.fullName)])).toEqual([
      ['Octo', ['Octo/a', 'octo/c']],
      ['other', ['other/b', 'OTHER/d']]
    ])
  })
  test('chunks of at most 500 repositories per token', () => {
    const items = Array.from({ length: 1001 }, (_, i) => i)
    expect(chunk(items, MAX_REPOSITORIES_PER_TOKEN).map(c => c.length)).toEqual([500, 500, 1])
    expect(chunk([], 500)).toEqual([])
  })
  test('permissions named as the App settings page names them', () => {
    expect(describePermissions({ contents: 'write', actions: 'read' })).toBe('Contents: Read and write and Actions: Read-only')
  })
})
