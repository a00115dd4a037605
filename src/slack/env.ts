/** The approval handler's configuration from environment variables (see the Slack guide in docs/). */
import type { SlackApprovalConfig } from './config.js'
import { dynamoDbClaimStore } from './dynamodb-claims.js'

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SlackApprovalConfig {
  const table = env['APPROVAL_CLAIMS_TABLE']
  return {
    appId: env['GITHUB_APP_ID'] ?? '',
    privateKey: env['GITHUB_APP_PRIVATE_KEY'] ?? '',
    ...(env['GITHUB_APP_KMS_KEY_ID'] ? { appKmsKeyId: env['GITHUB_APP_KMS_KEY_ID'] } : {}),
    signingSecret: env['SLACK_SIGNING_SECRET'] ?? '',
    approvalKey: env['APPROVAL_SIGNING_KEY'] ?? '',
    allowedUsers: list(env['SLACK_ALLOWED_USERS']),
    allowedChannels: list(env['SLACK_ALLOWED_CHANNELS']),
    allowedRepositories: list(env['APPROVAL_ALLOWED_REPOSITORIES']),
    allowedEventTypes: list(env['APPROVAL_ALLOWED_EVENT_TYPES']),
    ...(table ? { claims: dynamoDbClaimStore({ tableName: table, endpoint: env['APPROVAL_CLAIMS_ENDPOINT'] }) } : {}),
    apiUrl: env['GITHUB_API_URL'],
    logger: { info: line => console.log(line), warning: line => console.warn(line) }
  }
}
