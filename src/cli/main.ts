/**
 * The command-line adapter: flags in, progress on stderr, results (with
 * --json) on stdout, exit code 0 (all good), 1 (a dispatch or a downstream
 * run failed) or 2 (bad usage or input). Arguments are parsed by Node's own
 * util.parseArgs.
 */
import { cancelOnSignals } from '../util/signals.js'
import { exitCodeFor, InputError, messageOf, UsageError } from '../model/errors.js'
import { inertJson, inertLine } from '../util/inert.js'
import { CLI_TERMS, declaration } from '../model/input-table.js'
import type { TargetResult } from '../model/result.js'
import { failureMessage } from '../model/report.js'
import { planFromOptions } from '../lib/options.js'
import { USER_AGENT } from '../util/version.js'
import { VERSION } from '../util/version.js'
import { HELP, optionsFrom, type Parsed } from './args.js'

/** An input error in the CLI's words: the flag, file or variable the value came from, and the variable a required value may come from. */
function asFlags(error: InputError, terms: (name: string) => string): string {
  if (error.input === 'private-key' && error.required) {
    return "--private-key-file PATH (or $GITHUB_APP_PRIVATE_KEY) is required: the App's .pem private key; or --aws-kms-key-id KEY (or $GITHUB_APP_KMS_KEY_ID) for the AWS KMS key that holds it; or, in a GitHub Actions job, --broker-url URL for a dispatch broker that holds the App."
  }
  const input = declaration(error.input)
  const label = terms(error.input) + (input?.env && error.required ? ` (or $${input.env})` : '')
  return error.reword({ label: () => label, terms }).message
}

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
    return error instanceof UsageError || error instanceof InputError ? exitCodeFor(error, 'cli') : 2
  }
  if (parsed === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (parsed === 'version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const { sources } = parsed
  const terms = (name: string): string => sources[name] ?? CLI_TERMS(name)
  const cancel = cancelOnSignals(signal => err(`app-dispatch: ${signal}: stopping and revoking tokens…`))
  try {
    const plan = planFromOptions(parsed.options)
    const { dispatchPlan } = await import('../core/dispatch.js')
    const results = await dispatchPlan(plan, {
      userAgent: USER_AGENT,
      onSecret: () => undefined,
      log: {
        debug: () => undefined,
        info: err,
        notice: line => err(`Notice: ${line}`),
        warning: line => err(`Warning: ${line}`),
        group: (title, lines) => {
          err(`${title}:`)
          for (const line of lines) err(`  | ${line}`)
        }
      },
      signal: cancel.signal,
      terms
    })
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
    err(`app-dispatch: ${error instanceof InputError ? asFlags(error, terms) : `failed unexpectedly: ${messageOf(error)}`}`)
    return exitCodeFor(error, 'cli')
  } finally {
    cancel.dispose()
  }
}
