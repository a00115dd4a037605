/**
 * The action's entry in-process: `run()` of src/action/run.ts, which is all
 * that dist/index.js runs (src/main/action.ts), in the step's environment as
 * emulator/run-action.js sets it (INPUT_* with action.yml's defaults, the
 * runner's variables, GITHUB_OUTPUT) and with process.stdout captured: the
 * lines the runner reads, written by the same code as the bundle's (the
 * start-up commands, then @actions/core), so the runner's parsing
 * (support/runner-log.js) applies to them as to the bundle's output.
 *
 * For a matrix that varies one input of a contract that a bundle test proves
 * once (docs/development.md, "Test layout"): an input refused, a form of the
 * key masked. It runs on the real clock, and one step at a time (process.env
 * and process.stdout are the worker's). What only a process shows (its exit
 * status as the runner sees it, what the bundling changes, stderr, the job
 * summary) stays with the bundle tests in e2e/action/.
 */
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputVariables, parseOutputFile, runnerVariables } from '../../emulator/run-action.js'
import { run } from '../../src/action/run.js'

export interface EntryResult {
  /** process.exitCode as run() leaves it (0 when unset): what the bundle exits with. */
  code: number
  /** Everything written to stdout, as the runner reads it. */
  stdout: string
  /** The step's outputs, read back from GITHUB_OUTPUT. */
  outputs: Record<string, string>
  /** The ::error:: lines. */
  errors: string[]
  /** The values of the ::add-mask:: commands, in order. */
  masks: string[]
}

/** What the runner sets for a step, and what a test's step environment may set: replaced for the run, then restored. */
const STEP_VARIABLES = /^(?:INPUT_|GITHUB_|RUNNER_|ACTIONS_|AWS_|CI$)/

/** Runs the action's entry in-process with `inputs` against `apiUrl`; `env` adds to the runner's variables. */
export async function runEntryInProcess(options: {
  inputs: Record<string, string>
  apiUrl: string
  repository?: string
  env?: Record<string, string>
}): Promise<EntryResult> {
  const { inputs, apiUrl, repository = 'octo-org/upstream', env = {} } = options
  const dir = mkdtempSync(join(tmpdir(), 'app-dispatch-entry-'))
  const outputFile = join(dir, 'output')
  writeFileSync(outputFile, '')
  const stepEnv: Record<string, string> = {
    ...runnerVariables({ apiUrl, repository, dir, outputFile }),
    ...env,
    ...inputVariables(inputs, { apiUrl, repository })
  }
  const saved = { ...process.env }
  const exitCode = process.exitCode
  let stdout = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
  for (const name of Object.keys(process.env)) if (STEP_VARIABLES.test(name)) delete process.env[name]
  Object.assign(process.env, stepEnv)
  process.exitCode = undefined
  let code: number
  try {
    await run()
  } finally {
    code = Number(process.exitCode ?? 0)
    process.exitCode = exitCode
    spy.mockRestore()
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  const lines = stdout.split('\n')
  return {
    code,
    stdout,
    outputs,
    errors: lines.filter(line => line.startsWith('::error')),
    masks: lines.filter(line => line.startsWith('::add-mask::')).map(line => line.slice('::add-mask::'.length))
  }
}
