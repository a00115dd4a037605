/** The broker's options from environment variables (the table in docs/broker.md). */
import { InputError } from '../model/errors.js'
import { dynamoDbClaimStore } from '../slack/dynamodb-claims.js'
import type { DispatchBrokerConfig } from './config.js'
import { dynamoDbBrokerStore } from './dynamodb-store.js'
import { ENV_WORDING } from './wording.js'

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)

function seconds(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name]
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) throw new InputError(name, 'must be a whole number of seconds.', ENV_WORDING)
  return Number(value)
}

/** Spread it and override what you set in code. Logs go to stderr unless you add a `logger`. */
export function brokerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DispatchBrokerConfig {
  const table = env['BROKER_TABLE']
  const endpoint = env['BROKER_TABLE_ENDPOINT'] || undefined
  const issuers = list(env['BROKER_OIDC_ISSUERS'])
  const slackSecret = env['SLACK_SIGNING_SECRET']
  return {
    appId: env['GITHUB_APP_ID'] ?? '',
    ...(env['GITHUB_APP_KMS_KEY_ID'] ? { awsKmsKeyId: env['GITHUB_APP_KMS_KEY_ID'] } : { privateKey: env['GITHUB_APP_PRIVATE_KEY'] ?? '' }),
    audience: env['BROKER_AUDIENCE'] ?? '',
    ...(issuers.length ? { issuers } : {}),
    ...(env['GITHUB_API_URL'] ? { apiUrl: env['GITHUB_API_URL'] } : {}),
    ...(table ? { store: dynamoDbBrokerStore({ tableName: table, endpoint }) } : {}),
    ...(env['BROKER_CEILING_REPOSITORY']
      ? { ceiling: { repository: env['BROKER_CEILING_REPOSITORY'], path: env['BROKER_CEILING_PATH'] || undefined } }
      : {}),
    policyCacheSeconds: seconds(env, 'BROKER_POLICY_CACHE_SECONDS'),
    idempotencySeconds: seconds(env, 'BROKER_IDEMPOTENCY_SECONDS'),
    ...(slackSecret
      ? {
          slack: {
            botToken: env['SLACK_BOT_TOKEN'] ?? '',
            signingSecret: slackSecret,
            approvalKey: env['APPROVAL_SIGNING_KEY'] ?? '',
            slackApiUrl: env['SLACK_API_URL'] || undefined,
            ...(table ? { claims: dynamoDbClaimStore({ tableName: table, endpoint }) } : {})
          }
        }
      : {})
  }
}
