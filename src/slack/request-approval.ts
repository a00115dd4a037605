/**
 * Posting an approval request from a pipeline: chat.postMessage with the
 * signed approval message, then chat.getPermalink for a link to it.
 *
 * Plain fetch rather than @slack/web-api: two calls, and the official client
 * would add axios, p-queue, form-data and more to every install of this
 * package. What the client would give us is here: Slack's `ok: false` errors
 * and 429 Retry-After handling.
 */
import { AppDispatchError, messageOf } from '../model/errors.js'
import { realClock, type Clock } from '../util/clock.js'
import { approvalMessage, type ApprovalMessageOptions } from './message.js'

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api'
/** Retries of a rate-limited call before giving up. */
const MAX_RATE_LIMIT_RETRIES = 3
const MAX_RETRY_AFTER_SECONDS = 60

export class SlackApiError extends AppDispatchError {
  override readonly name = 'SlackApiError'
  constructor(
    readonly method: string,
    /** Slack's error (`channel_not_found`, `not_in_channel`, `invalid_auth`, …), an HTTP status, or `network`. */
    readonly slackError: string,
    message: string
  ) {
    super('slack-api', message)
  }
}

export interface RequestApprovalOptions extends ApprovalMessageOptions {
  /** A bot token (xoxb-…) with chat:write. */
  token: string
  /** Channel ID (C…) to post in; the bot must be a member. */
  channel: string
  /** Default https://slack.com/api (tests: a local stand-in). */
  slackApiUrl?: string | undefined
  signal?: AbortSignal | undefined
}

export interface RequestApprovalResult {
  approvalId: string
  channel: string
  ts: string
  /** A link to the message, when Slack gave one. */
  permalink: string | undefined
  expiresAt: number
}

const ADVICE: Record<string, string> = {
  not_in_channel: 'Invite the bot to the channel (/invite @your-app).',
  channel_not_found: 'Check the channel ID (C…), and that the bot can see the channel.',
  invalid_auth: 'The token is not valid: use the bot token (xoxb-…) from OAuth & Permissions.',
  not_authed: 'No token was sent: set the bot token.',
  missing_scope: 'Add the chat:write scope to the Slack app and reinstall it.',
  account_inactive: 'The token belongs to a deleted user or an uninstalled app.'
}

/** A Web API call: write methods take a JSON body; read methods (`get: true`) take the query string. */
async function call(
  options: RequestApprovalOptions,
  clock: Clock,
  method: string,
  body: Record<string, unknown>,
  get = false
): Promise<Record<string, unknown>> {
  const base = `${(options.slackApiUrl ?? DEFAULT_SLACK_API_URL).replace(/\/+$/, '')}/${method}`
  const url = get ? `${base}?${new URLSearchParams(body as Record<string, string>).toString()}` : base
  for (let attempt = 0; ; attempt++) {
    let response: Response
    try {
      response = await fetch(url, {
        method: get ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${options.token}`, ...(get ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
        ...(get ? {} : { body: JSON.stringify(body) }),
        signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000)
      })
    } catch (error) {
      throw new SlackApiError(method, 'network', `Could not reach Slack's API for ${method}: ${messageOf(error)}`)
    }
    if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
      const wait = Math.min(Number(response.headers.get('retry-after') ?? '1') || 1, MAX_RETRY_AFTER_SECONDS)
      await response.body?.cancel()
      await clock.sleep(wait * 1000, options.signal)
      continue
    }
    let data: Record<string, unknown>
    try {
      data = (await response.json()) as Record<string, unknown>
    } catch {
      throw new SlackApiError(method, String(response.status), `Slack answered ${response.status} to ${method} without JSON.`)
    }
    if (data['ok'] !== true) {
      const code = typeof data['error'] === 'string' ? data['error'] : String(response.status)
      throw new SlackApiError(method, code, `Slack refused ${method}: ${code}.${ADVICE[code] ? ` ${ADVICE[code]}` : ''}`)
    }
    return data
  }
}

/** Posts the approval request; resolves with the approval id and a link to the message. */
export function requestApproval(options: RequestApprovalOptions): Promise<RequestApprovalResult> {
  return postApprovalRequest(options, realClock)
}

/**
 * requestApproval, with the clock its rate-limit waits use (util/clock.ts). requestApproval (the
 * library's and the CLI's) waits in real time; tests pass a virtual clock. Not a public option.
 */
export async function postApprovalRequest(options: RequestApprovalOptions, clock: Clock): Promise<RequestApprovalResult> {
  const message = approvalMessage(options)
  const posted = await call(options, clock, 'chat.postMessage', {
    channel: options.channel,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false
  })
  const channel = typeof posted['channel'] === 'string' ? posted['channel'] : options.channel
  const ts = typeof posted['ts'] === 'string' ? posted['ts'] : ''
  let permalink: string | undefined
  try {
    const link = await call(options, clock, 'chat.getPermalink', { channel, message_ts: ts }, true)
    permalink = typeof link['permalink'] === 'string' ? link['permalink'] : undefined
  } catch {
    permalink = undefined // the message is posted; a missing link is not worth failing for
  }
  return { approvalId: message.approvalId, channel, ts, permalink, expiresAt: message.expiresAt }
}
