/**
 * `app-dispatch/slack`: approve a dispatch from a Slack button.
 *
 *   import { lambdaHandler } from 'app-dispatch/slack'
 *   export const handler = lambdaHandler
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createApprovalHandler } from './handler.js'
import type { Handled, SlackRequest } from './types.js'
import type { SlackApprovalConfig } from './config.js'
import { lambdaAdapter, type LambdaHttpEvent, type LambdaHttpResult, type WorkEvent } from './lambda.js'
import { nodeAdapter } from './node.js'
import { configFromEnv } from './env.js'

export { configFromEnv } from './env.js'
export type { SlackApprovalConfig, AsyncInvokeConfig } from './config.js'
export type { SlackLogger } from './logger.js'
export type { SlackRequest, SlackResponse, Work, Handled } from './types.js'
export type { LambdaHttpEvent, LambdaHttpResult, WorkEvent } from './lambda.js'
export { approvalMessage, APPROVE_ACTION_ID, REJECT_ACTION_ID } from './message.js'
export type { ApprovalMessageOptions, ApprovalMessage } from './message.js'
export { signApproval, verifyApproval, newApproval, ApprovalRefused, DEFAULT_APPROVAL_TTL_SECONDS } from './approval-token.js'
export type { Approval } from './approval-token.js'
export { MemoryClaimStore } from './claims.js'
export type { Claim, ClaimStore, ClaimResult } from './claims.js'
export { dynamoDbClaimStore } from './dynamodb-claims.js'
export type { DynamoDbClaimStoreOptions } from './dynamodb-claims.js'
export { requestApproval, SlackApiError } from './request-approval.js'
export type { RequestApprovalOptions, RequestApprovalResult } from './request-approval.js'
export { verifySlackSignature, signSlackRequest, SlackRequestError, MAX_REQUEST_AGE_SECONDS } from './signature.js'

export interface SlackApprovalHandler {
  handle: (request: SlackRequest) => Promise<Handled>
  /** For node:http's createServer: never rejects, answers, then dispatches. */
  node: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /** For AWS Lambda: answers at once, dispatches in an asynchronous invocation of itself. */
  lambda: (event: LambdaHttpEvent | WorkEvent) => Promise<LambdaHttpResult | undefined>
}

/** The handler with both transports. Throws InputError at start-up for a bad configuration. */
export function createSlackApprovalHandler(config: SlackApprovalConfig): SlackApprovalHandler {
  const handler = createApprovalHandler(config)
  return { handle: handler.handle, node: nodeAdapter(handler), lambda: lambdaAdapter(handler) }
}

let fromEnv: SlackApprovalHandler | undefined

/** A ready Lambda handler configured from the environment: `export { lambdaHandler as handler }`. */
export async function lambdaHandler(event: LambdaHttpEvent | WorkEvent): Promise<LambdaHttpResult | undefined> {
  fromEnv ??= createSlackApprovalHandler(configFromEnv())
  return fromEnv.lambda(event)
}
