/**
 * The library: dispatch from any Node program (a Lambda, a bot, a script)
 * with the same validation, errors, retries, least privilege and waiting as
 * the action. No dependency on the Actions runner.
 *
 *   import { dispatch, failureMessage } from 'app-dispatch'
 *   const results = await dispatch({ appId, privateKey, repository: 'octo/deploy', eventType: 'deploy' })
 */
import { dispatch as runPlan, type TargetResult } from './dispatch.js'
import { InputError } from './errors.js'
import type { Logger } from './github/client.js'
import { DEFAULT_OUTPUTS_ARTIFACT, parseInputs } from './inputs.js'
import type { Plan } from './plan.js'
import { USER_AGENT } from './version.js'

export { InputError, GitHubError } from './errors.js'
export { failureMessage, failed } from './report.js'
export type { TargetResult } from './dispatch.js'
export type { Logger } from './github/client.js'
export type { Plan } from './plan.js'
export { inertLine, inertHtml } from './inert.js'

export interface DispatchOptions {
  /** The App's numeric App ID or Client ID (`Iv…`). */
  appId: string | number
  /** The App's private key: PEM (PKCS#1 or PKCS#8), with real or literal `\n` line breaks, or base64. */
  privateKey: string
  /** One or more `owner/repo` (an array, or a string separated by commas or newlines). */
  repository: string | string[]
  /** repository_dispatch: the event type. */
  eventType?: string
  /** repository_dispatch: the client_payload, as an object or JSON text (text is sent unchanged). */
  clientPayload?: Record<string, unknown> | string
  /** workflow_dispatch: the workflow file name or ID. Switches the mode. */
  workflow?: string | number
  /** workflow_dispatch: branch or tag; default each target's default branch. */
  ref?: string
  /** workflow_dispatch: workflow inputs, as an object or JSON text. */
  inputs?: Record<string, string | number | boolean> | string
  installationId?: string | number
  /** Default: GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string
  maxConcurrency?: number | string
  /** Follow each started run to its conclusion. */
  wait?: boolean
  waitTimeoutSeconds?: number | string
  pollIntervalSeconds?: number | string
  /** With wait: the artifact whose outputs.json a run hands back (default app-dispatch-outputs; '' turns it off). */
  outputsArtifact?: string
  /** With wait: cancel the runs still going when the signal aborts or the wait times out. */
  cancelDownstream?: boolean
  /** With wait: last lines of each failed job's log to report (default 30; 0 turns failure details off). */
  failureLogLines?: number | string
  /** Progress messages; default: none. */
  logger?: Partial<Logger>
  /** Called with each credential (JWT, token) before use, e.g. to mask it in your logs. */
  onSecret?: (secret: string) => void
  /** Abort to cancel: nothing more is sent, waits stop, every token is still revoked. */
  signal?: AbortSignal
}

const text = (value: string | number | undefined | null): string => (value === undefined || value === null ? '' : String(value))
const json = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value))

/**
 * Validates options exactly as the action validates its inputs (same rules,
 * same messages, naming the action's input) and returns the Plan.
 * Throws InputError.
 */
export function planFromOptions(options: DispatchOptions): Plan {
  if (options === null || typeof options !== 'object') throw new InputError('options', 'must be an object.')
  const raw: Record<string, string> = {
    'app-id': text(options.appId),
    'private-key': text(options.privateKey),
    repository: Array.isArray(options.repository) ? options.repository.join('\n') : text(options.repository),
    'event-type': text(options.eventType),
    'client-payload': json(options.clientPayload),
    workflow: text(options.workflow),
    ref: text(options.ref),
    inputs: json(options.inputs),
    'installation-id': text(options.installationId),
    'github-api-url': text(options.apiUrl ?? process.env['GITHUB_API_URL']),
    'max-concurrency': text(options.maxConcurrency),
    wait: options.wait === undefined ? '' : String(options.wait),
    'wait-timeout': text(options.waitTimeoutSeconds),
    'poll-interval': text(options.pollIntervalSeconds),
    'outputs-artifact': options.outputsArtifact === undefined ? DEFAULT_OUTPUTS_ARTIFACT : text(options.outputsArtifact),
    'cancel-downstream': options.cancelDownstream === undefined ? '' : String(options.cancelDownstream),
    'failure-log-lines': text(options.failureLogLines)
  }
  return parseInputs(name => raw[name] ?? '')
}

const quiet = (): void => undefined

/**
 * Sends the dispatch(es) and, with `wait`, follows the runs. Resolves with
 * one result per target (in input order) even when some failed: check
 * `failed(result)` or `failureMessage(results)`. Rejects with InputError for
 * bad options, before anything is sent.
 */
export async function dispatch(options: DispatchOptions): Promise<TargetResult[]> {
  const plan = planFromOptions(options)
  const logger = options.logger ?? {}
  return runPlan(plan, {
    log: {
      debug: logger.debug ?? quiet,
      info: logger.info ?? quiet,
      notice: logger.notice ?? logger.info ?? quiet,
      warning: logger.warning ?? quiet,
      ...(logger.group ? { group: logger.group } : {})
    },
    onSecret: options.onSecret ?? quiet,
    userAgent: USER_AGENT,
    signal: options.signal
  })
}
