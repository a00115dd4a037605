/**
 * The GitHub Actions adapter: the only module that touches @actions/core.
 * Masks the key, reads inputs, runs the core, and turns results into
 * outputs, a job summary and the step's exit code. Every line it prints
 * passes through inert.ts.
 *
 * Until the inputs are valid it writes its few commands itself
 * (start-commands.ts), and loads @actions/core with the dispatch core
 * after: an input error evaluates neither (docs/performance.md).
 */
import { cancelOnSignals } from '../util/signals.js'
import type { TargetResult } from '../model/result.js'
import { codeOf, messageOf } from '../model/errors.js'
import { ACTION_TERMS } from '../model/input-table.js'
import { renderingLogger, renderMessage, renderResults, termsForPlan } from '../model/placeholders.js'
import { inertCommandMessage, inertHtml, inertLine } from '../util/inert.js'
import { parseInputs } from '../input/parse-inputs.js'
import type { Plan } from '../model/plan.js'
import { privateKeyForms } from '../input/private-key.js'
import { failedJobsHtml, failureMessage, summaryRows, waitedJobsHtml } from '../model/report.js'
import { USER_AGENT } from '../util/version.js'
import * as start from './start-commands.js'

type Core = typeof import('@actions/core')

/**
 * An annotation's text (warning, notice, error): the runner unescapes it and
 * writes it to the log, where a line of outside text could fake log
 * structure. Each line is made inert; the deliberate line breaks (one
 * failed target per line) stay.
 */
const inertAnnotation = (text: string): string => text.split('\n').map(inertCommandMessage).join('\n')

export async function run(): Promise<void> {
  // Before anything else: every form of the key the step could derive.
  for (const form of privateKeyForms(start.getInput('private-key'))) start.setSecret(form)
  const cancel = cancelOnSignals(signal => start.warning(`Received ${signal}: the step is being cancelled; stopping and revoking tokens.`))
  try {
    const plan = parseInputs(start.getInput, process.env)
    // Loaded once the inputs are valid: an input error never evaluates @actions/core, the dispatch core, Octokit or the App auth (docs/performance.md).
    const [core, { dispatchPlan }] = await Promise.all([import('@actions/core'), import('../core/dispatch.js')])
    await dispatchAndReport(core, plan, dispatchPlan, cancel.signal)
  } catch (error) {
    // Input errors are expected; anything else is a bug, reported without a stack.
    if (codeOf(error) === 'input') {
      start.setFailed(inertAnnotation(messageOf(error)))
    } else {
      start.debug(error instanceof Error && error.stack ? error.stack : String(error))
      start.setFailed(inertAnnotation(`app-dispatch failed unexpectedly: ${renderMessage(messageOf(error), ACTION_TERMS)}`))
    }
  } finally {
    cancel.dispose()
  }
}

async function dispatchAndReport(
  core: Core,
  plan: Plan,
  dispatchPlan: typeof import('../core/dispatch.js').dispatchPlan,
  signal: AbortSignal
): Promise<void> {
  const info = (line: string): void => core.info(inertLine(line))
  // Messages name inputs as placeholders: rendered here, in the action's words.
  const terms = termsForPlan(plan, ACTION_TERMS)
  const dispatched = await dispatchPlan(plan, {
    log: renderingLogger(
      {
        debug: core.debug,
        info,
        notice: line => core.notice(inertAnnotation(line)),
        warning: line => core.warning(inertAnnotation(line)),
        group: (title, lines) => {
          // One line: the runner unescapes %0A inside the title it writes to the log.
          core.startGroup(inertCommandMessage(title))
          for (const line of lines) info(line)
          core.endGroup()
        }
      },
      terms
    ),
    onSecret: core.setSecret,
    userAgent: USER_AGENT,
    signal
  })
  const results = renderResults(dispatched, terms)
  const first = results[0]
  core.setOutput('installation-id', first?.installation_id ?? '')
  core.setOutput('run-id', first?.run_id ?? '')
  core.setOutput('run-url', first?.run_url ?? '')
  core.setOutput('conclusion', first?.conclusion ?? '')
  if (plan.wait !== undefined) {
    core.setOutput('outputs', JSON.stringify(first?.outputs ?? {}))
    core.setOutput('outputs-by-repository', JSON.stringify(outputsByRepository(results)))
  }
  core.setOutput('results', JSON.stringify(results))
  await writeSummary(core, plan, results)
  const failure = failureMessage(results)
  if (signal.aborted) {
    // Said once: a failure may already begin "The step was cancelled while …".
    const said = failure !== undefined && failure.startsWith('The step was cancelled')
    core.setFailed(inertAnnotation(said ? failure : `The step was cancelled.${failure ? ` ${failure}` : ''}`))
  } else if (failure !== undefined) core.setFailed(inertAnnotation(failure))
}

/** Each target's outputs by its owner/repo ({} when its run handed none back), for fromJSON(…)['owner/repo'] in a workflow. */
function outputsByRepository(results: TargetResult[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(results.map(result => [result.repository, result.outputs ?? {}]))
}

async function writeSummary(core: Core, plan: Plan, results: TargetResult[]): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return
  // Already loaded by the dispatch core; not part of the start-up path (docs/performance.md).
  const { webUrlFor } = await import('../github/advice.js')
  const { header, rows } = summaryRows(results, webUrlFor(plan.apiUrl))
  const waitedJobs = waitedJobsHtml(results)
  try {
    await core.summary
      .addHeading(plan.mode.kind === 'workflow_dispatch' ? `Workflow dispatch: ${inertHtml(plan.mode.workflow)}` : 'Repository dispatch', 3)
      .addTable([header.map(data => ({ data, header: true })), ...rows])
      .addRaw(waitedJobs, waitedJobs !== '')
      .addRaw(failedJobsHtml(results), true)
      .write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}
