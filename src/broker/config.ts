/**
 * The broker's configuration, checked at start-up (a JavaScript caller or an
 * environment may pass anything): a wrong type or a missing secret fails with
 * the option's name before the first request, never on it.
 */
import { InputError } from '../model/errors.js'
import type { AppKey } from '../model/plan.js'
import { parseApiUrl, parseAppId, parseRepository, DEFAULT_API_URL } from '../input/parsers.js'
import { parseKmsKeyId, regionFromKeyArn } from '../input/app-key.js'
import { normalizePrivateKey } from '../input/private-key.js'
import type { SlackLogger } from '../slack/logger.js'
import type { BrokerStore } from './store.js'
import type { ClaimStore } from '../slack/claims.js'
import { nearest } from '../util/nearest.js'
import { BROKER_WORDING } from './wording.js'

export interface DispatchBrokerConfig {
  /** The GitHub App's ID or Client ID. */
  appId: string | number
  /** The App's private key (PEM, literal \n or base64), or awsKmsKeyId instead. */
  privateKey?: string | undefined
  /** Instead of privateKey: the AWS KMS key holding the App's key; the function's role needs kms:Sign on it. */
  awsKmsKeyId?: string | undefined
  /** The OIDC audience callers must request (`broker-audience`); required, never sts.amazonaws.com. Usually the broker's URL origin. */
  audience: string
  /** Accepted OIDC issuers; default github.com's. `jwksUrl` overrides discovery (private networking, tests). */
  issuers?: Array<string | { issuer: string; jwksUrl?: string | undefined }> | undefined
  /** GitHub REST API URL; default GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string | undefined
  /** Where jti and idempotency records live; default this process's memory (one instance only). */
  store?: BrokerStore | undefined
  /** How long a (target, distinct_id) is remembered, in seconds; default 24 hours. */
  idempotencySeconds?: number | undefined
  /** How long a policy read from a repository is reused, in seconds; default and most 60. */
  policyCacheSeconds?: number | undefined
  /** An organisation ceiling: a rule takes effect only where this file also allows the caller and target. */
  ceiling?: { repository: string; path?: string | undefined } | undefined
  /** Approvals in Slack, for rules with `approval:`. Without it such rules deny. */
  slack?: BrokerApprovalConfig | undefined
  /** Where audit lines and warnings go; default stderr. */
  logger?: SlackLogger | undefined
  /** Test seam: the clock, in seconds. */
  now?: (() => number) | undefined
}

export const DEFAULT_POLICY_PATH = '.github/app-dispatch.yml'
export const DEFAULT_CEILING_PATH = '.github/app-dispatch-ceiling.yml'
export const MAX_POLICY_CACHE_SECONDS = 60
export const DEFAULT_IDEMPOTENCY_SECONDS = 24 * 3600

const KNOWN = [
  'appId',
  'privateKey',
  'awsKmsKeyId',
  'audience',
  'issuers',
  'apiUrl',
  'store',
  'idempotencySeconds',
  'policyCacheSeconds',
  'ceiling',
  'slack',
  'logger',
  'now'
]

export interface CheckedBrokerConfig {
  config: DispatchBrokerConfig
  appId: string
  appKey: AppKey
  apiUrl: string
  policyCacheSeconds: number
  idempotencySeconds: number
}

/** Throws InputError naming the broker's option. */
export function checkBrokerConfig(config: DispatchBrokerConfig): CheckedBrokerConfig {
  if (config === null || typeof config !== 'object') throw new InputError('config', 'must be an object.', BROKER_WORDING)
  const raw = config as unknown as Record<string, unknown>
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !KNOWN.includes(key)) {
      const near = nearest(key, KNOWN)
      throw new InputError(key, `is not a broker option${near ? `; did you mean '${near}'?` : '.'}`, BROKER_WORDING)
    }
  }
  for (const key of ['privateKey', 'awsKmsKeyId', 'audience', 'apiUrl']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw new InputError(key, 'must be a string.', BROKER_WORDING)
  }
  const seconds = (key: 'policyCacheSeconds' | 'idempotencySeconds', fallback: number, max: number): number => {
    const value = config[key]
    if (value === undefined) return fallback
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw new InputError(key, `must be a whole number of seconds from 0 to ${max}.`, BROKER_WORDING)
    return value
  }
  try {
    const appId = parseAppId(String(config.appId ?? ''))
    const appKey = brokerAppKey(config)
    const apiUrl = parseApiUrl(config.apiUrl ?? process.env['GITHUB_API_URL'] ?? DEFAULT_API_URL)
    if (config.ceiling !== undefined) {
      if (typeof config.ceiling !== 'object' || config.ceiling === null || typeof config.ceiling.repository !== 'string')
        throw new InputError('ceiling', "must be { repository: 'owner/repo', path?: '.github/app-dispatch-ceiling.yml' }.", BROKER_WORDING)
      parseRepository(config.ceiling.repository)
    }
    if (config.store !== undefined) {
      const store = config.store as unknown as Record<string, unknown>
      if (typeof store['begin'] !== 'function' || typeof store['settle'] !== 'function' || typeof store['read'] !== 'function')
        throw new InputError('store', 'must be a broker store, e.g. dynamoDbBrokerStore({ tableName }).', BROKER_WORDING)
    }
    return {
      config,
      appId,
      appKey,
      apiUrl,
      policyCacheSeconds: seconds('policyCacheSeconds', MAX_POLICY_CACHE_SECONDS, MAX_POLICY_CACHE_SECONDS),
      idempotencySeconds: seconds('idempotencySeconds', DEFAULT_IDEMPOTENCY_SECONDS, 30 * 24 * 3600)
    }
  } catch (error) {
    throw error instanceof InputError ? error.reword(BROKER_WORDING) : error
  }
}

/** Exactly one of privateKey and awsKmsKeyId. With KMS the function signs with its own credentials (Lambda's role). */
function brokerAppKey(config: DispatchBrokerConfig): AppKey {
  if (config.privateKey && config.awsKmsKeyId)
    throw new InputError(
      'privateKey',
      'and awsKmsKeyId are both set; give one (with awsKmsKeyId the key is only in AWS KMS).',
      BROKER_WORDING
    )
  if (config.awsKmsKeyId) {
    const keyId = parseKmsKeyId(config.awsKmsKeyId, 'aws-kms-key-id')
    const region = regionFromKeyArn(keyId) ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION']
    if (!region) throw new InputError('awsKmsKeyId', 'names no region and AWS_REGION is not set: give the key ARN.', BROKER_WORDING)
    return { kind: 'aws-kms', keyId, region, roleToAssume: undefined }
  }
  if (!config.privateKey)
    throw InputError.missing(
      'privateKey',
      "is required: the App's private key, unless awsKmsKeyId names the AWS KMS key that holds it.",
      BROKER_WORDING
    )
  return { kind: 'private-key', pem: normalizePrivateKey(config.privateKey) }
}

export interface BrokerApprovalConfig {
  /** The Slack app's bot token (xoxb-…, chat:write). */
  botToken: string
  /** The Slack app's signing secret: clicks come back to this function. */
  signingSecret: string
  /** The key approvals are signed with. Only the broker holds it. At least 32 characters. */
  approvalKey: string
  /** Slack's Web API; default https://slack.com/api. */
  slackApiUrl?: string | undefined
  /** Where clicks are claimed (exactly once); default the broker store's memory. Use the same DynamoDB table. */
  claims?: ClaimStore | undefined
  /** Where replies may be posted; default Slack's own https://hooks.slack.com/. */
  responseUrlPattern?: RegExp | undefined
  /** How long an approval stays valid, in seconds; default 1 hour. */
  ttlSeconds?: number | undefined
}
