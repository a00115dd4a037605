/**
 * The approval handler's configuration, checked at run time (a JavaScript
 * caller or an environment may pass anything): a wrong type or a missing
 * secret fails at start-up with the option's name, not on the first click.
 */
import { parseKmsKeyId } from '../input/app-key.js'
import { InputError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import type { DispatchOptions } from '../lib/index.js'
import { parseAppId, parseEventType, parseRepository } from '../input/parsers.js'
import { normalizePrivateKey } from '../input/private-key.js'
import { nearest } from '../util/nearest.js'
import { checkApprovalKey } from './approval-token.js'
import type { ClaimStore } from './claims.js'
import type { SlackLogger } from './logger.js'
import { SLACK_WORDING } from './wording.js'

export interface AsyncInvokeConfig {
  /** The function to invoke with InvocationType Event (the handler's own name). */
  functionName: string
  /** A configured LambdaClient; default: one for the environment. */
  client?: unknown
  /** For a client built here (tests, LocalStack). */
  endpoint?: string | undefined
  region?: string | undefined
}

export interface SlackApprovalConfig {
  /** The GitHub App's ID or Client ID, and its private key (PEM, literal \n or base64), or awsKmsKeyId instead. */
  appId: string | number
  privateKey?: string | undefined
  /**
   * Instead of privateKey: the AWS KMS key (ID, ARN or alias) holding the App's key; the function's role
   * needs kms:Sign on it (docs/keyless.md). Region: the ARN's, else AWS_REGION (Lambda sets it).
   * The same name as the library's option (the action's aws-kms-key-id).
   */
  awsKmsKeyId?: string | undefined
  /** The older name of awsKmsKeyId, still accepted (both set: they must be equal). */
  appKmsKeyId?: string | undefined
  /** The Slack app's signing secret (Basic Information → App Credentials). */
  signingSecret: string
  /** The key approvals are signed with; the posting pipeline holds the same one. At least 32 characters. */
  approvalKey: string
  /** Slack user IDs (U…) allowed to approve. May be empty with approversFromApproval. */
  allowedUsers: string[]
  /**
   * Each approval names who may decide it (signed into it, as the dispatch broker does from its
   * rules); an approval that names nobody is refused. allowedUsers, when not empty, still applies.
   */
  approversFromApproval?: boolean | undefined
  /** Called with what became of each decided approval (the broker records it); failures are logged. */
  onOutcome?: ((outcome: ApprovalOutcome) => Promise<void>) | undefined
  /** When set, clicks are accepted only in these channel IDs (C…). */
  allowedChannels?: string[] | undefined
  /** When set, only these repositories (owner/repo) may be dispatched to: a second fence behind the signature. */
  allowedRepositories?: string[] | undefined
  /** When set, only these event types may be sent. */
  allowedEventTypes?: string[] | undefined
  /** Where approvals are claimed (exactly once). Default: in this process's memory. */
  claims?: ClaimStore | undefined
  /** GitHub REST API URL; default GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string | undefined
  /** Where replies may be posted; default Slack's own https://hooks.slack.com/ only. */
  responseUrlPattern?: RegExp | undefined
  /**
   * Lambda: answer Slack at once and dispatch in an asynchronous invocation
   * of this function. Default on Lambda: the function itself
   * (AWS_LAMBDA_FUNCTION_NAME). false: dispatch before answering.
   */
  asyncInvoke?: AsyncInvokeConfig | false | undefined
  /** Node adapter: how long a request body may take to arrive (default 10 s). */
  bodyTimeoutMs?: number | undefined
  /** Where refusals and outcomes are logged: `console`, or any object with info and warning (or warn). Default: stderr. */
  logger?: SlackLogger | undefined
  /** Test seam: the clock, in seconds. */
  now?: (() => number) | undefined
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(item => typeof item === 'string' && item !== '')

function list(config: Record<string, unknown>, key: string, required: boolean): void {
  const value = config[key]
  if (value === undefined && !required) return
  if (!isStringList(value) || (required && value.length === 0)) {
    const got = typeof value === 'string' ? ` It is a string ('${value}'): wrap it in an array, ['${value}'].` : ''
    throw new InputError(key, msg`must be ${required ? 'a non-empty' : 'an'} array of strings.${got}`)
  }
}

/** Throws InputError naming the handler's option (never an action input), worded once here; returns the config with the key checked. */
export function validateConfig(config: SlackApprovalConfig): SlackApprovalConfig {
  try {
    return checkConfig(config)
  } catch (error) {
    throw error instanceof InputError ? error.reword(SLACK_WORDING) : error
  }
}

/**
 * The names of every key of T, checked by the compiler: a key of T missing
 * from the list fails to compile, naming it.
 */
const everyKeyOf =
  <T>() =>
  <const K extends readonly (keyof T)[]>(
    keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })
  ): K =>
    keys

/** Every option the handler reads; anything else is refused (a misspelt option would otherwise be ignored). */
const CONFIG_KEYS: ReadonlySet<string> = new Set(
  everyKeyOf<SlackApprovalConfig>()([
    'appId',
    'privateKey',
    'awsKmsKeyId',
    'appKmsKeyId',
    'signingSecret',
    'approvalKey',
    'allowedUsers',
    'allowedChannels',
    'allowedRepositories',
    'allowedEventTypes',
    'claims',
    'apiUrl',
    'responseUrlPattern',
    'asyncInvoke',
    'bodyTimeoutMs',
    'approversFromApproval',
    'onOutcome',
    'logger',
    'now'
  ])
)

function checkConfig(config: SlackApprovalConfig): SlackApprovalConfig {
  if (config === null || typeof config !== 'object') throw new InputError('config', 'must be an object.')
  const raw = config as unknown as Record<string, unknown>
  for (const key of Object.keys(raw)) {
    if (CONFIG_KEYS.has(key)) continue
    const near = nearest(key, CONFIG_KEYS)
    throw new InputError(key, msg`is not an option` + (near ? msg`; did you mean '${near}'?` : '.'))
  }
  for (const key of ['signingSecret', 'approvalKey']) {
    if (typeof raw[key] !== 'string' || raw[key] === '') throw new InputError(key, 'is required (a string).')
  }
  checkAppKey(raw)
  checkApprovalKey(config.approvalKey)
  list(raw, 'allowedUsers', raw['approversFromApproval'] !== true)
  for (const key of ['allowedChannels', 'allowedRepositories', 'allowedEventTypes']) list(raw, key, false)
  config.allowedRepositories?.forEach(name => parseRepository(name, 'allowedRepositories'))
  config.allowedEventTypes?.forEach(type => parseEventType(type))
  if (config.responseUrlPattern !== undefined && !(config.responseUrlPattern instanceof RegExp)) {
    throw new InputError('responseUrlPattern', 'must be a RegExp.')
  }
  const store = config.claims as { claim?: unknown; read?: unknown } | undefined
  if (store !== undefined && (typeof store.claim !== 'function' || typeof store.read !== 'function')) {
    throw new InputError(
      'claims',
      'must be a claim store (an object with claim() and read() methods), e.g. dynamoDbClaimStore({ tableName }).'
    )
  }
  if (config.bodyTimeoutMs !== undefined && !(Number.isInteger(config.bodyTimeoutMs) && config.bodyTimeoutMs > 0)) {
    throw new InputError('bodyTimeoutMs', 'must be a positive whole number of milliseconds.')
  }
  parseAppId(String(config.appId ?? ''))
  return config
}

/** Exactly one of privateKey and awsKmsKeyId (or appKmsKeyId, its older name), each in a form that can work. */
function checkAppKey(raw: Record<string, unknown>): void {
  for (const key of ['privateKey', 'awsKmsKeyId', 'appKmsKeyId']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw new InputError(key, 'must be a string.')
  }
  const { privateKey, awsKmsKeyId, appKmsKeyId } = raw as { privateKey?: string; awsKmsKeyId?: string; appKmsKeyId?: string }
  if (awsKmsKeyId && appKmsKeyId && awsKmsKeyId !== appKmsKeyId) {
    throw new InputError(
      'awsKmsKeyId',
      'and appKmsKeyId are both set, to different keys. appKmsKeyId is the older name of awsKmsKeyId: give one.'
    )
  }
  const kmsKeyId = awsKmsKeyId || appKmsKeyId
  const kmsName = awsKmsKeyId ? 'awsKmsKeyId' : 'appKmsKeyId'
  if (privateKey && kmsKeyId) {
    throw new InputError('privateKey', `and ${kmsName} are both set; give one (with ${kmsName} the key is only in AWS KMS).`)
  }
  if (kmsKeyId) parseKmsKeyId(kmsKeyId, kmsName)
  else if (privateKey) normalizePrivateKey(privateKey)
  else
    throw new InputError(
      'privateKey',
      "is required (a string): the App's private key, unless awsKmsKeyId names the AWS KMS key that holds it."
    )
}

/** The dispatch options that say where the App's key is. */
export function appKeyOptions(config: SlackApprovalConfig): Pick<DispatchOptions, 'privateKey' | 'awsKmsKeyId'> {
  const kmsKeyId = config.awsKmsKeyId || config.appKmsKeyId
  return kmsKeyId ? { awsKmsKeyId: kmsKeyId } : { privateKey: config.privateKey ?? '' }
}

/** What became of an approval, for the handler's owner (the broker settles its request with it). */
export interface ApprovalOutcome {
  repository: string
  /** The signed client_payload (without approved_by). */
  payload: Record<string, unknown>
  decision: 'approved' | 'rejected'
  user: string
  /** Approved: whether GitHub took the dispatch. */
  dispatched?: boolean | 'unknown'
  error?: string | undefined
}
