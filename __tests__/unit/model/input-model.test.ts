/**
 * Each input is declared once (src/input-model.ts). action.yml, the CLI's
 * --help and the README's tables must agree with that declaration.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { HELP } from '../../../src/cli/args.js'
import { ACTION_TERMS, CLI_TERMS, INPUTS, LIBRARY_TERMS, OUTPUTS, renderTerms } from '../../../src/model/input-table.js'
import { InputError } from '../../../src/model/errors.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { ROOT } from '../../../emulator/run-action.js'

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

describe('action.yml', () => {
  test('declares exactly the declared inputs, in order, with their descriptions, defaults and required flags', () => {
    expect(Object.keys(action.inputs)).toEqual(INPUTS.map(i => i.name))
    for (const input of INPUTS) {
      const spec = action.inputs[input.name]
      expect({ name: input.name, ...spec }).toEqual({
        name: input.name,
        description: input.description,
        required: input.required ?? false,
        ...(input.actionDefault !== undefined || input.default !== undefined ? { default: input.actionDefault ?? input.default } : {})
      })
    }
  })
  test('declares exactly the declared outputs', () => {
    expect(Object.entries(action.outputs).map(([name, spec]) => ({ name, description: spec.description }))).toEqual([...OUTPUTS])
  })
})

/** The rows of the markdown table under a heading: first cell (the code name) and the rest. */
function tableUnder(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`no heading ${heading}`)
  const rows: string[][] = []
  for (const line of markdown.slice(start + heading.length + 2).split('\n')) {
    if (line.startsWith('|'))
      rows.push(
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map(cell => cell.trim())
      )
    else if (rows.length > 0) break
  }
  return rows.slice(2)
}

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  test('the inputs table lists every input, in order, with its default', () => {
    const rows = tableUnder(readme, '## Inputs')
    expect(rows.map(r => r[0])).toEqual(INPUTS.map(i => `\`${i.name}\``))
    for (const input of INPUTS) {
      const row = rows.find(r => r[0] === `\`${input.name}\``) as string[]
      const shown = input.actionDefault ?? input.default
      if (shown !== undefined) expect(row[2]).toBe(`\`${shown}\``)
    }
  })
  test('the outputs table lists every output, in order', () => {
    expect(tableUnder(readme, '## Outputs').map(r => r[0])).toEqual(OUTPUTS.map(o => `\`${o.name}\``))
  })
})

describe('the CLI', () => {
  test('--help shows every input as its flag, with its default', () => {
    for (const input of INPUTS) {
      expect(HELP).toContain(`--${input.flag}`)
      if (input.default !== undefined && input.default !== 'false')
        expect(HELP).toContain(`Default: ${input.env ? `$${input.env}, else ` : ''}${input.default}`)
    }
  })
})

describe('wording per front end', () => {
  test('other inputs named in a message follow the front end', () => {
    expect(renderTerms('Raise {wait-timeout}; keep {"a": 1} and {owner}/{repo}.', CLI_TERMS)).toBe(
      'Raise --wait-timeout; keep {"a": 1} and {owner}/{repo}.'
    )
    expect(renderTerms('Raise {wait-timeout}.', LIBRARY_TERMS)).toBe('Raise waitTimeoutSeconds.')
  })
  test('a setting to write is rendered as each front end writes it', () => {
    expect(renderTerms('did you mean {workflow=deploy.yml}?', ACTION_TERMS)).toBe('did you mean workflow: deploy.yml?')
    expect(renderTerms('did you mean {workflow=deploy.yml}?', CLI_TERMS)).toBe('did you mean --workflow deploy.yml?')
    expect(renderTerms('did you mean {workflow=deploy.yml}?', LIBRARY_TERMS)).toBe('did you mean workflow: deploy.yml?')
    expect(renderTerms('keep {nope=1} and {"a": 1}', CLI_TERMS)).toBe('keep {nope=1} and {"a": 1}')
  })

  test('the library refuses a wrong type and an unknown option with a suggestion', () => {
    const base = { appId: 1, privateKey: 'x', repository: 'o/r', eventType: 'e' }
    expect(() => planFromOptions({ ...base, wait: ['yes'] as unknown as boolean })).toThrow(
      "Option 'wait': is an array; expected a string, number or boolean."
    )
    expect(() => planFromOptions({ ...base, event_type: 'e' } as never)).toThrow(
      "Option 'event_type': is not an option; did you mean 'eventType'?"
    )
    expect(() => planFromOptions({ ...base, clientPayload: [1] as never })).toThrow(InputError)
  })
})

test('the version the tool reports is package.json’s', async () => {
  const { VERSION } = await import('../../../src/util/version.js')
  expect(VERSION).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version)
})

test('Marketplace: a name, a description under 125 characters, branding', () => {
  const meta = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    name: string
    description: string
    branding: { icon: string; color: string }
  }
  expect(meta.name.length).toBeGreaterThan(0)
  expect(meta.description.length).toBeLessThan(125)
  expect(meta.branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
})
