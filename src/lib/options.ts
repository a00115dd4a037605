/**
 * The library's options: typed, checked at run time (a JavaScript caller or
 * a JSON config may pass anything), and turned into the same Plan the
 * action's inputs become, with messages in option names.
 */
import { InputError, type Wording } from '../model/errors.js'
import { declaration, INPUTS, LIBRARY_TERMS } from '../model/input-table.js'
import type { Logger } from '../model/logger.js'
import { msg } from '../model/placeholders.js'
import { planFrom } from '../input/parse-inputs.js'
import { inputValues, type InputValue } from '../input/values.js'
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
  /** One or more `owner/repo`: an array (one per element), or a string separated by commas or newlines. */
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
  /**
   * With wait: end the wait when these jobs of the run have concluded (names; a matrix job by its full name or the name
   * before ' ('): an array (one name per element, commas and all), or a string separated by newlines or commas outside parentheses.
   */
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

const optionLabel = (option: string): string => `Option '${option}'`

/** The library's wording, its one table: options by their names, as a JavaScript caller writes them. */
export const LIBRARY_WORDING: Wording = { label: input => optionLabel(LIBRARY_TERMS(input)), terms: LIBRARY_TERMS }
/** For a key that is not an option (it may be an input's action.yml name): the key as given. */
const KEY_WORDING: Wording = { label: optionLabel, terms: LIBRARY_TERMS }

/** Options that are not inputs (how the call behaves, not what it sends). */
const CALL_OPTIONS = new Set(['logger', 'onSecret', 'signal', 'createJwt'])

/**
 * Validates options exactly as the action validates its inputs (same rules),
 * each taken as given by its kind (an array element is one value, an object
 * is sent as it is), and returns the Plan. Throws InputError worded with
 * option names.
 */
export function planFromOptions(options: DispatchOptions): Plan {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InputError('options', 'must be an object.', KEY_WORDING)
  const known = new Set([...INPUTS.map(input => input.option), ...CALL_OPTIONS])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      const near = nearest(key, known)
      throw new InputError(key, msg`is not an option` + (near ? msg`; did you mean '${near}'?` : '.'), KEY_WORDING)
    }
  }
  try {
    return plan(options)
  } catch (error) {
    throw error instanceof InputError ? error.reword(LIBRARY_WORDING) : error
  }
}

function plan(options: DispatchOptions): Plan {
  const given = options as unknown as Record<string, InputValue>
  const values = inputValues(name => {
    const option = declaration(name)?.option ?? name
    return name === 'github-api-url' ? (given[option] ?? process.env['GITHUB_API_URL']) : given[option]
  })
  const { createJwt } = options
  if (createJwt !== undefined && typeof createJwt !== 'function')
    throw new InputError('createJwt', 'must be a function (appId, timeDifference) => Promise<{ jwt, expiresAt }>.')
  return planFrom(values, process.env, createJwt)
}
