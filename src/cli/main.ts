/**
 * The command-line adapter: flags in, progress on stderr, results (with
 * --json) on stdout, exit code 0 (all good), 1 (a dispatch or a downstream
 * run failed) or 2 (bad usage or input). Arguments are parsed by Node's own
 * util.parseArgs.
 */
import { cancelOnSignals } from '../util/signals.js'
import { codeOf, exitCodeFor, InputError, messageOf } from '../model/errors.js'
import { renderingLogger, renderMessage, renderResults, termsForPlan } from '../model/placeholders.js'
import { inertJson, inertLine } from '../util/inert.js'
import type { TargetResult } from '../model/result.js'
import { failureMessage } from '../model/report.js'
import { parseInputs } from '../input/parse-inputs.js'
import { USER_AGENT } from '../util/version.js'
import { VERSION } from '../util/version.js'
import { HELP, inputSource, optionsFrom, type Parsed } from './args.js'
import { cliWording } from './wording.js'

/** Without --json, the values each run handed back (the log names only their keys), one line per target. */
function printOutputs(results: TargetResult[], err: (line: string) => void): void {
  for (const result of results) {
    if (result.outputs === undefined || Object.keys(result.outputs).length === 0) continue
    const json = JSON.stringify(result.outputs)
    err(`${result.repository} outputs: ${json.length > 2000 ? `${json.slice(0, 2000)}… (--json prints all of it)` : json}`)
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // stderr is read by the runner too when the CLI runs in a workflow step: every line is made inert.
  const err = (line: string): void => void process.stderr.write(`${inertLine(line)}\n`)
  // The Slack code and the dispatch core are loaded only by the command that runs them (docs/performance.md).
  if (argv[0] === 'request-approval') return (await import('./request-approval.js')).requestApprovalCommand(argv.slice(1), env, err)
  if (argv.length === 0) {
    process.stderr.write(HELP)
    return 2
  }
  let parsed: Parsed
  try {
    parsed = optionsFrom(argv, env)
  } catch (error) {
    err(`app-dispatch: ${messageOf(error)}`)
    return codeOf(error) === 'usage' || codeOf(error) === 'input' ? exitCodeFor(error, 'cli') : 2
  }
  if (parsed === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (parsed === 'version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const wording = cliWording(parsed.sources)
  const cancel = cancelOnSignals(signal => err(`app-dispatch: ${signal}: stopping and revoking tokens…`))
  try {
    // The flags' text, read by the action's rules (not through the library, whose errors name options).
    const plan = parseInputs(inputSource(parsed.options), env)
    // Messages name inputs as placeholders: rendered here, as the flags (or variables) that gave them.
    const planTerms = termsForPlan(plan, wording.terms)
    // Loaded once the inputs are valid: an input error never evaluates the core (docs/performance.md).
    const { dispatchPlan } = await import('../core/dispatch.js')
    const dispatched = await dispatchPlan(plan, {
      userAgent: USER_AGENT,
      onSecret: () => undefined,
      log: renderingLogger(
        {
          debug: () => undefined,
          info: err,
          notice: line => err(`Notice: ${line}`),
          warning: line => err(`Warning: ${line}`),
          group: (title, lines) => {
            err(`${title}:`)
            for (const line of lines) err(`  | ${line}`)
          }
        },
        planTerms
      ),
      signal: cancel.signal
    })
    const results = renderResults(dispatched, planTerms)
    if (parsed.json) process.stdout.write(`${inertJson(results)}\n`)
    else printOutputs(results, err)
    const failure = failureMessage(results)
    // A fan-out's failure is one line per target: each printed as its own (inert) line.
    if (cancel.signal.aborted) {
      for (const line of `app-dispatch: cancelled.${failure ? ` ${failure}` : ''}`.split('\n')) err(line)
      return 1
    }
    if (failure !== undefined) {
      for (const line of `app-dispatch: ${failure}`.split('\n')) err(line)
      return 1
    }
    return 0
  } catch (error) {
    const text =
      codeOf(error) === 'input'
        ? (error as InputError).reword(wording).message
        : `failed unexpectedly: ${renderMessage(messageOf(error), wording.terms)}`
    err(`app-dispatch: ${text}`)
    return exitCodeFor(error, 'cli')
  } finally {
    cancel.dispose()
  }
}
