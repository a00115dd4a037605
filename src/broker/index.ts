/**
 * `app-dispatch/broker`: the function that holds the App, so that upstream
 * pipelines hold nothing. A calling job proves who it is with its GitHub
 * OIDC token; the target repository's own `.github/app-dispatch.yml` says
 * what it may send; the broker dispatches exactly once per distinct_id, and
 * can ask a person in Slack first (the clicks come back to the same function).
 *
 *   import { createDispatchBroker, brokerConfigFromEnv } from 'app-dispatch/broker'
 *   const broker = createDispatchBroker(brokerConfigFromEnv())
 *   export const handler = broker.lambda            // AWS Lambda (Function URL)
 *   createServer(broker.node).listen(8080)          // or any Node server
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { messageOf } from '../model/errors.js'
import type { SlackApprovalHandler } from '../slack/index.js'
import type { LambdaHttpEvent, LambdaHttpResult, WorkEvent } from '../slack/lambda.js'
import { readBody } from '../slack/node.js'
import { createBrokerCore, type BrokerCore } from './broker.js'
import type { DispatchBrokerConfig } from './config.js'
import type { BrokerHttpRequest, BrokerHttpResponse } from './answer.js'
import { brokerConfigFromEnv } from './env.js'

export { brokerConfigFromEnv } from './env.js'
export type { DispatchBrokerConfig } from './config.js'
export type { BrokerApprovalConfig } from './config.js'
export type { BrokerHttpRequest, BrokerHttpResponse } from './answer.js'
export { MemoryBrokerStore } from './store.js'
export type { BrokerStore, BrokerRecord, StoredAnswer } from './store.js'
export { dynamoDbBrokerStore } from './dynamodb-store.js'
export type { DynamoDbBrokerStoreOptions } from './dynamodb-store.js'
export type * from '../model/broker-protocol.js'

/** Where Slack sends the clicks of the broker's approval messages (the Slack app's Interactivity URL). */
export const SLACK_ACTIONS_PATH = '/slack/actions'
/** A dispatch request is small: 64 KB of payload and a few fields. */
const MAX_BODY_BYTES = 128 * 1024

export interface DispatchBroker {
  handle(request: BrokerHttpRequest): Promise<BrokerHttpResponse>
  /** For node:http's createServer: never rejects. */
  node(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** For AWS Lambda behind a Function URL (and the Slack handler's own asynchronous work). */
  lambda(event: LambdaHttpEvent | WorkEvent): Promise<LambdaHttpResult | undefined>
}

const pathOf = (url: string | undefined): string => {
  try {
    return new URL(url ?? '/', 'http://broker').pathname
  } catch {
    return '/'
  }
}

/** The broker with both transports. Throws InputError at start-up for a bad configuration. */
export function createDispatchBroker(config: DispatchBrokerConfig): DispatchBroker {
  const core: BrokerCore = createBrokerCore(config)
  const slack: SlackApprovalHandler | undefined = core.approvals?.handler
  return {
    handle: request => core.handle(request),
    async node(req, res) {
      req.on('error', () => undefined)
      res.on('error', () => undefined)
      const path = pathOf(req.url)
      if (slack !== undefined && path === SLACK_ACTIONS_PATH) return slack.node(req, res)
      let rawBody: string
      try {
        rawBody = await readBody(req, MAX_BODY_BYTES)
      } catch (error) {
        core.log.warning(`Dropped a request: ${messageOf(error)}`)
        if (!res.headersSent) res.writeHead(413, { connection: 'close' }).end()
        return
      }
      try {
        const answer = await core.handle({ method: req.method ?? 'GET', path, headers: req.headers, rawBody })
        res.writeHead(answer.status, answer.headers).end(answer.body)
      } catch (error) {
        core.log.warning(`The broker failed unexpectedly: ${messageOf(error)}`)
        if (!res.headersSent) res.writeHead(500).end()
      }
    },
    async lambda(event) {
      if ((event as WorkEvent).source === 'app-dispatch.approval-work') return slack ? slack.lambda(event) : undefined
      const http = event as LambdaHttpEvent & { rawPath?: string; path?: string }
      const path = http.rawPath ?? http.path ?? '/'
      if (slack !== undefined && path === SLACK_ACTIONS_PATH) return slack.lambda(http)
      const rawBody = http.body == null ? '' : http.isBase64Encoded ? Buffer.from(http.body, 'base64').toString('utf8') : http.body
      if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return { statusCode: 413, headers: {}, body: '' }
      const method = http.requestContext?.http?.method ?? http.httpMethod ?? 'GET'
      const answer = await core.handle({ method, path, headers: http.headers ?? {}, rawBody })
      return { statusCode: answer.status, headers: answer.headers, body: answer.body }
    }
  }
}

let fromEnv: DispatchBroker | undefined

/** A ready Lambda handler configured from the environment: `export { lambdaHandler as handler } from 'app-dispatch/broker'`. */
export async function lambdaHandler(event: LambdaHttpEvent | WorkEvent): Promise<LambdaHttpResult | undefined> {
  fromEnv ??= createDispatchBroker(brokerConfigFromEnv())
  return fromEnv.lambda(event)
}
