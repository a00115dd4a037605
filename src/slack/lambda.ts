/**
 * AWS Lambda (Function URL, API Gateway HTTP or REST API). Lambda freezes a
 * function once it returns, so work cannot go on after the answer. Slack
 * wants its answer within 3 seconds, and a cold start plus a slow GitHub can
 * take longer. So, as Slack's Bolt for Python does with its "lazy
 * listeners", the function answers at once and hands the accepted work to an
 * asynchronous invocation of itself (InvocationType Event), which runs it
 * and updates the message. The handed-over work carries a ticket (an HMAC
 * under a key derived from the Slack signing secret, which requesting
 * pipelines never hold, expiring in minutes) so a direct invocation cannot
 * forge work; where it runs, the click's rules are checked again and the
 * approval's claim must be the click's own; and it claims the dispatch
 * again, so Lambda's retries of an async invocation cannot send twice. `@aws-sdk/client-lambda` is in every Lambda Node.js
 * runtime and is loaded only here.
 */
import { messageOf } from '../model/errors.js'
import type { AsyncInvokeConfig } from './config.js'
import type { ApprovalHandler, Work } from './types.js'

/** The parts of a Function URL / API Gateway (v1 or v2) event the handler reads. */
export interface LambdaHttpEvent {
  headers?: Record<string, string | undefined>
  body?: string | null
  isBase64Encoded?: boolean
  httpMethod?: string
  requestContext?: { http?: { method?: string } }
}

export interface LambdaHttpResult {
  statusCode: number
  headers: Record<string, string>
  body: string
}

/** The event of the asynchronous invocation that runs accepted work. */
export interface WorkEvent {
  source: 'app-dispatch.approval-work'
  work: Work
  ticket: string
}

const isWorkEvent = (event: unknown): event is WorkEvent => (event as WorkEvent | null)?.source === 'app-dispatch.approval-work'

const WORK_FIELDS = ['decision', 'value', 'user', 'channel', 'responseUrl', 'claimNonce'] as const

/** A work event carries work whose every field is a string, and a ticket. */
function wellFormed(event: WorkEvent): boolean {
  const work = (event as { work?: unknown }).work as Record<string, unknown> | null | undefined
  return (
    work !== null &&
    typeof work === 'object' &&
    WORK_FIELDS.every(field => typeof work[field] === 'string') &&
    typeof work['clickedAt'] === 'number' &&
    typeof (event as { ticket?: unknown }).ticket === 'string'
  )
}

type Invoke = (payload: WorkEvent) => Promise<void>

function invoker(config: AsyncInvokeConfig): Invoke {
  let loaded:
    | Promise<{ sdk: typeof import('@aws-sdk/client-lambda'); client: InstanceType<typeof import('@aws-sdk/client-lambda').LambdaClient> }>
    | undefined
  return async payload => {
    loaded ??= import('@aws-sdk/client-lambda').then(sdk => ({
      sdk,
      client:
        (config.client as InstanceType<typeof sdk.LambdaClient> | undefined) ??
        new sdk.LambdaClient({
          ...(config.endpoint ? { endpoint: config.endpoint } : {}),
          ...(config.region ? { region: config.region } : {})
        })
    }))
    const { sdk, client } = await loaded
    const answer = await client.send(
      new sdk.InvokeCommand({ FunctionName: config.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) })
    )
    if (answer.StatusCode !== 202) throw new Error(`Lambda answered ${answer.StatusCode ?? '?'} to the asynchronous invocation.`)
  }
}

export function lambdaAdapter(handler: ApprovalHandler): (event: LambdaHttpEvent | WorkEvent) => Promise<LambdaHttpResult | undefined> {
  const configured = handler.config.asyncInvoke
  const functionName = process.env['AWS_LAMBDA_FUNCTION_NAME']
  const asyncInvoke = configured === false ? undefined : (configured ?? (functionName ? { functionName } : undefined))
  const invoke = asyncInvoke ? invoker(asyncInvoke) : undefined

  return async event => {
    if (isWorkEvent(event)) {
      // Dropped, not thrown: a throw would make Lambda retry the invocation.
      if (!wellFormed(event)) {
        handler.log.warning('Dropped a work invocation without well-formed work and ticket.')
        return undefined
      }
      if (!handler.checkTicket(event.work, event.ticket)) {
        handler.log.warning("Refused a work invocation whose ticket is not this handler's, is for other work, or has expired.")
        return undefined
      }
      await handler.run(event.work)
      return undefined
    }
    const http = event
    const rawBody = http.body == null ? '' : http.isBase64Encoded ? Buffer.from(http.body, 'base64').toString('utf8') : http.body
    const method = http.requestContext?.http?.method ?? http.httpMethod ?? 'GET'
    try {
      const { response, work } = await handler.handle({ method, headers: http.headers ?? {}, rawBody })
      if (work) {
        if (invoke) {
          try {
            await invoke({ source: 'app-dispatch.approval-work', work, ticket: handler.ticket(work) })
          } catch (error) {
            // Could not hand it over: do it here rather than lose an approved dispatch.
            handler.log.warning(`Could not hand the work to an asynchronous invocation (${messageOf(error)}); running it before answering.`)
            await handler.run(work)
          }
        } else {
          await handler.run(work)
        }
      }
      return { statusCode: response.status, headers: response.headers, body: response.body }
    } catch (error) {
      handler.log.warning(`The approval handler failed unexpectedly: ${messageOf(error)}`)
      return { statusCode: 500, headers: {}, body: '' }
    }
  }
}
