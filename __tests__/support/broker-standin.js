// @ts-check
/**
 * A stand-in of the dispatch broker's wire protocol (src/model/broker-protocol.ts),
 * for the step's side: a real HTTP server on 127.0.0.1 that records every
 * request (headers, body, the bearer token's claims), checks the OIDC token
 * as the broker does (RS256 signature with the runner's key, audience, a jti
 * seen once), keys requests by (repository, distinct_id) and answers a repeat
 * with the first answer. Unless a scripted answer comes first, it dispatches
 * for real on the GitHub emulator with the App (installation lookup, a token
 * scoped to the one repository, the dispatch, revocation) and, when the
 * request asks to wait and `waitAllowed`, mints a token limited to
 * `actions: read` on that repository for the step to wait with.
 *
 * `script` is a queue consumed one request at a time:
 *   { drop: true }               dispatch (or replay), record, then drop the connection: a lost answer
 *   { status, body }             answer this instead, dispatch nothing
 *   (request) => step            decide per request (return one of the above, or undefined for the default)
 */
import { createServer } from 'node:http'
import { createSign, createVerify } from 'node:crypto'
import { closeServer, listenLocal } from '../../emulator/local-server.js'

/**
 * @typedef {{ headers: import('node:http').IncomingHttpHeaders, rawBody: string, body: Record<string, unknown>, token: string, claims: Record<string, unknown> }} BrokerRequest
 * @typedef {{ drop?: boolean, status?: number, body?: unknown }} ScriptStep
 */

/** @param {string} text */
const b64json = text => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))

export class BrokerStandIn {
  /**
   * @param {{
   *   oidcPublicKey: import('node:crypto').KeyObject | string,
   *   github?: { gh: import('../../emulator/github-emulator.js').GitHubEmulator, app: { id: number, privateKey: string } },
   *   audience?: string,
   * }} options
   */
  constructor(options) {
    this.oidcPublicKey = options.oidcPublicKey
    this.github = options.github
    /** The audience tokens must carry; default: the stand-in's origin. */
    this.audience = options.audience
    /** false: the policy's rule does not allow waiting, so no read token is handed out. */
    this.waitAllowed = true
    /** @type {BrokerRequest[]} */
    this.requests = []
    /** @type {Array<ScriptStep | ((request: BrokerRequest) => ScriptStep | undefined)>} */
    this.script = []
    /** @type {Map<string, Record<string, unknown>>} first answers, keyed by lower-case repository and distinct_id */
    this.answers = new Map()
    /** @type {Set<string>} */
    this.jtis = new Set()
    /** @type {string[]} read tokens handed out */
    this.readTokens = []
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(error => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: 'broker-error', message: `stand-in bug: ${error}` }))
      })
    })
    this.url = await listenLocal(this.server)
    return this.url
  }

  async stop() {
    this.server?.closeAllConnections()
    await closeServer(this.server)
    this.server = undefined
  }

  reset() {
    this.requests.length = 0
    this.script.length = 0
    this.answers.clear()
    this.waitAllowed = true
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    let rawBody = ''
    for await (const chunk of req) rawBody += chunk
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
    /** @type {Record<string, unknown>} */
    let claims = {}
    try {
      claims = b64json(token.split('.')[1] ?? '')
    } catch {
      // recorded as {}; refused below
    }
    /** @type {any} */
    let body
    try {
      body = JSON.parse(rawBody)
    } catch {
      body = undefined
    }
    /** @type {BrokerRequest} */
    const request = { headers: req.headers, rawBody, body, token, claims }
    this.requests.push(request)
    const send = (/** @type {number} */ status, /** @type {unknown} */ answer) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
    if (req.method !== 'POST' || req.url !== '/dispatch') return send(404, { error: 'bad-request', message: 'POST /dispatch' })
    const refusal = this.checkToken(token, claims)
    if (refusal) return send(401, { error: 'unauthenticated', message: refusal })
    const next = this.script.shift()
    const step = typeof next === 'function' ? next(request) : next
    if (step?.status !== undefined) return send(step.status, step.body)
    if (!body || typeof body.repository !== 'string' || typeof body.distinct_id !== 'string') {
      return send(400, { error: 'bad-request', message: 'repository and distinct_id are required' })
    }
    const key = `${body.repository.toLowerCase()}|${body.distinct_id}`
    const first = this.answers.get(key)
    const answer = first ? { ...first, replayed: true } : await this.dispatch(body)
    if (!first) this.answers.set(key, answer)
    if (step?.drop) return void req.socket.destroy()
    send(answer['dispatched'] === 'pending-approval' ? 202 : 200, answer)
  }

  /** @param {string} token @param {Record<string, unknown>} claims @returns {string | undefined} why it is refused */
  checkToken(token, claims) {
    const [header, payload, signature] = token.split('.')
    if (!header || !payload || !signature) return 'no bearer token'
    const valid = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(this.oidcPublicKey, Buffer.from(signature, 'base64url'))
    if (!valid) return 'bad signature'
    const audience = this.audience ?? new URL(this.url).origin
    if (claims['aud'] !== audience) return `aud is ${String(claims['aud'])}, not ${audience}`
    if (typeof claims['jti'] !== 'string' || this.jtis.has(claims['jti'])) return 'this token was used before'
    this.jtis.add(claims['jti'])
    return undefined
  }

  /** A real dispatch on the emulator (or, without one, an answer alone). @param {any} body */
  async dispatch(body) {
    const event = body.event_type ?? body.workflow
    const base = { repository: body.repository, event, distinct_id: body.distinct_id, replayed: false }
    if (!this.github) return { ...base, dispatched: true, installation_id: 1 }
    const [owner, repo] = String(body.repository).split('/')
    const installation = await this.app('GET', `/repos/${owner}/${repo}/installation`)
    const write = body.workflow ? { actions: 'write' } : { contents: 'write' }
    const token = await this.app('POST', `/app/installations/${installation.id}/access_tokens`, {
      repositories: [repo],
      permissions: write
    })
    if (body.workflow) {
      await this.withToken(token.token, 'POST', `/repos/${owner}/${repo}/actions/workflows/${body.workflow}/dispatches`, {
        ref: body.ref ?? 'main',
        inputs: { ...body.inputs, distinct_id: body.distinct_id }
      })
    } else {
      await this.withToken(token.token, 'POST', `/repos/${owner}/${repo}/dispatches`, {
        event_type: body.event_type,
        client_payload: { ...body.client_payload, distinct_id: body.distinct_id }
      })
    }
    await this.withToken(token.token, 'DELETE', '/installation/token')
    /** @type {Record<string, unknown>} */
    const answer = { ...base, dispatched: true, installation_id: installation.id }
    if (body.wait === true && this.waitAllowed) {
      const read = await this.app('POST', `/app/installations/${installation.id}/access_tokens`, {
        repositories: [repo],
        permissions: { actions: 'read' }
      })
      this.readTokens.push(read.token)
      answer['read_token'] = {
        token: read.token,
        expires_at: read.expires_at,
        repository: body.repository,
        permissions: { actions: 'read' }
      }
    }
    return answer
  }

  /** A request to the emulator as the App (an RS256 JWT). @param {string} method @param {string} path @param {unknown} [body] */
  app(method, path, body) {
    const github = /** @type {NonNullable<BrokerStandIn['github']>} */ (this.github)
    const now = Math.floor(Date.now() / 1000)
    const part = (/** @type {unknown} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: String(github.app.id), iat: now - 60, exp: now + 540 })}`
    const jwt = `${input}.${createSign('RSA-SHA256').update(input).sign(github.app.privateKey).toString('base64url')}`
    return this.request(`Bearer ${jwt}`, method, path, body)
  }

  /** @param {string} token @param {string} method @param {string} path @param {unknown} [body] */
  withToken(token, method, path, body) {
    return this.request(`token ${token}`, method, path, body)
  }

  /** @param {string} authorization @param {string} method @param {string} path @param {unknown} [body] */
  async request(authorization, method, path, body) {
    const github = /** @type {NonNullable<BrokerStandIn['github']>} */ (this.github)
    const response = await globalThis.fetch(`${github.gh.url}${path}`, {
      method,
      headers: { authorization, accept: 'application/vnd.github+json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {})
    })
    const text = await response.text()
    if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`)
    return text ? JSON.parse(text) : {}
  }
}
