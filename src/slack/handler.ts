/**
 * The Slack approval button handler: verifies the click came from Slack,
 * checks who clicked and where, turns the button's value into a dispatch,
 * answers Slack at once and updates the message with the outcome through
 * the click's response_url.
 *
 * One core (`handle`) and two thin adapters: an AWS Lambda handler (Function
 * URL or API Gateway) and a plain Node HTTP request handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { InputError, messageOf } from '../errors.js'
import { parseAppId } from '../inputs.js'
import { dispatch, failureMessage, type DispatchOptions, type Logger } from '../lib.js'
import { normalizePrivateKey } from '../private-key.js'
import { APPROVE_ACTION_ID, REJECT_ACTION_ID, decodeButtonValue, outcomeMessage } from './message.js'
import { SlackRequestError, verifySlackSignature } from './signature.js'

export interface SlackApprovalConfig {
  /** The GitHub App's ID or Client ID, and its private key (PEM, literal \n or base64). */
  appId: string | number
  privateKey: string
  /** The Slack app's signing secret (Basic Information → App Credentials). */
  signingSecret: string
  /** Slack user IDs (U…) allowed to approve. */
  allowedUsers: string[]
  /** When set, clicks are accepted only in these channel IDs (C…). */
  allowedChannels?: string[]
  /** GitHub REST API URL; default https://api.github.com. */
  apiUrl?: string
  /** Where replies may be posted; default Slack's own https://hooks.slack.com/ only. */
  responseUrlPattern?: RegExp
  logger?: Partial<Logger>
  /** Test seam: the clock, in seconds. */
  now?: () => number
}

export interface SlackRequest {
  method: string
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>
  rawBody: string
}

export interface SlackResponse {
  status: number
  headers: Record<string, string>
  body: string
}

interface Handled {
  response: SlackResponse
  /** Work that goes on after Slack has its answer (the dispatch and the message update). */
  after?: () => Promise<void>
}

const SLACK_HOOKS = /^https:\/\/hooks\.slack\.com\//
const MAX_BODY_BYTES = 1024 * 1024

const reply = (status: number, body = ''): SlackResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body })

/** Slack mrkdwn needs &, < and > escaped. */
const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function header(headers: SlackRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name)
  const value = key === undefined ? undefined : headers[key]
  return Array.isArray(value) ? value[0] : value
}

interface BlockActionsPayload {
  type?: string
  user?: { id?: string }
  channel?: { id?: string }
  response_url?: string
  actions?: Array<{ action_id?: string; value?: string }>
}

export function createSlackApprovalHandler(config: SlackApprovalConfig): {
  handle: (request: SlackRequest) => Handled
  node: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  lambda: (event: LambdaHttpEvent) => Promise<LambdaHttpResult>
} {
  // Fail at start-up, not on the first click.
  if (!config.signingSecret) throw new InputError('signingSecret', 'is required: the Slack app\'s signing secret.')
  if (!config.allowedUsers?.length) throw new InputError('allowedUsers', 'is empty: nobody could approve. List the Slack user IDs (U…) allowed to.')
  parseAppId(String(config.appId))
  normalizePrivateKey(config.privateKey)
  const log = { info: config.logger?.info ?? (() => undefined), warning: config.logger?.warning ?? (() => undefined) }
  const responseUrlPattern = config.responseUrlPattern ?? SLACK_HOOKS
  const allowedUsers = new Set(config.allowedUsers)
  const allowedChannels = config.allowedChannels?.length ? new Set(config.allowedChannels) : undefined

  async function postToSlack(responseUrl: string, text: string): Promise<void> {
    try {
      const response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(outcomeMessage(text)),
        signal: AbortSignal.timeout(10_000)
      })
      if (!response.ok) log.warning(`Slack answered ${response.status} to the message update.`)
    } catch (error) {
      log.warning(`Could not update the Slack message: ${messageOf(error)}`)
    }
  }

  function handle(request: SlackRequest): Handled {
    if (request.method.toUpperCase() !== 'POST') return { response: reply(405, 'POST only.') }
    try {
      verifySlackSignature(
        config.signingSecret,
        {
          timestamp: header(request.headers, 'x-slack-request-timestamp'),
          signature: header(request.headers, 'x-slack-signature'),
          rawBody: request.rawBody
        },
        config.now?.()
      )
    } catch (error) {
      const status = error instanceof SlackRequestError ? error.status : 401
      log.warning(`Refused a Slack request: ${messageOf(error)}`)
      return { response: reply(status, messageOf(error)) }
    }
    // Slack re-sends a click it thinks went unanswered; the first delivery is
    // being (or was) handled, so a retry must not dispatch a second time.
    if (header(request.headers, 'x-slack-retry-num') !== undefined) return { response: reply(200) }

    let payload: BlockActionsPayload
    try {
      const form = new URLSearchParams(request.rawBody)
      payload = JSON.parse(form.get('payload') ?? '') as BlockActionsPayload
      if (payload === null || typeof payload !== 'object') throw new Error('not an object')
    } catch {
      return { response: reply(400, 'Expected a form field "payload" holding Slack\'s interaction JSON.') }
    }
    const action = payload.actions?.[0]
    if (payload.type !== 'block_actions' || (action?.action_id !== APPROVE_ACTION_ID && action?.action_id !== REJECT_ACTION_ID)) {
      return { response: reply(400, 'Not an app-dispatch approval click.') }
    }
    const user = payload.user?.id ?? ''
    if (!allowedUsers.has(user)) {
      log.warning(`Slack user ${user || '(none)'} is not allowed to approve.`)
      return { response: reply(403, 'You are not allowed to approve this.') }
    }
    const channel = payload.channel?.id ?? ''
    if (allowedChannels && !allowedChannels.has(channel)) {
      log.warning(`Approval clicked in channel ${channel || '(none)'}, which is not allowed.`)
      return { response: reply(403, 'Approvals are not accepted in this channel.') }
    }
    const responseUrl = payload.response_url ?? ''
    if (!responseUrlPattern.test(responseUrl)) return { response: reply(400, 'The click has no usable response_url.') }
    let pending: ReturnType<typeof decodeButtonValue>
    try {
      pending = decodeButtonValue(action.value)
    } catch (error) {
      return { response: reply(400, `The button's value is not a valid dispatch: ${messageOf(error)}`) }
    }

    const what = `\`${escapeMrkdwn(pending.eventType)}\` to \`${escapeMrkdwn(pending.repository)}\``
    if (action.action_id === REJECT_ACTION_ID) {
      log.info(`${user} rejected ${pending.eventType} to ${pending.repository}.`)
      return { response: reply(200), after: () => postToSlack(responseUrl, `:no_entry: Rejected by <@${user}>: ${what} was not sent.`) }
    }
    const options: DispatchOptions = {
      appId: config.appId,
      privateKey: config.privateKey,
      repository: pending.repository,
      eventType: pending.eventType,
      clientPayload: pending.clientPayloadJson,
      apiUrl: config.apiUrl,
      logger: config.logger
    }
    return {
      response: reply(200),
      after: async () => {
        // The channel gets a short outcome; details (App ID, URLs, GitHub's or
        // the network's wording, internal host names) go to the function's log only.
        let failure: string | undefined
        try {
          failure = failureMessage(await dispatch(options))
        } catch (error) {
          failure = messageOf(error)
        }
        const text =
          failure === undefined
            ? `:white_check_mark: Approved by <@${user}>: dispatched ${what}.`
            : `:warning: Approved by <@${user}>, but the dispatch of ${what} failed. The details are in the approval function's log.`
        log.info(text)
        if (failure !== undefined) log.warning(`The dispatch of ${pending.eventType} to ${pending.repository} approved by ${user} failed: ${failure}`)
        await postToSlack(responseUrl, text)
      }
    }
  }

  /** Plain Node: answers Slack first, then dispatches and updates the message. */
  async function node(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end('Too large.')
        return
      }
      chunks.push(chunk)
    }
    const { response, after } = handle({ method: req.method ?? 'GET', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') })
    res.writeHead(response.status, response.headers).end(response.body)
    await after?.()
  }

  /**
   * AWS Lambda (Function URL, API Gateway HTTP or REST API). Lambda freezes
   * once the handler returns, so the dispatch finishes before the answer:
   * four short requests, well inside Slack's 3 seconds.
   */
  async function lambda(event: LambdaHttpEvent): Promise<LambdaHttpResult> {
    const rawBody = event.body == null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
    const method = event.requestContext?.http?.method ?? event.httpMethod ?? 'GET'
    const { response, after } = handle({ method, headers: event.headers ?? {}, rawBody })
    await after?.()
    return { statusCode: response.status, headers: response.headers, body: response.body }
  }

  return { handle, node, lambda }
}

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

/** Configuration from the function's environment (see README). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SlackApprovalConfig {
  const list = (value: string | undefined): string[] =>
    (value ?? '')
      .split(',')
      .map(item => item.trim())
      .filter(Boolean)
  return {
    appId: env['GITHUB_APP_ID'] ?? '',
    privateKey: env['GITHUB_APP_PRIVATE_KEY'] ?? '',
    signingSecret: env['SLACK_SIGNING_SECRET'] ?? '',
    allowedUsers: list(env['SLACK_ALLOWED_USERS']),
    allowedChannels: list(env['SLACK_ALLOWED_CHANNELS']),
    apiUrl: env['GITHUB_API_URL'],
    logger: { info: line => console.log(line), warning: line => console.warn(line) }
  }
}

let fromEnv: ReturnType<typeof createSlackApprovalHandler> | undefined

/** A ready Lambda handler configured from the environment: `export { lambdaHandler as handler }`. */
export async function lambdaHandler(event: LambdaHttpEvent): Promise<LambdaHttpResult> {
  fromEnv ??= createSlackApprovalHandler(configFromEnv())
  return fromEnv.lambda(event)
}
