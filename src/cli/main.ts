/**
 * The command-line adapter: flags in, progress on stderr, results (with
 * --json) on stdout, exit code 0 (all good), 1 (a dispatch or a downstream
 * run failed) or 2 (bad usage or input). Arguments are parsed by Node's own
 * util.parseArgs.
 */
import { cancelOnSignals } from '../util/signals.js'
import { InputError, messageOf } from '../model/errors.js'
import { inertLine } from '../util/inert.js'
import { CLI_TERMS, declaration } from '../model/input-table.js'
import { dispatch } from '../core/dispatch.js'
import { failureMessage, planFromOptions } from '../lib/index.js'
import { USER_AGENT } from '../util/version.js'
import { VERSION } from '../util/version.js'
import { HELP, optionsFrom, type Parsed } from './args.js'
import { requestApprovalCommand } from './request-approval.js'

export { HELP } from './args.js'

/** An input error in the CLI's words: flags, and the variable a required value may come from. */
function asFlags(error: InputError): string {
  if (error.input === 'private-key' && /^is required/.test(error.detail)) {
    return "--private-key-file PATH (or $GITHUB_APP_PRIVATE_KEY) is required: the App's .pem private key; or --aws-kms-key-id KEY (or $GITHUB_APP_KMS_KEY_ID) for the AWS KMS key that holds it."
  }
  const input = declaration(error.input)
  const label = CLI_TERMS(error.input) + (input?.env && /^is required/.test(error.detail) ? ` (or $${input.env})` : '')
  return error.reword({ label: () => label, terms: CLI_TERMS }).message
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // stderr is read by the runner too when the CLI runs in a workflow step: every line is made inert.
  const err = (line: string): void => void process.stderr.write(`${inertLine(line)}\n`)
  if (argv[0] === 'request-approval') return requestApprovalCommand(argv.slice(1), env, err)
  let parsed: Parsed
  try {
    parsed = optionsFrom(argv, env)
  } catch (error) {
    err(`app-dispatch: ${messageOf(error)}`)
    return 2
  }
  if (parsed === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (parsed === 'version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const cancel = cancelOnSignals(signal => err(`app-dispatch: ${signal}: stopping and revoking tokens…`))
  try {
    const plan = planFromOptions(parsed.options)
    const results = await dispatch(plan, {
      userAgent: USER_AGENT,
      onSecret: () => undefined,
      log: {
        debug: () => undefined,
        info: err,
        notice: line => err(`notice: ${line}`),
        warning: line => err(`warning: ${line}`),
        group: (title, lines) => {
          err(`${title}:`)
          for (const line of lines) err(`  | ${line}`)
        }
      },
      signal: cancel.signal,
      terms: CLI_TERMS
    })
    if (parsed.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
    const failure = failureMessage(results)
    if (cancel.signal.aborted) {
      err(`app-dispatch: cancelled.${failure ? ` ${failure}` : ''}`)
      return 1
    }
    if (failure !== undefined) {
      err(`app-dispatch: ${failure}`)
      return 1
    }
    return 0
  } catch (error) {
    if (error instanceof InputError) {
      err(`app-dispatch: ${asFlags(error)}`)
      return 2
    }
    err(`app-dispatch: failed unexpectedly: ${messageOf(error)}`)
    return 1
  } finally {
    cancel.dispose()
  }
}
