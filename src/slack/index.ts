/**
 * `app-dispatch/slack`: approve a dispatch from a Slack button.
 *
 *   import { approvalMessage, lambdaHandler } from 'app-dispatch/slack'
 *   export const handler = lambdaHandler
 */
export { createSlackApprovalHandler, configFromEnv, lambdaHandler } from './handler.js'
export type { SlackApprovalConfig, SlackRequest, SlackResponse, LambdaHttpEvent, LambdaHttpResult } from './handler.js'
export { approvalMessage, encodeButtonValue, decodeButtonValue, APPROVE_ACTION_ID, REJECT_ACTION_ID } from './message.js'
export type { ApprovalMessageOptions, PendingDispatch } from './message.js'
export { verifySlackSignature, signSlackRequest, SlackRequestError, MAX_REQUEST_AGE_SECONDS } from './signature.js'
