/**
 * The library's options: typed, checked at run time (a JavaScript caller or
 * a JSON config may pass anything), and turned into the same Plan the
 * action's inputs become, with messages in option names.
 */
import { InputError, type Wording } from '../model/errors.js'
import { INPUTS, LIBRARY_TERMS, type InputDeclaration } from '../model/input-table.js'
import type { Logger } from '../model/logger.js'
import { parseInputs } from '../input/parse-inputs.js'
import type { CreateJwt, Plan } from '../model/plan.js'
import { nearest } from '../util/nearest.js'

export interface DispatchOptions {
  /** The App's Client ID (`Iv…`) or numeric App ID. Or appId, its older name. */
  clientId?: string | number | undefined
  /** The older name of clientId, still accepted: the App's numeric App ID or Client ID (`Iv…`). One of the two is required, unless brokerUrl is set. */
  appId?: string | number | undefined
  /** The App's private key: PEM (PKCS#1 or PKCS#8), with real or literal `\n` line breaks, or base64. Or one of awsKmsKeyId, createJwt. */
  privateKey?: string | undefined
  /** Instead of privateKey: the AWS KMS key (ID, ARN or alias) holding the App's key, which signs the JWT (docs/keyless.md). */
  awsKmsKeyId?: string | undefined
  /** The KMS key's region; default: the key ARN's, else AWS_REGION / AWS_DEFAULT_REGION. */
  awsRegion?: string | undefined
  /** In a GitHub Actions job: an IAM role assumed with the job's OIDC token; default: credentials from the environment. */
  awsRoleToAssume?: string | undefined
  /**
   * Instead of privateKey: your own signer (GCP KMS, Azure Key Vault, an HSM) returning the App's
   * RS256 JWT and when it expires, as @octokit/auth-app takes it. Called once per JWT (cached until shortly before expiry).
   */
  createJwt?: CreateJwt | undefined
  /**
   * Instead of appId and a key, in a GitHub Actions job with `permissions: id-token: write`: the dispatch broker
   * that holds the App (docs/broker.md); it is called with the job's OIDC token and the target's policy decides.
   */
  brokerUrl?: string | undefined
  /** With brokerUrl: the OIDC token's audience, as the broker is configured; default: brokerUrl's origin. */
  brokerAudience?: string | undefined
  /** One or more `owner/repo` (an array, or a string separated by commas or newlines). */
  repository: string | string[]
  /** repository_dispatch: the event type. */
  eventType?: string | undefined
  /** repository_dispatch: the client_payload, as an object or JSON text (text is sent unchanged). */
  clientPayload?: Record<string, unknown> | string | undefined
  /** workflow_dispatch: the workflow file name or ID. Switches the mode. */
  workflow?: string | number | undefined
  /** workflow_dispatch: branch or tag; default each target's default branch. */
  ref?: string | undefined
  /** workflow_dispatch: workflow inputs, as an object or JSON text. */
  inputs?: Record<string, string | number | boolean> | string | undefined
  installationId?: string | number | undefined
  /** Default: GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string | undefined
  maxConcurrency?: number | string | undefined
  /** Follow each started run to its conclusion. */
  wait?: boolean | undefined
  waitTimeoutSeconds?: number | string | undefined
  pollIntervalSeconds?: number | string | undefined
  /** With wait: end the wait when these jobs of the run have concluded (names; a matrix job by its full name or the name before ' ('). */
  waitJobs?: string | string[] | undefined
  /** With wait: the artifact whose outputs.json a run hands back (default app-dispatch-outputs; '' turns it off). */
  outputsArtifact?: string | undefined
  /** With wait: cancel the runs still going when the signal aborts or the wait times out. */
  cancelDownstream?: boolean | undefined
  /** With wait: last lines of each failed job's log to report (default 30; 0 turns failure details off). */
  failureLogLines?: number | string | undefined
  /** Progress messages; default: none. */
  logger?: Partial<Logger> | undefined
  /** Called with each credential (JWT, token) before use, e.g. to mask it in your logs. */
  onSecret?: ((secret: string) => void) | undefined
  /** Abort to cancel: nothing more is sent, waits stop, every token is still revoked. */
  signal?: AbortSignal | undefined
}

/** The library's wording: option names, as a JavaScript caller writes them. */
export const LIBRARY_WORDING: Wording = { label: input => `Option '${LIBRARY_TERMS(input)}'`, terms: LIBRARY_TERMS }

/** Options that are not inputs (how the call behaves, not what it sends). */
const CALL_OPTIONS = new Set(['logger', 'onSecret', 'signal', 'createJwt'])
/** Options that may be objects (sent as JSON) or arrays (several targets). */
const OBJECT_OPTIONS = new Set(['clientPayload', 'inputs'])
const ARRAY_OPTIONS = new Set(['repository', 'waitJobs'])

/**
 * Typed option → the input's text, checked at run time: a JavaScript caller
 * (or a JSON config) may pass anything, and a wrong type must fail as clearly
 * as a wrong input does.
 */
function optionText(input: InputDeclaration, value: unknown): string {
  if (value === undefined || value === null)
    return input.name === 'github-api-url' ? (process.env['GITHUB_API_URL'] ?? '') : (input.default ?? '')
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (ARRAY_OPTIONS.has(input.option) && Array.isArray(value) && value.every(item => typeof item === 'string')) return value.join('\n')
  if (OBJECT_OPTIONS.has(input.option) && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value)
  const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`
  const expected = ARRAY_OPTIONS.has(input.option)
    ? 'a string or an array of strings'
    : OBJECT_OPTIONS.has(input.option)
      ? 'an object or JSON text'
      : 'a string, number or boolean'
  throw new InputError(input.name, `is ${kind}; expected ${expected}.`, LIBRARY_WORDING)
}

/**
 * Validates options exactly as the action validates its inputs (same rules)
 * and returns the Plan. Throws InputError worded with option names.
 */
export function planFromOptions(options: DispatchOptions): Plan {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InputError('options', 'must be an object.', LIBRARY_WORDING)
  const known = new Set([...INPUTS.map(input => input.option), ...CALL_OPTIONS])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      const near = nearest(key, known)
      throw new InputError(key, `is not an option${near ? `; did you mean '${near}'?` : '.'}`, {
        label: name => `Option '${name}'`,
        terms: LIBRARY_TERMS
      })
    }
  }
  const raw = new Map(INPUTS.map(input => [input.name, optionText(input, (options as unknown as Record<string, unknown>)[input.option])]))
  const { createJwt } = options
  if (createJwt !== undefined && typeof createJwt !== 'function')
    throw new InputError('createJwt', 'must be a function (appId, timeDifference) => Promise<{ jwt, expiresAt }>.', LIBRARY_WORDING)
  try {
    return parseInputs(name => raw.get(name) ?? '', process.env, createJwt)
  } catch (error) {
    throw error instanceof InputError ? error.reword(LIBRARY_WORDING) : error
  }
}
