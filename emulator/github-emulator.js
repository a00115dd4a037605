// @ts-check
/**
 * A GitHub REST API emulator for tests, demos and benchmarks: a real HTTP
 * server on 127.0.0.1 (random port) that implements the endpoints app-dispatch
 * uses the way GitHub documents them, records every request, and injects
 * latency and faults per endpoint.
 *
 * Plain JavaScript (checked by tsc through JSDoc) so `npm run demo` and
 * `npm run bench` can use it without a compile step.
 */
import { createServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createHash, randomBytes, verify } from 'node:crypto'
import { BlobStorage } from './blob-storage.js'
import * as versions from './api-versions.js'
import { keyPair } from './test-keys.js'
import { findRoute, ROUTES } from './github-routes.js'
import { DOCS, HttpError } from './http-error.js'

/**
 * @typedef {'read' | 'write'} Level
 * @typedef {Record<string, Level>} Permissions
 * @typedef {{ id: number, clientId: string, slug: string, privateKey: string, publicKey: import('node:crypto').KeyObject }} App
 * @typedef {{ id: number, appId: number, account: string, repositories: string[] | 'all', permissions: Permissions, suspended: boolean }} Installation
 * @typedef {{ token: string, installationId: number, repositories: string[], permissions: Permissions, expiresAt: number, revoked: boolean }} IssuedToken
 * @typedef {{ status: number, headers?: Record<string, string>, body?: unknown, afterProcessing?: boolean }} StatusFault
 * @typedef {{ reset: true, afterProcessing?: boolean }} ResetFault
 * @typedef {{ hang: true, afterProcessing?: boolean }} HangFault the answer never comes (the client's timeout ends it)
 * @typedef {(StatusFault | ResetFault | HangFault) & { times?: number, delayMs?: number }} Fault
 * @typedef {{
 *   method: string, path: string, route: string, query: Record<string, string>,
 *   headers: import('node:http').IncomingHttpHeaders, auth: 'jwt' | 'token' | 'none',
 *   rawBody: string, body: unknown, status: number | 'reset' | 'abandoned' | 'hung', receivedAt: number, clockAt: number, connection: number,
 *   apiVersion: string
 * }} RecordedRequest
 * @typedef {{ repository: string, event_type: string, client_payload: unknown, rawBody: string, token: string }} Dispatch
 * @typedef {{ owner: string, name: string, id: number, defaultBranch: string, refs: string[] }} Repository
 * @typedef {{ queuedMs: number, runMs: number, conclusion: string }} Lifecycle
 * @typedef {{
 *   id: number, repository: string, file: string, name: string, dispatchable: boolean,
 *   inputs: Record<string, { required?: boolean }>, types: string[] | undefined, runName: string | undefined,
 *   lifecycle: Lifecycle, artifacts: ((run: WorkflowRun) => RunArtifact[]) | undefined, jobs: ((run: WorkflowRun) => RunJob[]) | undefined
 * }} Workflow
 * @typedef {import('./run-jobs.js').RunArtifact} RunArtifact
 * @typedef {import('./run-jobs.js').RunJob} RunJob
 * @typedef {{
 *   id: number, runNumber: number, repository: string, workflowId: number | undefined, event: string, display_title: string,
 *   head_branch: string, created: number, lifecycle: Lifecycle, inputs: unknown,
 *   artifacts: Array<RunArtifact & { id: number }>, jobs: Array<RunJob & { id: number }>, cancelRequested: boolean
 * }} WorkflowRun
 */

export { ROUTES }

export class GitHubEmulator {
  /** @param {{ latencyMs?: number, now?: () => number }} [options] */
  constructor(options = {}) {
    /** The time source (ms since the epoch) the emulator's clock runs on: a test's virtual clock, or real time. */
    this.timeSource = options.now ?? (() => Date.now())
    /** Injected latency for every request, in ms, unless a route has its own. */
    this.latencyMs = options.latencyMs ?? 0
    /** @type {Map<string, number>} */
    this.routeLatency = new Map()
    /** Seconds to add to the emulator's clock (to test clock skew). */
    this.clockOffsetSeconds = 0
    /** @type {Map<number, App>} */
    this.apps = new Map()
    /** Apps made so far: the next one takes the next key slot, so no two share a key. */
    this.appsCreated = 0
    /** @type {Map<number, Installation>} */
    this.installations = new Map()
    /** @type {Map<string, Repository>} keyed by lower-case full name */
    this.repositories = new Map()
    /** @type {Workflow[]} */
    this.workflows = []
    /** @type {WorkflowRun[]} */
    this.runs = []
    /** false: behave like GitHub Enterprise Server before 3.21, which rejects return_run_details. */
    this.supportsRunDetails = true
    /** Lifetime of installation tokens, in seconds (GitHub: one hour). */
    this.tokenLifetimeSeconds = 3600
    /** REST API versions answered; others get a 400 (['2022-11-28']: a GitHub Enterprise Server before 3.21). */
    this.apiVersions = [...versions.CLOUD_VERSIONS]
    /** Issue stateless `ghs_<APPID>_<JWT>` tokens (GHE Cloud since 2026-04-27); the X-GitHub-Stateless-S2S-Token header overrides it per request. */
    this.statelessTokens = false
    /** false: `DELETE /installation/token` answers 422 for a stateless token, which stays valid until it expires. */
    this.revokesStatelessTokens = true
    /** Requests that counted against the rate limit, per installation (304s do not). */
    /** @type {Map<number, number>} */
    this.rateLimitSpent = new Map()
    /** @type {Map<string, IssuedToken>} */
    this.tokens = new Map()
    /** @type {Set<string>} every JWT presented */
    this.jwts = new Set()
    /** @type {RecordedRequest[]} */
    this.requests = []
    /** @type {Dispatch[]} */
    this.dispatches = []
    /** @type {Map<string, Fault[]>} */
    this.faults = new Map()
    /** Files on repositories' default branches (setFile), keyed by lower-case full name, a newline, and the path. */
    /** @type {Map<string, string>} */
    this.files = new Map()
    this.nextId = 1000
    /** Blob storage on another origin: artifact zips and job logs are redirected there. */
    this.storage = new BlobStorage()
    /** How long a run takes to become `cancelled` after a cancel request, in ms. */
    this.cancelDelayMs = 300
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
    this.port = 0
  }

  /**
   * Starts listening on 127.0.0.1 at a random port; returns the base URL.
   * With `tls`, serves HTTPS, and URLs name `hostname` (reach it through a proxy).
   * `port`: listen there instead (`npm run emulator -- --port N`).
   * @param {{ tls?: { key: string, cert: string }, hostname?: string, port?: number }} [options]
   */
  async start(options = {}) {
    /** @type {import('node:http').RequestListener} */
    const listener = (req, res) => {
      this.handle(req, res).catch(error => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: `emulator bug: ${error}` }))
      })
    }
    this.server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener)
    this.server.keepAliveTimeout = 5000
    await new Promise(resolve => this.server?.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)))
    const address = this.server.address()
    if (address === null || typeof address === 'string') throw new Error('no address')
    this.url = `${options.tls ? 'https' : 'http'}://${options.hostname ?? '127.0.0.1'}:${address.port}`
    this.port = address.port
    await this.storage.start()
    return this.url
  }

  async stop() {
    await this.storage.stop()
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise(resolve => server.close(() => resolve(undefined)))
    this.server = undefined
  }

  /**
   * Forgets what happened (requests, dispatches, runs, tokens, faults, latency,
   * settings) but keeps the Apps, installations, repositories and workflows.
   */
  reset() {
    this.tokens.clear()
    this.requests.length = 0
    this.dispatches.length = 0
    this.runs.length = 0
    this.faults.clear()
    this.routeLatency.clear()
    this.rateLimitSpent.clear()
    this.clockOffsetSeconds = 0
    this.supportsRunDetails = true
    this.tokenLifetimeSeconds = 3600
    this.apiVersions = [...versions.CLOUD_VERSIONS]
    this.statelessTokens = false
    this.revokesStatelessTokens = true
    this.cancelDelayMs = 300
    this.storage.requests.length = 0
    this.storage.honourRange = true
  }

  /** Seconds since the epoch on the emulator's clock. */
  now() {
    return Math.floor(this.nowMs() / 1000)
  }

  /** Milliseconds since the epoch on the emulator's clock (runs' lifecycles, token expiry, JWT checks). */
  nowMs() {
    return this.timeSource() + this.clockOffsetSeconds * 1000
  }

  // ---- state set-up -------------------------------------------------------

  /**
   * Registers an App with an RSA key pair no other App of this emulator has (./test-keys.js).
   * @param {{ id?: number, clientId?: string, slug?: string, keyFormat?: 'pkcs1' | 'pkcs8' }} [options]
   * @returns {App}
   */
  createApp(options = {}) {
    const id = options.id ?? this.nextId++
    // The n-th App of this emulator has the n-th key of the machine's cache (./test-keys.js).
    const keys = keyPair(`app-${this.appsCreated++}`)
    const app = {
      id,
      clientId: options.clientId ?? `Iv23li${randomBytes(7).toString('hex')}`,
      slug: options.slug ?? `app-${id}`,
      privateKey: keys.privateKey.export({ type: options.keyFormat ?? 'pkcs1', format: 'pem' }).toString(),
      publicKey: keys.publicKey
    }
    this.apps.set(id, app)
    return app
  }

  /**
   * Installs an App on an account. `repositories` are names (without owner) or 'all'.
   * @param {{ app: App, account: string, repositories?: string[] | 'all', permissions?: Permissions, id?: number, suspended?: boolean }} options
   * @returns {Installation}
   */
  install(options) {
    const installation = {
      id: options.id ?? this.nextId++,
      appId: options.app.id,
      account: options.account,
      repositories: options.repositories ?? 'all',
      permissions: options.permissions ?? { contents: 'write', metadata: 'read' },
      suspended: options.suspended ?? false
    }
    this.installations.set(installation.id, installation)
    for (const name of installation.repositories === 'all' ? [] : installation.repositories) {
      this.addRepository(`${options.account}/${name}`)
    }
    return installation
  }

  /**
   * @param {string} fullName owner/repo
   * @param {{ defaultBranch?: string, refs?: string[] }} [options] refs: other branches and tags
   * @returns {Repository}
   */
  addRepository(fullName, options = {}) {
    const [owner = '', name = ''] = fullName.split('/')
    const key = fullName.toLowerCase()
    const existing = this.repositories.get(key)
    const defaultBranch = options.defaultBranch ?? existing?.defaultBranch ?? 'main'
    const repository = {
      owner,
      name,
      id: existing?.id ?? this.nextId++,
      defaultBranch,
      refs: [...new Set([defaultBranch, ...(existing?.refs ?? []), ...(options.refs ?? [])])]
    }
    this.repositories.set(key, repository)
    return repository
  }

  /**
   * Adds a workflow file to a repository.
   * @param {string} fullName owner/repo
   * A workflow with `types` runs on repository_dispatch events of those types;
   * `runName` is its `run-name:` line (`${{ github.event.client_payload.x }}`
   * and `${{ inputs.x }}` are evaluated); `lifecycle` says how long its runs
   * stay queued and in progress, and how they conclude.
   * @param {{
   *   file: string, name?: string, dispatchable?: boolean, inputs?: Record<string, { required?: boolean }>,
   *   types?: string[], runName?: string, lifecycle?: Partial<Lifecycle>,
   *   artifacts?: (run: WorkflowRun) => RunArtifact[], jobs?: (run: WorkflowRun) => RunJob[]
   * }} options
   * `artifacts` and `jobs` say what each run publishes (read once it has completed).
   * @returns {Workflow}
   */
  addWorkflow(fullName, options) {
    this.addRepository(fullName)
    const workflow = {
      id: this.nextId++,
      repository: fullName.toLowerCase(),
      file: options.file,
      name: options.name ?? options.file,
      dispatchable: options.dispatchable ?? true,
      inputs: options.inputs ?? {},
      types: options.types,
      runName: options.runName,
      lifecycle: { queuedMs: 0, runMs: 0, conclusion: 'success', ...options.lifecycle },
      artifacts: options.artifacts,
      jobs: options.jobs
    }
    this.workflows.push(workflow)
    return workflow
  }

  /**
   * Puts a file on a repository's default branch (served by the contents
   * route); `text` undefined removes it. Kept by reset(), like the repositories.
   * @param {string} fullName owner/repo @param {string} path e.g. `.github/app-dispatch.yml` @param {string | undefined} text
   */
  setFile(fullName, path, text) {
    this.addRepository(fullName)
    const key = `${fullName.toLowerCase()}\n${path.replace(/^\/+/, '')}`
    if (text === undefined) this.files.delete(key)
    else this.files.set(key, text)
  }

  /**
   * Queues a fault for a route (a key of ROUTES' values): the next `times`
   * matching requests (default 1) get it instead of the real answer.
   * @param {string} route @param {Fault} fault
   */
  fault(route, fault) {
    const list = this.faults.get(route) ?? []
    for (let i = 0; i < (fault.times ?? 1); i++) list.push(fault)
    this.faults.set(route, list)
  }

  /** @param {string} route @param {number} ms */
  setRouteLatency(route, ms) {
    this.routeLatency.set(route, ms)
  }

  /** Every credential the emulator handed out or was shown: for leak checks. */
  secrets() {
    return [...this.tokens.keys(), ...this.jwts, ...[...this.apps.values()].flatMap(app => pemBodyLines(app.privateKey))]
  }

  /** @param {string} route */
  requestsFor(route) {
    return this.requests.filter(r => r.route === route)
  }

  // ---- HTTP ---------------------------------------------------------------

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const receivedAt = Date.now()
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://emulator')
    const method = req.method ?? 'GET'
    const match = findRoute(method, url.pathname)
    const route = match ? match.route : `${method} ${url.pathname}`
    const authorization = String(req.headers.authorization ?? '')
    /** @type {RecordedRequest} */
    const record = {
      method,
      path: url.pathname,
      route,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      auth: /^bearer\s+ey/i.test(authorization) ? 'jwt' : authorization ? 'token' : 'none',
      rawBody,
      body: safeJson(rawBody),
      status: 0,
      receivedAt,
      // On the emulator's clock (its time source and offset): with a test's virtual clock, when in that time.
      clockAt: this.nowMs(),
      connection: req.socket.remotePort ?? 0,
      apiVersion: versions.requestedVersion(req.headers)
    }
    this.requests.push(record)

    const fault = this.faults.get(route)?.shift()
    const latency = fault?.delayMs ?? this.routeLatency.get(route) ?? this.latencyMs
    if (latency > 0) {
      // A client that gives up while GitHub is slow: the request is never processed.
      const gone = await new Promise(resolve => {
        const timer = setTimeout(() => resolve(false), latency)
        res.once('close', () => {
          clearTimeout(timer)
          resolve(true)
        })
      })
      if (gone) {
        record.status = 'abandoned'
        return
      }
    }

    if (fault && 'reset' in fault && !fault.afterProcessing) {
      record.status = 'reset'
      req.socket.destroy()
      return
    }
    if (fault && 'hang' in fault && !fault.afterProcessing) {
      record.status = 'hung'
      return
    }
    if (fault && 'status' in fault && !fault.afterProcessing) {
      record.status = fault.status
      this.send(res, fault.status, fault.body ?? { message: `Injected ${fault.status}`, documentation_url: DOCS }, fault.headers)
      return
    }

    /** @type {number} */
    let status
    /** @type {unknown} */
    let body
    /** @type {string | undefined} */
    let location
    try {
      if (!match) throw new HttpError(404, 'Not Found')
      ;({ status, body, location } = this.route(match, authorization, record))
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      status = error.status
      body = { message: error.message, documentation_url: DOCS, ...error.extra }
    }
    if (fault && 'hang' in fault) {
      // The request was processed, but no answer comes until the client gives up.
      record.status = 'hung'
      return
    }
    if (fault && 'reset' in fault) {
      // The request was processed, but the answer never arrives.
      record.status = 'reset'
      req.socket.destroy()
      return
    }
    if (fault && 'status' in fault) {
      // The request was processed, but GitHub answers with an error anyway.
      record.status = fault.status
      this.send(res, fault.status, fault.body ?? { message: `Injected ${fault.status}`, documentation_url: DOCS }, fault.headers)
      return
    }
    // Conditional requests: a 304 answers an unchanged resource and costs no rate limit.
    const etag = status === 200 ? `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"` : undefined
    if (etag !== undefined && req.headers['if-none-match'] === etag) {
      record.status = 304
      res.writeHead(304, { etag, date: new Date(this.now() * 1000).toUTCString() })
      res.end()
      return
    }
    if (record.auth === 'token') {
      const token = this.tokens.get(authorization.replace(/^\S+\s+/, ''))
      if (token) this.rateLimitSpent.set(token.installationId, (this.rateLimitSpent.get(token.installationId) ?? 0) + 1)
    }
    record.status = status
    if (location !== undefined) {
      // A redirect to storage on another host, as GitHub answers downloads.
      this.send(res, status, undefined, { location })
      return
    }
    this.send(res, status, body, etag ? { etag } : {})
  }

  /**
   * @param {import('node:http').ServerResponse} res @param {number} status
   * @param {unknown} body @param {Record<string, string>} [headers]
   */
  send(res, status, body, headers = {}) {
    const text = status === 204 || body === undefined ? '' : JSON.stringify(body)
    res.writeHead(status, {
      date: new Date(this.now() * 1000).toUTCString(),
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(this.now() + 3600),
      ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      ...headers
    })
    res.end(text)
  }

  /**
   * What the route's entry in the route table (./github-routes.js) answers, in an API version this GitHub serves.
   * @param {NonNullable<ReturnType<typeof findRoute>>} match @param {string} authorization @param {RecordedRequest} record
   * @returns {import('./github-routes.js').Answer}
   */
  route(match, authorization, record) {
    if (!this.apiVersions.includes(record.apiVersion)) throw new HttpError(400, versions.unsupportedVersionMessage(record.apiVersion))
    return match.answer(this, { params: match.params, authorization, record })
  }

  /**
   * The run named by params [owner, repo, run_id], if the token may see it
   * with Actions at `level`.
   * @param {string} authorization @param {string[]} params @param {'read' | 'write'} level
   */
  runForToken(authorization, params, level) {
    const token = this.authenticateToken(authorization)
    const repository = this.repositoryFor(token, params[0] ?? '', params[1] ?? '')
    const granted = token.permissions['actions']
    if (!granted || (level === 'write' && granted !== 'write')) throw new HttpError(403, 'Resource not accessible by integration')
    const run = this.runs.find(r => r.id === Number(params[2]) && r.repository === `${repository.owner}/${repository.name}`)
    if (!run) throw new HttpError(404, 'Not Found')
    return run
  }

  // ---- authentication -----------------------------------------------------

  /** Verifies an App JWT as GitHub does; returns the App. @param {string} authorization */
  authenticateApp(authorization) {
    const match = /^bearer\s+(\S+)$/i.exec(authorization)
    if (!match || !match[1]) throw new HttpError(401, 'A JSON web token could not be decoded')
    const jwt = match[1]
    this.jwts.add(jwt)
    const [headerPart, payloadPart, signaturePart] = jwt.split('.')
    if (!headerPart || !payloadPart || !signaturePart) throw new HttpError(401, 'A JSON web token could not be decoded')
    const header = safeJson(Buffer.from(headerPart, 'base64url').toString('utf8'))
    const payload = safeJson(Buffer.from(payloadPart, 'base64url').toString('utf8'))
    if (!isObject(header) || !isObject(payload) || header['alg'] !== 'RS256') {
      throw new HttpError(401, 'A JSON web token could not be decoded')
    }
    const iss = payload['iss']
    const app = [...this.apps.values()].find(a => String(a.id) === String(iss) || a.clientId === iss)
    if (!app) throw new HttpError(401, `'Issuer' claim ('iss') must be an Integer or a Client ID of an existing GitHub App`)
    const signed = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), app.publicKey, Buffer.from(signaturePart, 'base64url'))
    if (!signed) throw new HttpError(401, 'A JSON web token could not be decoded')
    const { iat, exp } = payload
    const now = this.now()
    if (!Number.isInteger(iat) || Number(iat) > now + 60) {
      throw new HttpError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued")
    }
    if (!Number.isInteger(exp) || Number(exp) <= now) {
      throw new HttpError(
        401,
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
      )
    }
    if (Number(exp) - Number(iat) > 600 || Number(exp) > now + 600 + 60) {
      throw new HttpError(401, "'Expiration time' claim ('exp') is too far in the future")
    }
    return app
  }

  /** @param {string} authorization @returns {IssuedToken} */
  authenticateToken(authorization) {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization)
    const token = match && match[1] ? this.tokens.get(match[1]) : undefined
    if (!token || token.revoked || token.expiresAt <= this.now()) throw new HttpError(401, 'Bad credentials')
    return token
  }

  // ---- endpoints ----------------------------------------------------------

  /** @param {App} app @param {string} owner @param {string} repo */
  installationFor(app, owner, repo) {
    if (!this.repositories.has(`${owner}/${repo}`.toLowerCase())) return undefined
    return [...this.installations.values()].find(
      i =>
        i.appId === app.id &&
        i.account.toLowerCase() === owner.toLowerCase() &&
        (i.repositories === 'all' || i.repositories.some(r => r.toLowerCase() === repo.toLowerCase()))
    )
  }

  /** @param {Installation} i */
  installationJson(i) {
    return {
      id: i.id,
      app_id: i.appId,
      account: { login: i.account, type: 'Organization' },
      repository_selection: i.repositories === 'all' ? 'all' : 'selected',
      permissions: i.permissions,
      access_tokens_url: `${this.url}/app/installations/${i.id}/access_tokens`,
      suspended_at: i.suspended ? new Date().toISOString() : null
    }
  }

  /** @param {App} app @param {number} installationId @param {RecordedRequest} record */
  createToken(app, installationId, record) {
    const body = record.body
    const installation = this.installations.get(installationId)
    if (!installation || installation.appId !== app.id) throw new HttpError(404, 'Not Found')
    if (installation.suspended) throw new HttpError(403, 'This installation has been suspended')
    const request = isObject(body) ? body : {}
    const covered = [...this.repositories.values()].filter(
      r =>
        r.owner.toLowerCase() === installation.account.toLowerCase() &&
        (installation.repositories === 'all' || installation.repositories.some(n => n.toLowerCase() === r.name.toLowerCase()))
    )
    let repositories = covered
    if (Array.isArray(request['repositories'])) {
      const names = /** @type {unknown[]} */ (request['repositories'])
      if (names.length > 500) throw new HttpError(422, 'Too many repositories: at most 500 may be requested.')
      repositories = names.map(name => {
        const repo = covered.find(r => r.name.toLowerCase() === String(name).toLowerCase())
        if (!repo) {
          throw new HttpError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.')
        }
        return repo
      })
    }
    /** @type {Permissions} */
    let permissions = { ...installation.permissions }
    if (isObject(request['permissions'])) {
      // Metadata: read comes with every installation token.
      permissions = installation.permissions['metadata'] ? { metadata: 'read' } : {}
      for (const [name, level] of Object.entries(request['permissions'])) {
        const granted = installation.permissions[name]
        if (!granted || (level === 'write' && granted !== 'write') || (level !== 'read' && level !== 'write')) {
          throw new HttpError(422, 'The permissions requested are not granted to this installation.')
        }
        permissions[name] = level
      }
    }
    const expiresAt = this.now() + this.tokenLifetimeSeconds
    const override = record.headers['x-github-stateless-s2s-token']
    const stateless = override === 'enabled' || (override !== 'disabled' && this.statelessTokens)
    const token = stateless
      ? versions.statelessToken(app.id, installationId, expiresAt)
      : `ghs_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`
    this.tokens.set(token, {
      token,
      installationId,
      repositories: repositories.map(r => `${r.owner}/${r.name}`.toLowerCase()),
      permissions,
      expiresAt,
      revoked: false
    })
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions,
        repository_selection: Array.isArray(request['repositories']) ? 'selected' : 'all',
        repositories: repositories.map(r => versions.repositoryJson(r, this.url, record.apiVersion))
      }
    }
  }

  /**
   * The repository, if the token may see it (every token has Metadata: read).
   * @param {IssuedToken} token @param {string} owner @param {string} repo
   */
  repositoryFor(token, owner, repo) {
    const fullName = `${owner}/${repo}`.toLowerCase()
    const repository = this.repositories.get(fullName)
    if (!repository || !token.repositories.includes(fullName)) throw new HttpError(404, 'Not Found')
    return repository
  }

  /**
   * @param {string} authorization @param {string} owner @param {string} repo
   * @param {string} workflowId file name or numeric id @param {RecordedRequest} record
   */
  createWorkflowDispatch(authorization, owner, repo, workflowId, record) {
    const body = record.body
    const byDefault = versions.reportsRunByDefault(record.apiVersion)
    const token = this.authenticateToken(authorization)
    const repository = this.repositoryFor(token, owner, repo)
    if (token.permissions['actions'] !== 'write') throw new HttpError(403, 'Resource not accessible by integration')
    const fullName = `${owner}/${repo}`.toLowerCase()
    const workflow = this.workflows.find(w => w.repository === fullName && (String(w.id) === workflowId || w.file === workflowId))
    if (!workflow) throw new HttpError(404, 'Not Found')
    if (!isObject(body)) throw new HttpError(400, 'Problems parsing JSON')
    const allowed = new Set(['ref', 'inputs', 'return_run_details'])
    const unknown = Object.keys(body).filter(key => !allowed.has(key))
    // GHES before 3.21 does not know the field; 2026-03-10 removed it.
    if ('return_run_details' in body && (!this.supportsRunDetails || byDefault)) unknown.push('return_run_details')
    if (unknown.length > 0) throw new HttpError(422, `Invalid request.\n\n${unknown.map(k => `"${k}"`).join(', ')} is not a permitted key.`)
    if (!workflow.dispatchable) throw new HttpError(422, "Workflow does not have 'workflow_dispatch' trigger")
    const ref = body['ref']
    if (typeof ref !== 'string' || ref === '') throw new HttpError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.')
    const shortRef = ref.replace(/^refs\/(heads|tags)\//, '')
    if (!repository.refs.includes(shortRef)) throw new HttpError(422, `No ref found for: ${ref}`)
    const inputs = isObject(body['inputs']) ? body['inputs'] : {}
    if (Object.keys(inputs).length > 25) throw new HttpError(422, 'inputs are too large. You can only specify 25 inputs.')
    const unexpected = Object.keys(inputs).filter(name => !(name in workflow.inputs))
    if (unexpected.length > 0) throw new HttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`)
    for (const [name, spec] of Object.entries(workflow.inputs)) {
      if (spec.required && !(name in inputs)) throw new HttpError(422, `Required input '${name}' not provided`)
    }
    const run = this.startRun({
      repository: `${repository.owner}/${repository.name}`,
      workflow,
      event: 'workflow_dispatch',
      display_title: evaluateRunName(workflow.runName, { inputs }) ?? workflow.name,
      head_branch: shortRef,
      inputs
    })
    if (body['return_run_details'] === true || byDefault) {
      return {
        status: 200,
        body: {
          workflow_run_id: run.id,
          run_url: `${this.url}/repos/${run.repository}/actions/runs/${run.id}`,
          html_url: `${this.url}/${run.repository}/actions/runs/${run.id}`
        }
      }
    }
    return { status: 204 }
  }

  /**
   * Starts a run; its status follows its lifecycle on the emulator's clock.
   * @param {{ repository: string, workflow: Workflow | undefined, event: string, display_title: string, head_branch: string, inputs: unknown }} options
   * @returns {WorkflowRun}
   */
  startRun(options) {
    const sameWorkflow = this.runs.filter(r => r.repository === options.repository && r.workflowId === options.workflow?.id)
    const run = {
      id: this.nextId++,
      // Like GitHub: numbered per workflow from 1, unlike the id.
      runNumber: sameWorkflow.length + 1,
      repository: options.repository,
      workflowId: options.workflow?.id,
      event: options.event,
      display_title: options.display_title,
      head_branch: options.head_branch,
      inputs: options.inputs,
      created: this.nowMs(),
      lifecycle: { ...(options.workflow?.lifecycle ?? { queuedMs: 0, runMs: 0, conclusion: 'success' }) },
      /** @type {Array<RunArtifact & { id: number }>} */
      artifacts: [],
      /** @type {Array<RunJob & { id: number }>} */
      jobs: [],
      cancelRequested: false
    }
    const workflow = options.workflow
    if (workflow?.artifacts) run.artifacts = workflow.artifacts(run).map(a => ({ ...a, id: this.nextId++ }))
    if (workflow?.jobs) run.jobs = workflow.jobs(run).map(j => ({ ...j, id: this.nextId++ }))
    this.runs.push(run)
    return run
  }

  /**
   * Changes how a run goes on from now: e.g. `{ conclusion: 'failure' }`, or
   * `{ runMs: Infinity }` to keep it running.
   * @param {number} id @param {Partial<Lifecycle>} lifecycle
   */
  setRunLifecycle(id, lifecycle) {
    const run = this.runs.find(r => r.id === id)
    if (run) Object.assign(run.lifecycle, lifecycle)
  }

  /** The run's state now. @param {WorkflowRun} run */
  runState(run) {
    const age = this.nowMs() - run.created
    const { queuedMs, runMs, conclusion } = run.lifecycle
    const iso = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
    if (age < queuedMs) return { status: 'queued', conclusion: null, updated_at: iso(run.created), run_started_at: iso(run.created) }
    const started = run.created + queuedMs
    if (age < queuedMs + runMs) return { status: 'in_progress', conclusion: null, updated_at: iso(started), run_started_at: iso(started) }
    return { status: 'completed', conclusion, updated_at: iso(started + runMs), run_started_at: iso(started), completedAt: started + runMs }
  }

  /** @param {WorkflowRun} run @param {string} apiVersion */
  runJson(run, apiVersion) {
    const state = this.runState(run)
    delete state.completedAt
    const repository = this.repositories.get(run.repository.toLowerCase())
    const repositoryObject = repository ? versions.repositoryJson(repository, this.url, apiVersion) : null
    return {
      id: run.id,
      run_number: run.runNumber,
      name: this.workflows.find(w => w.id === run.workflowId)?.name ?? null,
      display_title: run.display_title,
      event: run.event,
      head_branch: run.head_branch,
      workflow_id: run.workflowId ?? null,
      created_at: new Date(run.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...state,
      url: `${this.url}/repos/${run.repository}/actions/runs/${run.id}`,
      html_url: `${this.url}/${run.repository}/actions/runs/${run.id}`,
      repository: repositoryObject,
      head_repository: repositoryObject
    }
  }

  /** @param {string} authorization @param {string} owner @param {string} repo @param {string} rawBody */
  createDispatch(authorization, owner, repo, rawBody) {
    const token = this.authenticateToken(authorization)
    const fullName = `${owner}/${repo}`.toLowerCase()
    if (!this.repositories.has(fullName) || !token.repositories.includes(fullName)) throw new HttpError(404, 'Not Found')
    if (token.permissions['contents'] !== 'write') throw new HttpError(403, 'Resource not accessible by integration')
    const body = safeJson(rawBody)
    if (!isObject(body)) throw new HttpError(400, 'Problems parsing JSON')
    const eventType = body['event_type']
    if (typeof eventType !== 'string' || eventType.length === 0) {
      throw new HttpError(422, 'Invalid request.\n\n"event_type" wasn\'t supplied.')
    }
    if (Array.from(eventType).length > 100) throw new HttpError(422, 'event_type is too long (maximum is 100 characters)')
    const payload = body['client_payload']
    if (payload !== undefined) {
      if (!isObject(payload)) throw new HttpError(422, "Invalid request.\n\nFor 'properties/client_payload', is not an object.")
      const keys = Object.keys(payload).length
      if (keys > 10) throw new HttpError(422, `No more than 10 properties are allowed; ${keys} were supplied.`)
      if (Buffer.byteLength(JSON.stringify(payload)) >= 65536) throw new HttpError(422, 'client_payload is too large')
    }
    const repository = this.repositories.get(fullName)
    for (const workflow of this.workflows.filter(w => w.repository === fullName && w.types?.includes(eventType))) {
      this.startRun({
        repository: repository ? `${repository.owner}/${repository.name}` : fullName,
        workflow,
        event: 'repository_dispatch',
        display_title: evaluateRunName(workflow.runName, { client_payload: payload ?? {} }) ?? workflow.name,
        head_branch: repository?.defaultBranch ?? 'main',
        inputs: undefined
      })
    }
    this.dispatches.push({
      repository: repository ? `${repository.owner}/${repository.name}` : fullName,
      event_type: eventType,
      client_payload: payload ?? {},
      rawBody,
      token: token.token
    })
    return { status: 204 }
  }
}

/**
 * Evaluates the `${{ … }}` expressions of a run-name that read the dispatch's
 * payload or inputs; undefined when the workflow has no run-name.
 * @param {string | undefined} runName @param {{ client_payload?: unknown, inputs?: unknown }} event
 */
function evaluateRunName(runName, event) {
  if (runName === undefined) return undefined
  return runName.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, path) => {
    const parts = String(path).split('.')
    /** @type {unknown} */
    let value = parts[0] === 'inputs' ? { inputs: event.inputs } : parts[0] === 'github' ? { github: { event } } : {}
    for (const part of parts) value = isObject(value) ? value[part] : undefined
    return value === undefined || value === null ? '' : String(value)
  })
}

/** @param {string} text */
function safeJson(text) {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The base64 lines of a PEM: any one of them in a log is a leaked key. @param {string} pem */
function pemBodyLines(pem) {
  return pem.split('\n').filter(line => line.length >= 40 && !line.startsWith('-----'))
}
