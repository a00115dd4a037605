/**
 * Each kind of input (model/input-declaration.ts) in the three front ends:
 * the action's inputs (read with @actions/core from INPUT_ variables), the
 * CLI's flags and the library's options give the same value the same Plan
 * field; a wrong value is one error, worded once by each front end; and a
 * value quoted back in a message is shown as given, never read as a {name}.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import * as core from '@actions/core'
import { optionsFrom, inputSource } from '../../../src/cli/args.js'
import { cliWording } from '../../../src/cli/wording.js'
import { parseInputs } from '../../../src/input/parse-inputs.js'
import { planFromOptions, type DispatchOptions } from '../../../src/lib/options.js'
import { InputError } from '../../../src/model/errors.js'
import { INPUTS, type InputKind } from '../../../src/model/input-table.js'
import type { Plan } from '../../../src/model/plan.js'
import { keyPair } from '../../../emulator/test-keys.js'

const pem = keyPair('app-0').privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const BASE = { 'client-id': 'Iv23liABC', 'private-key': pem, repository: 'octo/a', 'event-type': 'deploy' }

/** The action: each input in INPUT_ variables, read by @actions/core's getInput, as the runner hands them over. */
function viaAction(inputs: Record<string, string>): Plan {
  const names = Object.keys(inputs)
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  try {
    return parseInputs(name => core.getInput(name), {})
  } finally {
    for (const name of names) delete process.env[`INPUT_${name.toUpperCase()}`]
  }
}

/** The CLI: flags, parsed as the CLI parses them and read as main() reads them. */
function viaCli(argv: string[]): Plan {
  const parsed = optionsFrom(argv, {})
  if (typeof parsed === 'string') throw new Error('not parsed')
  try {
    return parseInputs(inputSource(parsed.options), {})
  } catch (error) {
    throw error instanceof InputError ? error.reword(cliWording(parsed.sources)) : error
  }
}

const cliBase = ['--client-id', 'Iv23liABC', `--private-key=${pem}`, '--repository', 'octo/a']
const libraryBase: DispatchOptions = { clientId: 'Iv23liABC', privateKey: pem, repository: 'octo/a', eventType: 'deploy' }

interface Case {
  kind: InputKind
  input: string
  action: Record<string, string>
  cli: string[]
  library: Partial<DispatchOptions>
  field: (plan: Plan) => unknown
  expected: unknown
}

const appKeyOf = (plan: Plan): unknown => ('appKey' in plan ? plan.appKey : undefined)
const mode = (plan: Plan): Record<string, unknown> => ({ ...plan.mode })

const CASES: Case[] = [
  {
    kind: 'line',
    input: 'event-type',
    action: { 'event-type': 'release' },
    cli: ['--event-type', 'release'],
    library: { eventType: 'release' },
    field: plan => mode(plan)['eventType'],
    expected: 'release'
  },
  {
    kind: 'line',
    input: 'installation-id',
    action: { 'installation-id': '42' },
    cli: ['--event-type', 'deploy', '--installation-id', '42'],
    library: { installationId: 42 },
    field: plan => ('installationId' in plan ? plan.installationId : undefined),
    expected: 42
  },
  {
    kind: 'text',
    input: 'private-key',
    action: { 'private-key': `${pem}\n` },
    cli: ['--event-type', 'deploy', `--private-key=${pem}\n`],
    library: { privateKey: `${pem}\n` },
    field: appKeyOf,
    expected: appKeyOf(viaAction(BASE))
  },
  {
    kind: 'list',
    input: 'repository',
    action: { repository: 'octo/a\nocto/b' },
    cli: ['--event-type', 'deploy', '--repository', 'octo/b'],
    library: { repository: ['octo/a', 'octo/b'] },
    field: plan => plan.targets.map(target => target.fullName),
    expected: ['octo/a', 'octo/b']
  },
  {
    kind: 'list',
    input: 'wait-jobs',
    action: { wait: 'true', 'wait-jobs': 'build (ubuntu, 22), lint' },
    cli: ['--event-type', 'deploy', '--wait', '--wait-jobs', 'build (ubuntu, 22)', '--wait-jobs', 'lint'],
    library: { wait: true, waitJobs: ['build (ubuntu, 22)', 'lint'] },
    field: plan => plan.wait?.jobs,
    expected: ['build (ubuntu, 22)', 'lint']
  },
  {
    kind: 'json-object',
    input: 'client-payload',
    action: { 'client-payload': '{"version":"1.2.3","n":1}' },
    cli: ['--event-type', 'deploy', '--client-payload', '{"version":"1.2.3","n":1}'],
    library: { clientPayload: { version: '1.2.3', n: 1 } },
    field: plan => mode(plan)['clientPayloadJson'],
    expected: '{"version":"1.2.3","n":1}'
  },
  {
    kind: 'json-object',
    input: 'inputs',
    action: { 'event-type': '', workflow: 'deploy.yml', inputs: '{"env": "prod", "dry": false}' },
    cli: ['--workflow', 'deploy.yml', '--inputs', '{"env": "prod", "dry": false}'],
    library: { eventType: undefined, workflow: 'deploy.yml', inputs: { env: 'prod', dry: false } },
    field: plan => mode(plan)['inputs'],
    expected: { env: 'prod', dry: false }
  },
  {
    kind: 'boolean',
    input: 'wait',
    action: { wait: 'true' },
    cli: ['--event-type', 'deploy', '--wait'],
    library: { wait: true },
    field: plan => plan.wait !== undefined,
    expected: true
  },
  {
    kind: 'count',
    input: 'max-concurrency',
    action: { 'max-concurrency': '7' },
    cli: ['--event-type', 'deploy', '--max-concurrency', '7'],
    library: { maxConcurrency: 7 },
    field: plan => plan.maxConcurrency,
    expected: 7
  },
  {
    kind: 'seconds',
    input: 'wait-timeout',
    action: { wait: 'true', 'wait-timeout': '90' },
    cli: ['--event-type', 'deploy', '--wait', '--wait-timeout', '90'],
    library: { wait: true, waitTimeoutSeconds: 90 },
    field: plan => plan.wait?.timeoutSeconds,
    expected: 90
  }
]

afterEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
})

test('every kind is tested, and every input has one', () => {
  expect(new Set(CASES.map(c => c.kind))).toEqual(new Set(INPUTS.map(input => input.kind)))
  for (const c of CASES) expect(INPUTS.find(input => input.name === c.input)?.kind).toBe(c.kind)
})

describe.each(CASES)('$kind ($input): the same value, the same Plan field in every front end', c => {
  test('action', () => expect(c.field(viaAction({ ...BASE, ...c.action }))).toEqual(c.expected))
  test('CLI', () => expect(c.field(viaCli([...cliBase, ...c.cli]))).toEqual(c.expected))
  test('library', () => expect(c.field(planFromOptions({ ...libraryBase, ...c.library }))).toEqual(c.expected))
})

/** The message each front end gives for one bad value. */
function messages(action: Record<string, string>, cli: string[], library: Partial<DispatchOptions>): string[] {
  const message = (run: () => unknown): string => {
    try {
      run()
    } catch (error) {
      if (error instanceof InputError) return error.message
      throw error
    }
    throw new Error('no error')
  }
  return [
    message(() => viaAction({ ...BASE, ...action })),
    message(() => viaCli([...cliBase, ...cli])),
    message(() => planFromOptions({ ...libraryBase, ...library }))
  ]
}

describe('one error, worded once by each front end', () => {
  test('a count out of range', () => {
    expect(messages({ 'max-concurrency': '0' }, ['--event-type', 'e', '--max-concurrency', '0'], { maxConcurrency: 0 })).toEqual([
      "Input 'max-concurrency': '0' is not a whole number from 1 to 100 (default 5).",
      "--max-concurrency: '0' is not a whole number from 1 to 100 (default 5).",
      "Option 'maxConcurrency': '0' is not a whole number from 1 to 100 (default 5)."
    ])
  })
  test('another input named in the detail, in each front end’s terms', () => {
    expect(messages({ 'wait-jobs': 'build' }, ['--event-type', 'e', '--wait-jobs', 'build'], { waitJobs: 'build' })).toEqual([
      "Input 'wait-jobs': needs wait: it says which jobs of the followed run to wait for. Turn wait on or remove wait-jobs.",
      '--wait-jobs: needs --wait: it says which jobs of the followed run to wait for. Turn --wait on or remove --wait-jobs.',
      "Option 'waitJobs': needs wait: it says which jobs of the followed run to wait for. Turn wait on or remove waitJobs."
    ])
  })
  test('a missing input: the CLI names the variable it may come from', () => {
    const [, cli] = messages({ 'client-id': '' }, ['--client-id', '', '--event-type', 'e'], { clientId: undefined })
    expect(cli).toMatch(/^--client-id \(or \$GITHUB_APP_CLIENT_ID\): is required: /)
  })
})

describe('a value quoted back is shown as given, never read as a {name} placeholder', () => {
  test('a workflow named {wait}', () => {
    const [action, cli, library] = messages({ 'event-type': '', workflow: '{wait}' }, ['--workflow', '{wait}'], {
      eventType: undefined,
      workflow: '{wait}'
    })
    expect(action).toMatch(/^Input 'workflow': '\{wait\}' is not a workflow\./)
    expect(cli).toMatch(/^--workflow: '\{wait\}' is not a workflow\./)
    expect(library).toMatch(/^Option 'workflow': '\{wait\}' is not a workflow\./)
  })
  test('a repository named {event-type}, and a setting suggested from a value', () => {
    const quoted = messages({ repository: '{event-type}' }, ['--repository', '{event-type}', '--event-type', 'e'], {
      repository: '{event-type}'
    })
    expect(quoted[0]).toMatch(/^Input 'repository': invalid repository '\{event-type\}'\./)
    expect(quoted[2]).toMatch(/^Option 'repository': invalid repository '\{event-type\}'\./)
    const cli = quoted[1]
    expect(cli).toMatch(/^--repository: invalid repository '\{event-type\}'\. Expected format \{owner\}\/\{repo\}/)
    const [, suggested] = messages({ 'event-type': 'deploy.yml' }, ['--event-type', 'deploy.yml'], { eventType: 'deploy.yml' })
    expect(suggested).toMatch(/did you mean `--workflow deploy\.yml`\?/)
  })
})

test('an array element is one value: a job name with a comma, a blank job name refused, a list of repositories not split', () => {
  const plan = planFromOptions({ ...libraryBase, wait: true, waitJobs: ['lint, test', 'build (ubuntu'] })
  expect(plan.wait?.jobs).toEqual(['lint, test', 'build (ubuntu'])
  expect(() => planFromOptions({ ...libraryBase, wait: true, waitJobs: ['build', ' '] })).toThrow(
    "Option 'waitJobs': has an empty name (element 2 of the array). Give one job name per element."
  )
  expect(() => planFromOptions({ ...libraryBase, repository: ['octo/a,octo/b'] })).toThrow(
    "Option 'repository': invalid repository 'octo/a,octo/b'. Expected format {owner}/{repo}, e.g. octo-org/deploy-service. Give one per element of the array."
  )
})
