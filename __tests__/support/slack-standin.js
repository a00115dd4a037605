// @ts-check
/**
 * A local stand-in for Slack's side: the Web API methods the request step
 * calls (chat.postMessage, chat.getPermalink) and the response_url the
 * handler posts outcomes to. Records everything; can answer `ok: false` or
 * 429 with Retry-After on demand.
 */
import { createServer } from 'node:http'
import { closeServer, listenLocal } from '../../emulator/local-server.js'
import { waitUntil } from './wait-until.js'

export class SlackStandIn {
  constructor() {
    /** @type {Array<{ method: string, token: string, body: Record<string, unknown>, receivedAt: number }>} */
    this.calls = []
    /** @type {Array<Record<string, unknown>>} */
    this.replies = []
    /** @type {Array<{ status?: number, error?: string, retryAfter?: number }>} queued answers for the next Web API calls */
    this.faults = []
    /** @type {string | undefined} a permalink to answer chat.getPermalink with (hostile-value tests) */
    this.permalink = undefined
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => {
      let text = ''
      req.on('data', chunk => (text += chunk))
      req.on('end', () => this.handle(req, res, text))
    })
    this.url = await listenLocal(this.server)
    return this.url
  }

  async stop() {
    await closeServer(this.server)
    this.server = undefined
  }

  /** A response_url for one message. */
  responseUrl() {
    return `${this.url}/actions/T0001/B${Math.floor(Math.random() * 1e9)}/reply`
  }

  /** Resolves once `count` replies have arrived; throws if they do not within `timeoutMs`. @param {number} count @param {number} [timeoutMs] */
  async waitForReplies(count, timeoutMs = 15_000) {
    await waitUntil(`${count} replies to the response_url`, () => this.replies.length >= count, { timeoutMs })
    return this.replies
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} text
   */
  handle(req, res, text) {
    const url = new URL(req.url ?? '/', this.url)
    if (url.pathname.startsWith('/actions/')) {
      this.replies.push(JSON.parse(text))
      res.writeHead(200).end('ok')
      return
    }
    const method = url.pathname.replace(/^\/api\//, '').replace(/^\//, '')
    const body = req.method === 'GET' ? Object.fromEntries(url.searchParams) : JSON.parse(text || '{}')
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '')
    this.calls.push({ method, token, body, receivedAt: Date.now() })
    const fault = this.faults.shift()
    const json = (/** @type {number} */ status, /** @type {unknown} */ data, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(data))
    }
    if (fault?.retryAfter !== undefined) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) })
    if (fault?.error) return json(fault.status ?? 200, { ok: false, error: fault.error })
    if (!token.startsWith('xoxb-')) return json(200, { ok: false, error: 'invalid_auth' })
    if (method === 'chat.postMessage')
      return json(200, { ok: true, channel: body['channel'], ts: `${Date.now() / 1000}`, message: { text: body['text'] } })
    if (method === 'chat.getPermalink')
      return json(200, {
        ok: true,
        channel: body['channel'],
        permalink: this.permalink ?? `https://example.slack.com/archives/${body['channel']}/p${String(body['message_ts']).replace('.', '')}`
      })
    return json(200, { ok: false, error: 'unknown_method' })
  }
}
