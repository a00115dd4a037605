// @ts-check
/**
 * The runner's OIDC token service, for steps run by run-action.js: a job with
 * `permissions: id-token: write` gets ACTIONS_ID_TOKEN_REQUEST_URL and
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN; a GET of that URL with `&audience=…` and
 * the request token as a bearer answers `{"value": JWT}`, an RS256 token
 * from https://token.actions.githubusercontent.com whose claims are those
 * GitHub sends a job (repository, ids, ref, workflow refs, run, a fresh jti…).
 * `env()` gives the two variables.
 *
 * It is also the issuer's key service, as GitHub's is:
 * `/.well-known/openid-configuration` (jwks_uri under `issuer`) and
 * `/.well-known/jwks` (the public key, kid 'runner-oidc'). Since `iss` is
 * github's URL, a broker under test names this server's `/.well-known/jwks`
 * as the issuer's jwksUrl (or a test sets `issuer` to this server's URL).
 * `token(audience, { claims, header, key })` mints forged tokens for tests.
 */
import { createServer } from 'node:http'
import { createHmac, createSign, randomBytes, randomUUID } from 'node:crypto'
import { closeServer, listenLocal } from './local-server.js'
import { keyPair } from './test-keys.js'

export const OIDC_ISSUER = 'https://token.actions.githubusercontent.com'
export const OIDC_KID = 'runner-oidc'

/**
 * @typedef {{
 *   claims?: Record<string, unknown>,
 *   header?: Record<string, unknown>,
 *   key?: import('node:crypto').KeyObject | string | Buffer,
 *   signAs?: string
 * }} MintOptions claims: merged over the defaults (a claim set to undefined is left out);
 *   header: merged over { alg: 'RS256', typ: 'JWT', kid: 'runner-oidc' }; key: what signs, by the header's alg
 *   (RS256/384/512: a private key; HS256/384/512: the HMAC secret; none: nothing). Default: this issuer's key.
 *   signAs: the algorithm that signs, when the header's alg is to say something else.
 */

export class RunnerOidc {
  /** @param {{ sub?: string, claims?: Record<string, unknown>, keySlot?: string, issuer?: string }} [options] keySlot: another issuer's key (./test-keys.js) */
  constructor(options = {}) {
    const { privateKey, publicKey } = keyPair(options.keySlot ?? 'oidc')
    this.privateKey = privateKey
    /** The issuer's public key, as GitHub publishes it (for the STS stand-in). */
    this.publicKey = publicKey
    /** The `iss` of the tokens and of the discovery document. */
    this.issuer = options.issuer ?? OIDC_ISSUER
    /** The `sub` of the tokens handed out: repo:OWNER/REPO:ref:REF, :environment:NAME, or the id-carrying form. */
    this.sub = options.sub ?? 'repo:octo-org/upstream:ref:refs/heads/main'
    this.claims = options.claims ?? {}
    this.requestToken = `oidc-request-${randomBytes(16).toString('hex')}`
    /** @type {Array<{ audience: string | null, authorized: boolean }>} token requests */
    this.requests = []
    /** @type {string[]} paths of the discovery and key-set requests */
    this.keyRequests = []
    /** @type {string[]} every token handed out (for leak checks) */
    this.issued = []
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname.startsWith('/.well-known/')) return void this.keyService(url.pathname, res)
      const authorized = req.headers.authorization === `Bearer ${this.requestToken}`
      const audience = url.searchParams.get('audience')
      this.requests.push({ audience, authorized })
      if (!authorized) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}')
      const value = this.token(audience ?? 'https://github.com/octo-org')
      this.issued.push(value)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value }))
    })
    this.url = await listenLocal(this.server)
    return this.url
  }

  async stop() {
    await closeServer(this.server)
    this.server = undefined
  }

  /** The variables the runner sets for a job that may ask for a token. */
  env() {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}/_apis/distributedtask/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken
    }
  }

  /** This server's key set URL (a broker's jwksUrl for the issuer). */
  get jwksUrl() {
    return `${this.url}/.well-known/jwks`
  }

  /** The public key as a JWK, as GitHub publishes it. */
  jwk() {
    return { ...this.publicKey.export({ format: 'jwk' }), kid: OIDC_KID, use: 'sig', alg: 'RS256' }
  }

  /** @param {string} path @param {import('node:http').ServerResponse} res */
  keyService(path, res) {
    this.keyRequests.push(path)
    const json = (/** @type {unknown} */ body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (path === '/.well-known/openid-configuration')
      json({ issuer: this.issuer, jwks_uri: `${this.issuer}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] })
    else if (path === '/.well-known/jwks') json({ keys: [this.jwk()] })
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}')
  }

  /** The claims GitHub sends a job, read from `sub` where it says them. */
  defaultClaims() {
    const repository = /^repo:([^:]+):/.exec(this.sub)?.[1] ?? 'octo-org/upstream'
    const ref = /:ref:(.+)$/.exec(this.sub)?.[1] ?? 'refs/heads/main'
    const environment = /:environment:(.+)$/.exec(this.sub)?.[1]
    const owner = repository.split('/')[0]
    return {
      jti: randomUUID(),
      ref,
      sha: 'a'.repeat(40),
      repository,
      repository_owner: owner,
      repository_owner_id: '9919',
      repository_visibility: 'private',
      repository_id: '123456',
      run_id: '42',
      run_number: '7',
      run_attempt: '1',
      actor: 'octocat',
      actor_id: '583231',
      workflow: 'release',
      workflow_ref: `${repository}/.github/workflows/release.yml@${ref}`,
      workflow_sha: 'a'.repeat(40),
      job_workflow_ref: `${repository}/.github/workflows/release.yml@${ref}`,
      job_workflow_sha: 'a'.repeat(40),
      event_name: 'push',
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      runner_environment: 'github-hosted',
      ...(environment === undefined ? {} : { environment })
    }
  }

  /** @param {string} audience @param {MintOptions} [options] */
  token(audience, options = {}) {
    const now = Math.floor(Date.now() / 1000)
    const header = { alg: 'RS256', typ: 'JWT', kid: OIDC_KID, ...options.header }
    const claims = {
      ...this.defaultClaims(),
      iss: this.issuer,
      aud: audience,
      sub: this.sub,
      iat: now,
      nbf: now - 5,
      exp: now + 300,
      ...this.claims,
      ...options.claims
    }
    const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
    return `${signingInput}.${sign(signingInput, options.signAs ?? String(header.alg), options.key ?? this.privateKey)}`
  }
}

/** @param {string} input @param {string} alg @param {import('node:crypto').KeyObject | string | Buffer} key */
function sign(input, alg, key) {
  if (alg === 'none') return ''
  const bits = /^(?:RS|HS)(256|384|512)$/.exec(alg)?.[1]
  if (!bits) throw new Error(`RunnerOidc cannot sign with alg '${alg}'`)
  if (alg.startsWith('HS')) return createHmac(`sha${bits}`, key).update(input).digest('base64url')
  if (typeof key === 'string' || Buffer.isBuffer(key)) throw new Error(`RunnerOidc signs ${alg} with a KeyObject`)
  return createSign(`RSA-SHA${bits}`).update(input).sign(key).toString('base64url')
}
