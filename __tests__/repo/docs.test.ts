/**
 * Every workflow example in the README and docs/ is valid YAML, and every
 * step that uses this action (or its sub-actions) passes only inputs that
 * action's action.yml declares, and every required one.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { ROOT } from '../../emulator/run-action.js'

interface ActionSpec {
  inputs: Record<string, { required?: boolean; default?: unknown }>
}

const actions: Record<string, ActionSpec> = {
  '': parseDocument(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toJS() as ActionSpec,
  reply: parseDocument(readFileSync(join(ROOT, 'reply', 'action.yml'), 'utf8')).toJS() as ActionSpec,
  'request-approval': parseDocument(readFileSync(join(ROOT, 'request-approval', 'action.yml'), 'utf8')).toJS() as ActionSpec
}

/** Which of our actions a `uses:` names: '' (the main one), 'reply', 'request-approval', or undefined. */
function ours(uses: string): string | undefined {
  const match = /^(?:[\w-]+\/app-dispatch|\.)(?:\/([\w-]+)?)?(?:@\S+)?$/.exec(uses.trim())
  if (!match) return undefined
  return match[1] ?? ''
}

function steps(node: unknown, found: Array<{ uses: string; with: Record<string, unknown> }> = []): typeof found {
  if (Array.isArray(node)) node.forEach(item => steps(item, found))
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>
    if (typeof record['uses'] === 'string') found.push({ uses: record['uses'], with: (record['with'] as Record<string, unknown>) ?? {} })
    Object.values(record).forEach(value => steps(value, found))
  }
  return found
}

const files = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter(f => f.endsWith('.md'))
    .map(f => `docs/${f}`)
]
const blocks = files.flatMap(file => {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m, i) => ({ name: `${file} #${i + 1}`, yaml: m[1] ?? '' }))
})
const workflows = readdirSync(join(ROOT, '.github', 'workflows')).map(f => ({
  name: `.github/workflows/${f}`,
  yaml: readFileSync(join(ROOT, '.github', 'workflows', f), 'utf8')
}))

test('the README and docs hold workflow examples', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(8)
})

describe.each([...blocks, ...workflows])('$name', ({ yaml }) => {
  test('is valid YAML, and its app-dispatch steps pass only inputs the action declares', () => {
    const document = parseDocument(yaml, { strict: true, uniqueKeys: true })
    expect(document.errors.map(e => e.message)).toEqual([])
    for (const step of steps(document.toJS())) {
      const which = ours(step.uses)
      if (which === undefined || !(which in actions)) continue
      const declared = (actions[which] as ActionSpec).inputs
      const unknown = Object.keys(step.with).filter(key => !(key in declared))
      expect({ uses: step.uses, unknown }).toEqual({ uses: step.uses, unknown: [] })
      const missing = Object.entries(declared)
        .filter(([name, spec]) => spec.required && spec.default === undefined && !(name in step.with))
        .map(([name]) => name)
      expect({ uses: step.uses, missing }).toEqual({ uses: step.uses, missing: [] })
    }
  })
})

const jsonBlocks = files.flatMap(file =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map((m, i) => ({
    name: `${file} json #${i + 1}`,
    json: m[1] ?? ''
  }))
)

test.each(jsonBlocks)('$name is valid JSON', ({ json }) => {
  expect(() => JSON.parse(json) as unknown).not.toThrow()
})

test('the gate example reads the outcome even when the dispatch step failed', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  expect(readme).toMatch(/if: always\(\)[\s\S]*steps\.deploy\.outputs\.results/)
})

test('the step finder recognises this action, its sub-actions and local uses', () => {
  expect(
    [
      'org/app-dispatch@v1',
      'org/app-dispatch/reply@v1',
      'org/app-dispatch/request-approval@v1',
      './',
      './reply',
      'actions/checkout@v5'
    ].map(ours)
  ).toEqual(['', 'reply', 'request-approval', '', 'reply', undefined])
})
