/**
 * The Slack world's fixed values, apart from slack-world.ts so that a test needing only these does not
 * load dynalite, the DynamoDB client and the handler with it.
 */
export const SECRET = 'test-signing-secret'
export const KEY = 'k'.repeat(16) + 'approval-signing-key-for-tests'
export const APPROVER = 'U0APPROVER'
export const SECOND = 'U0SECOND'
export const AWS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' }
