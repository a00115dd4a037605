// @ts-check
/**
 * The runner's OIDC token service, for steps run by run-action.js: a job with
 * `permissions: id-token: write` gets ACTIONS_ID_TOKEN_REQUEST_URL and
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN; a GET of that URL with `&audience=…` and
 * the request token as a bearer answers `{"value": JWT}`, an RS256 token
 * from https://token.actions.githubusercontent.com whose claims name the
 * repository, ref and environment. `env()` gives the two variables.
 */
import { createServer } from 'node:http'
import { createSign, randomBytes, randomUUID } from 'node:crypto'
import { closeServer, listenLocal } from './local-server.js'
import { keyPair } from './test-keys.js'

export const OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

export class RunnerOidc {
  /** @param {{ sub?: string, claims?: Record<string, unknown>, keySlot?: string }} [options] keySlot: another issuer's key (./test-keys.js) */
  constructor(options = {}) {
    const { privateKey, publicKey } = keyPair(options.keySlot ?? 'oidc')
    this.privateKey = privateKey
    /** The issuer's public key, as GitHub publishes it (for the STS stand-in). */
    this.publicKey = publicKey
    /** The `sub` of the tokens handed out: repo:OWNER/REPO:ref:REF, :environment:NAME, or the id-carrying form. */
    this.sub = options.sub ?? 'repo:octo-org/upstream:ref:refs/heads/main'
    this.claims = options.claims ?? {}
    this.requestToken = `oidc-request-${randomBytes(16).toString('hex')}`
    /** @type {Array<{ audience: string | null, authorized: boolean }>} */
    this.requests = []
    /** @type {string[]} every token handed out (for leak checks) */
    this.issued = []
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
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

  /** @param {string} audience */
  token(audience) {
    const now = Math.floor(Date.now() / 1000)
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'runner-oidc' })).toString('base64url')
    const payload = Buffer.from(
      JSON.stringify({
        // A fresh jti each time, as GitHub's: a broker refuses one it has seen.
        jti: randomUUID(),
        iss: OIDC_ISSUER,
        aud: audience,
        sub: this.sub,
        iat: now,
        nbf: now - 5,
        exp: now + 300,
        ...this.claims
      })
    ).toString('base64url')
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.privateKey).toString('base64url')
    return `${header}.${payload}.${signature}`
  }
}
