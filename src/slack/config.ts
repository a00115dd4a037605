/**
 * The approval handler's configuration, checked at run time (a JavaScript
 * caller or an environment may pass anything): a wrong type or a missing
 * secret fails at start-up with the option's name, not on the first click.
 */
import { parseKmsKeyId } from '../input/app-key.js'
import { InputError, type Wording } from '../model/errors.js'
import type { DispatchOptions } from '../lib/index.js'
import { parseAppId, parseEventType, parseRepository } from '../input/parsers.js'
import { normalizePrivateKey } from '../input/private-key.js'
import { checkApprovalKey } from './approval-token.js'
import type { ClaimStore } from './claims.js'
import type { SlackLogger } from './logger.js'

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
  /** The GitHub App's ID or Client ID, and its private key (PEM, literal \n or base64), or appKmsKeyId instead. */
  appId: string | number
  privateKey?: string | undefined
  /**
   * Instead of privateKey: the AWS KMS key (ID, ARN or alias) holding the App's key; the function's role
   * needs kms:Sign on it (docs/keyless.md). Region: the ARN's, else AWS_REGION (Lambda sets it).
   */
  appKmsKeyId?: string | undefined
  /** The Slack app's signing secret (Basic Information → App Credentials). */
  signingSecret: string
  /** The key approvals are signed with; the posting pipeline holds the same one. At least 32 characters. */
  approvalKey: string
  /** Slack user IDs (U…) allowed to approve. */
  allowedUsers: string[]
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
    throw new InputError(key, `must be ${required ? 'a non-empty' : 'an'} array of strings.${got}`, {
      label: name => `Slack handler option '${name}'`,
      terms: name => name
    })
  }
}

/** The handler's option names for the inputs the shared parsers name (`app-id` → `appId`). */
const OPTION_NAMES: Record<string, string> = { 'app-id': 'appId', 'private-key': 'privateKey', 'event-type': 'allowedEventTypes' }
const SLACK_WORDING = {
  label: (name: string) => `Slack handler option '${OPTION_NAMES[name] ?? name}'`,
  terms: (name: string) => OPTION_NAMES[name] ?? name
}

/** Throws InputError naming the handler's option (never an action input); returns the config with the key checked. */
export function validateConfig(config: SlackApprovalConfig): SlackApprovalConfig {
  try {
    return checkConfig(config)
  } catch (error) {
    throw error instanceof InputError ? error.reword(SLACK_WORDING) : error
  }
}

function checkConfig(config: SlackApprovalConfig): SlackApprovalConfig {
  const wording = { label: (name: string) => `Slack handler option '${name}'`, terms: (name: string) => name }
  if (config === null || typeof config !== 'object') throw new InputError('config', 'must be an object.', wording)
  const raw = config as unknown as Record<string, unknown>
  for (const key of ['signingSecret', 'approvalKey']) {
    if (typeof raw[key] !== 'string' || raw[key] === '') throw new InputError(key, 'is required (a string).', wording)
  }
  checkAppKey(raw, wording)
  checkApprovalKey(config.approvalKey)
  list(raw, 'allowedUsers', true)
  for (const key of ['allowedChannels', 'allowedRepositories', 'allowedEventTypes']) list(raw, key, false)
  config.allowedRepositories?.forEach(name => parseRepository(name, 'allowedRepositories'))
  config.allowedEventTypes?.forEach(type => parseEventType(type))
  if (config.responseUrlPattern !== undefined && !(config.responseUrlPattern instanceof RegExp)) {
    throw new InputError('responseUrlPattern', 'must be a RegExp.', wording)
  }
  const store = config.claims as { claim?: unknown; read?: unknown } | undefined
  if (store !== undefined && (typeof store.claim !== 'function' || typeof store.read !== 'function')) {
    throw new InputError(
      'claims',
      'must be a claim store (an object with claim() and read() methods), e.g. dynamoDbClaimStore({ tableName }).',
      wording
    )
  }
  if (config.bodyTimeoutMs !== undefined && !(Number.isInteger(config.bodyTimeoutMs) && config.bodyTimeoutMs > 0)) {
    throw new InputError('bodyTimeoutMs', 'must be a positive whole number of milliseconds.', wording)
  }
  parseAppId(String(config.appId ?? ''))
  return config
}

/** Exactly one of privateKey and appKmsKeyId, each in a form that can work. */
function checkAppKey(raw: Record<string, unknown>, wording: Wording): void {
  for (const key of ['privateKey', 'appKmsKeyId']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw new InputError(key, 'must be a string.', wording)
  }
  const { privateKey, appKmsKeyId } = raw as { privateKey?: string; appKmsKeyId?: string }
  if (privateKey && appKmsKeyId) {
    throw new InputError('privateKey', 'and appKmsKeyId are both set; give one (with appKmsKeyId the key is only in AWS KMS).', wording)
  }
  if (appKmsKeyId) {
    try {
      parseKmsKeyId(appKmsKeyId, 'appKmsKeyId')
    } catch (error) {
      throw error instanceof InputError ? error.reword(wording) : error
    }
  } else if (privateKey) normalizePrivateKey(privateKey)
  else
    throw new InputError(
      'privateKey',
      "is required (a string): the App's private key, unless appKmsKeyId names the AWS KMS key that holds it.",
      wording
    )
}

/** The dispatch options that say where the App's key is. */
export function appKeyOptions(config: SlackApprovalConfig): Pick<DispatchOptions, 'privateKey' | 'awsKmsKeyId'> {
  return config.appKmsKeyId ? { awsKmsKeyId: config.appKmsKeyId } : { privateKey: config.privateKey ?? '' }
}
