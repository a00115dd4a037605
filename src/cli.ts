#!/usr/bin/env node
/**
 * The command-line adapter: flags in, progress on stderr, results (with
 * --json) on stdout, exit code 0 (all good), 1 (a dispatch or a downstream
 * run failed) or 2 (bad usage or input). Arguments are parsed by Node's own
 * util.parseArgs.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { cancelOnSignals } from './cancel.js'
import { dispatch, failureMessage, InputError, type DispatchOptions } from './lib.js'
import { messageOf } from './errors.js'
import { VERSION } from './version.js'

export const HELP = `app-dispatch ${VERSION}: start workflows in other repositories as a GitHub App.

Usage:
  app-dispatch --repository OWNER/REPO --event-type TYPE [--client-payload JSON] [options]
  app-dispatch --repository OWNER/REPO --workflow FILE.yml [--ref REF] [--inputs JSON] [options]

The App:
  --app-id ID               App ID or Client ID (Iv…). Default: $GITHUB_APP_ID
  --private-key-file PATH   The App's .pem file. Default: the key in $GITHUB_APP_PRIVATE_KEY
  --private-key PEM         The key itself (prefer the file or the variable: flags show up in
                            process listings and shell history)
  --installation-id ID      Skip the installation lookup (one owner only)
  --api-url URL             REST API URL. Default: $GITHUB_API_URL, else https://api.github.com
                            (GitHub Enterprise Server: https://HOST/api/v3)

What to send:
  --repository OWNER/REPO   Target; repeat it or separate several with commas
  --event-type TYPE         repository_dispatch event type (1-100 characters)
  --client-payload JSON     repository_dispatch client_payload: an object, at most 10 keys, < 64 KB
  --workflow FILE|ID        Send workflow_dispatch to this workflow instead
  --ref REF                 workflow_dispatch branch or tag. Default: each target's default branch
  --inputs JSON             workflow_dispatch inputs: an object of at most 25 strings/numbers/booleans
  --max-concurrency N       Dispatches in flight at once (1-100). Default: 5

Waiting:
  --wait                    Follow each started run; fail unless every run succeeds
  --wait-timeout SECONDS    Default: 1800
  --poll-interval SECONDS   Default: 10

Output:
  --json                    Print the results array (one object per target) on stdout
  --help, --version

Progress goes to stderr. Exit codes: 0 all good; 1 a dispatch or a downstream run failed;
2 bad usage or input. The key, JWT and tokens are never printed.

Examples:
  export GITHUB_APP_ID=123456
  export GITHUB_APP_PRIVATE_KEY="$(cat dispatcher.private-key.pem)"
  app-dispatch --repository octo-org/deploy --event-type deploy --client-payload '{"version":"1.2.3"}'
  app-dispatch --repository octo-org/web,octo-org/api --event-type library-released --json
  app-dispatch --repository octo-org/deploy --workflow deploy.yml --inputs '{"environment":"staging"}' --wait
`

const OPTIONS = {
  'app-id': { type: 'string' },
  'private-key': { type: 'string' },
  'private-key-file': { type: 'string' },
  'installation-id': { type: 'string' },
  'api-url': { type: 'string' },
  repository: { type: 'string', multiple: true },
  'event-type': { type: 'string' },
  'client-payload': { type: 'string' },
  workflow: { type: 'string' },
  ref: { type: 'string' },
  inputs: { type: 'string' },
  'max-concurrency': { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'poll-interval': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const

class UsageError extends Error {}

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): { options: DispatchOptions; json: boolean } | 'help' | 'version' {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values']
  try {
    ;({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (error) {
    throw new UsageError(`${messageOf(error).replace(/\.$/, '')}. See app-dispatch --help.`)
  }
  if (values.help) return 'help'
  if (values.version) return 'version'
  if (values['private-key'] !== undefined && values['private-key-file'] !== undefined) {
    throw new UsageError('Give --private-key or --private-key-file, not both.')
  }
  let privateKey = values['private-key'] ?? env['GITHUB_APP_PRIVATE_KEY'] ?? ''
  const keyFile = values['private-key-file']
  if (keyFile !== undefined) {
    try {
      privateKey = readFileSync(keyFile, 'utf8')
    } catch (error) {
      throw new UsageError(`Cannot read --private-key-file ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}.`)
    }
  }
  return {
    json: values.json === true,
    options: {
      appId: values['app-id'] ?? env['GITHUB_APP_ID'] ?? '',
      privateKey,
      repository: values.repository ?? [],
      eventType: values['event-type'],
      clientPayload: values['client-payload'],
      workflow: values.workflow,
      ref: values.ref,
      inputs: values.inputs,
      installationId: values['installation-id'],
      apiUrl: values['api-url'] ?? env['GITHUB_API_URL'],
      maxConcurrency: values['max-concurrency'],
      wait: values.wait,
      waitTimeoutSeconds: values['wait-timeout'],
      pollIntervalSeconds: values['poll-interval']
    }
  }
}

/** The action's messages, with flag names for input names. */
function asFlags(error: InputError): string {
  if (error.input === 'private-key' && /is required/.test(error.message)) {
    return "--private-key-file PATH (or $GITHUB_APP_PRIVATE_KEY) is required: the App's .pem private key."
  }
  return error.message
    .replace(/^Input '([a-z-]+)'/, (_, name: string) => `--${name === 'github-api-url' ? 'api-url' : name}`)
    .replace(/^--app-id: is required/, '--app-id (or $GITHUB_APP_ID): is required')
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const err = (line: string): void => void process.stderr.write(`${line}\n`)
  let parsed: ReturnType<typeof optionsFrom>
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
    const results = await dispatch({
      ...parsed.options,
      logger: { info: err, notice: line => err(`notice: ${line}`), warning: line => err(`warning: ${line}`) },
      signal: cancel.signal
    })
    if (parsed.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
    const failure = failureMessage(results)
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

process.exitCode = await main(process.argv.slice(2))
