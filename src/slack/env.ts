/** The approval handler's configuration from environment variables (see the Slack guide in docs/). */
import { InputError } from '../model/errors.js'
import type { SlackApprovalConfig } from './config.js'
import { dynamoDbClaimStore } from './dynamodb-claims.js'
import { ENV_WORDING } from './wording.js'

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)

function pattern(value: string | undefined): RegExp | undefined {
  if (!value) return undefined
  try {
    return new RegExp(value)
  } catch (error) {
    throw new InputError('SLACK_RESPONSE_URL_PATTERN', `is not a regular expression (${(error as Error).message}).`, ENV_WORDING)
  }
}

/**
 * The handler's options from the environment (the table in docs/slack.md);
 * spread it and override what you set in code. Logs go to stderr unless you
 * add a `logger`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SlackApprovalConfig {
  const table = env['APPROVAL_CLAIMS_TABLE']
  const responseUrlPattern = pattern(env['SLACK_RESPONSE_URL_PATTERN'])
  return {
    appId: env['GITHUB_APP_ID'] ?? '',
    privateKey: env['GITHUB_APP_PRIVATE_KEY'] ?? '',
    ...(env['GITHUB_APP_KMS_KEY_ID'] ? { awsKmsKeyId: env['GITHUB_APP_KMS_KEY_ID'] } : {}),
    signingSecret: env['SLACK_SIGNING_SECRET'] ?? '',
    approvalKey: env['APPROVAL_SIGNING_KEY'] ?? '',
    allowedUsers: list(env['SLACK_ALLOWED_USERS']),
    allowedChannels: list(env['SLACK_ALLOWED_CHANNELS']),
    allowedRepositories: list(env['APPROVAL_ALLOWED_REPOSITORIES']),
    allowedEventTypes: list(env['APPROVAL_ALLOWED_EVENT_TYPES']),
    ...(table ? { claims: dynamoDbClaimStore({ tableName: table, endpoint: env['APPROVAL_CLAIMS_ENDPOINT'] }) } : {}),
    ...(env['GITHUB_API_URL'] ? { apiUrl: env['GITHUB_API_URL'] } : {}),
    ...(responseUrlPattern ? { responseUrlPattern } : {})
  }
}
