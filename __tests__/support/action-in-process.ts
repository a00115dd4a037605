/**
 * The action's path in-process, for tests that vary one condition of a feature
 * whose contract the bundle already proves once (docs/development.md, "Test
 * layout"): the inputs with action.yml's defaults, as the runner hands them →
 * parseInputs → the core (dispatchPlan) on the clock the test gives → the
 * results, every log line and the one ::error:: text in the action's words, as
 * src/action/run.ts renders them. What only the process shows (the exit code,
 * one ::error:: line, no stack, the ::add-mask:: commands) stays in e2e/action/.
 */
import { dispatchPlan } from '../../src/core/dispatch.js'
import { codeOf, messageOf } from '../../src/model/errors.js'
import { parseInputs } from '../../src/input/parse-inputs.js'
import { privateKeyForms } from '../../src/input/private-key.js'
import { ACTION_TERMS } from '../../src/model/input-table.js'
import { renderingLogger, renderResults, termsForPlan } from '../../src/model/placeholders.js'
import { failureMessage } from '../../src/model/report.js'
import type { TargetResult } from '../../src/model/result.js'
import type { Clock } from '../../src/util/clock.js'
import { inertCommandMessage } from '../../src/util/inert.js'
import { USER_AGENT } from '../../src/util/version.js'
import { actionDefaults } from '../../emulator/run-action.js'
import { expect } from '@jest/globals'
import { stackLines } from './fixture.js'

export interface ActionStep {
  /** The `results` output's entries, errors in the action's words. */
  results: TargetResult[]
  /** The text of the step's one ::error:: line (failureMessage, made inert as run.ts does); undefined when it succeeds. */
  error: string | undefined
  /** Every line the step logs (debug, info, notice, warning, groups), in the action's words. */
  log: string[]
  /** The lines it logs as notices (the runner's ::notice:: annotations), also in `log`. */
  notices: string[]
  /** Everything handed to core.setSecret, in order: the key's forms first, then each credential before its use. */
  masked: string[]
}

/**
 * What a step's environment may set that the core reads from process.env (the AWS signer's endpoints,
 * credentials and region, the runner's OIDC token service, the run's ID): for the run, exactly `env`'s.
 */
const STEP_VARIABLES = /^(?:AWS_|ACTIONS_ID_TOKEN_REQUEST_|GITHUB_RUN_)/

/**
 * Runs the action's steps in-process against `apiUrl`. `env` is the step's environment: parseInputs
 * reads it as the action reads process.env, and it is process.env while the core runs (the AWS signer
 * reads its settings there, as in the bundle), restored afterwards. An input error throws, as
 * parseInputs does (its message is the ::error:: text).
 */
export async function runActionInProcess(options: {
  apiUrl: string
  inputs: Record<string, string>
  env?: Record<string, string>
  clock: Clock
  /** The step's cancellation, as run.ts passes SIGINT/SIGTERM on. */
  signal?: AbortSignal
  /** How long a request may go unanswered (the core's test seam; the action's is 30 s). */
  requestTimeoutMs?: number
}): Promise<ActionStep> {
  const { apiUrl, inputs, env = {}, clock, signal, requestTimeoutMs } = options
  const all: Record<string, string> = { ...actionDefaults({ repository: 'octo-org/upstream', api_url: apiUrl }), ...inputs }
  // As core.getInput reads an input: trimmed, '' when unset.
  const get = (name: string): string => (all[name] ?? '').trim()
  const masked = [...privateKeyForms(get('private-key'))]
  const log: string[] = []
  const notices: string[] = []
  const plan = parseInputs(get, env)
  const terms = termsForPlan(plan, ACTION_TERMS)
  const saved = { ...process.env }
  for (const name of Object.keys(process.env)) if (STEP_VARIABLES.test(name)) delete process.env[name]
  Object.assign(process.env, env)
  try {
    const dispatched = await dispatchPlan(plan, {
      log: renderingLogger(
        {
          debug: line => void log.push(line),
          info: line => void log.push(line),
          notice: line => {
            log.push(line)
            notices.push(line)
          },
          warning: line => void log.push(line),
          group: (title, lines) => void log.push(title, ...lines)
        },
        terms
      ),
      onSecret: secret => void masked.push(secret),
      userAgent: USER_AGENT,
      clock,
      ...(signal ? { signal } : {}),
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {})
    })
    const results = renderResults(dispatched, terms)
    const failure = failureMessage(results)
    return { results, error: failure?.split('\n').map(inertCommandMessage).join('\n'), log, notices, masked }
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

/**
 * runActionInProcess, and fails the test when one of `secrets` or a stack trace shows in what the
 * step's user sees (its log, its error, its results output).
 */
export async function runCheckedInProcess(options: Parameters<typeof runActionInProcess>[0], secrets: string[]): Promise<ActionStep> {
  const step = await runActionInProcess(options)
  expect(leaksOf(step, secrets)).toEqual([])
  expect(stackLines(`${step.error ?? ''}\n${step.log.join('\n')}`)).toEqual([])
  return step
}

/** Where a secret shows in what the step's user sees (its log, its error, its results output): "where: secret…" each. */
export function leaksOf(step: ActionStep, secrets: string[]): string[] {
  const visible = { log: step.log.join('\n'), error: step.error ?? '', results: JSON.stringify(step.results) }
  return secrets.flatMap(secret =>
    secret === ''
      ? []
      : Object.entries(visible).flatMap(([where, text]) => (text.includes(secret) ? [`${where}: ${secret.slice(0, 8)}…`] : []))
  )
}

/**
 * The ::error:: text of a step refused for its inputs (run.ts: an error whose code is 'input', its
 * message made inert, line by line); fails when the step was not refused, or refused otherwise.
 */
export async function inputRefusal(step: Promise<ActionStep>): Promise<string> {
  let outcome: ActionStep
  try {
    outcome = await step
  } catch (error) {
    if (codeOf(error) !== 'input') throw error
    return messageOf(error).split('\n').map(inertCommandMessage).join('\n')
  }
  throw new Error(`expected an input error, but the step ran: ${outcome.error ?? 'it succeeded'}`)
}
