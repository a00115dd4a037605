// @ts-check
/**
 * A local stand-in for Slack's side: the Web API methods the request step
 * calls (chat.postMessage, chat.getPermalink) and the response_url the
 * handler posts outcomes to. Records everything; can answer `ok: false` or
 * 429 with Retry-After on demand. `npm run emulator` runs one (its `slack`
 * scenario advertises the Web API as SLACK_API_URL) and the tests another;
 * waitForReplies() lets a test wait for the handler's outcomes.
 *
 * Beside Slack's own methods, `GET /local/messages/latest` answers the last
 * message posted, with a response_url for it, so a click can be sent on it
 * (scripts/slack-click.js --posted).
 */
import { createServer } from 'node:http'
import { closeServer, listenLocal } from './local-server.js'

/**
 * @typedef {{ channel: string, ts: string, text: string, blocks: unknown[], responseUrl: string }} PostedMessage
 */

export class SlackStandIn {
  /** @param {{ log?: (line: string) => void }} [options] reports each message posted and each update */
  constructor(options = {}) {
    this.log = options.log ?? (() => {})
    /** @type {Array<{ method: string, token: string, body: Record<string, unknown>, receivedAt: number }>} */
    this.calls = []
    /** @type {Array<Record<string, unknown>>} */
    this.replies = []
    /** @type {PostedMessage[]} */
    this.messages = []
    /** @type {Array<{ status?: number, error?: string, retryAfter?: number }>} queued answers for the next Web API calls */
    this.faults = []
    /** @type {string | undefined} a permalink to answer chat.getPermalink with (hostile-value tests) */
    this.permalink = undefined
    /** @type {Array<{ count: number, resolve: (replies: Array<Record<string, unknown>>) => void }>} waitForReplies() callers */
    this.waiting = []
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

  /**
   * Resolves with the replies once `count` have arrived at response_urls; throws if they do not within `timeoutMs`.
   * Woken by each reply rather than polling. @param {number} count @param {number} [timeoutMs]
   * @returns {Promise<Array<Record<string, unknown>>>}
   */
  waitForReplies(count, timeoutMs = 15_000) {
    if (this.replies.length >= count) return Promise.resolve(this.replies)
    return new Promise((resolve, reject) => {
      const waiter = {
        count,
        resolve: (/** @type {Array<Record<string, unknown>>} */ replies) => {
          clearTimeout(timer)
          resolve(replies)
        }
      }
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter(w => w !== waiter)
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} replies to the response_url (${this.replies.length} came)`))
      }, timeoutMs)
      this.waiting.push(waiter)
    })
  }

  /** The Web API's base URL, as SLACK_API_URL takes it. */
  get apiUrl() {
    return `${this.url}/api`
  }

  /** A response_url for one message. */
  responseUrl() {
    return `${this.url}/actions/T0001/B${Math.floor(Math.random() * 1e9)}/reply`
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} text
   */
  handle(req, res, text) {
    const url = new URL(req.url ?? '/', this.url)
    const json = (/** @type {number} */ status, /** @type {unknown} */ data, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(data))
    }
    if (url.pathname.startsWith('/actions/')) return this.reply(res, text)
    if (url.pathname === '/local/messages/latest') {
      const latest = this.messages[this.messages.length - 1]
      return latest ? json(200, latest) : json(404, { error: 'no message has been posted yet' })
    }
    const method = url.pathname.replace(/^\/api\//, '').replace(/^\//, '')
    const body = req.method === 'GET' ? Object.fromEntries(url.searchParams) : parsed(text)
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '')
    this.calls.push({ method, token, body, receivedAt: Date.now() })
    const fault = this.faults.shift()
    if (fault?.retryAfter !== undefined) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) })
    if (fault?.error) return json(fault.status ?? 200, { ok: false, error: fault.error })
    if (!token.startsWith('xoxb-')) return json(200, { ok: false, error: 'invalid_auth' })
    if (method === 'chat.postMessage') return json(200, this.post(body))
    if (method === 'chat.getPermalink')
      return json(200, {
        ok: true,
        channel: body['channel'],
        permalink: this.permalink ?? `https://example.slack.com/archives/${body['channel']}/p${String(body['message_ts']).replace('.', '')}`
      })
    return json(200, { ok: false, error: 'unknown_method' })
  }

  /** chat.postMessage: keeps the message (and a response_url for clicks on it). @param {Record<string, unknown>} body */
  post(body) {
    const channel = String(body['channel'] ?? '')
    const ts = `${Date.now() / 1000}`
    const text = String(body['text'] ?? '')
    this.messages.push({ channel, ts, text, blocks: Array.isArray(body['blocks']) ? body['blocks'] : [], responseUrl: this.responseUrl() })
    this.log(`Slack message posted to ${channel}: ${JSON.stringify(text)}`)
    return { ok: true, channel, ts, message: { text } }
  }

  /** A post to a response_url: the handler's outcome. @param {import('node:http').ServerResponse} res @param {string} text */
  reply(res, text) {
    const reply = parsed(text)
    this.replies.push(reply)
    res.writeHead(200).end('ok')
    const ready = this.waiting.filter(w => this.replies.length >= w.count)
    this.waiting = this.waiting.filter(w => this.replies.length < w.count)
    for (const waiter of ready) waiter.resolve(this.replies)
    this.log(`Slack message updated: ${JSON.stringify(typeof reply['text'] === 'string' ? reply['text'] : text)}`)
  }
}

/** A JSON object from a body; anything else as `{ text }`. @param {string} text @returns {Record<string, unknown>} */
function parsed(text) {
  try {
    const value = JSON.parse(text || '{}')
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { text }
  } catch {
    return { text }
  }
}
