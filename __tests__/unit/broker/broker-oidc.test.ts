/**
 * The broker's check of the caller's GitHub OIDC token (src/broker/oidc/),
 * against the runner's OIDC issuer (emulator/runner-oidc.js) and small key
 * servers on 127.0.0.1, over real HTTP: genuine tokens pass with their
 * claims; forged ones (another key, alg none, HS256 keyed with the public
 * key, wrong iss/aud, expired, not yet valid, missing claims) are refused in
 * one line without the token; an unconfigured issuer costs no request;
 * key fetches are bounded, stay on the issuer's origin, are cached, and are
 * repeated for an unknown kid at most once per interval.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { closeServer, listenLocal } from '../../../emulator/local-server.js'
import { OIDC_ISSUER, RunnerOidc } from '../../../emulator/runner-oidc.js'
import { BrokerAuthError } from '../../../src/broker/oidc/errors.js'
import { createOidcVerifier, type OidcVerifierConfig } from '../../../src/broker/oidc/verify.js'

const AUDIENCE = 'https://broker.example.com'

let oidc: RunnerOidc
/** Another issuer: its own key, published under the same kid. */
let other: RunnerOidc
const servers: Server[] = []

interface Recorder {
  url: string
  paths: string[]
}

/** A server on 127.0.0.1 that records every request's path and answers with `handle`. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse, url: string) => void): Promise<Recorder> {
  const recorder: Recorder = { url: '', paths: [] }
  const server = createServer((req, res) => {
    recorder.paths.push(req.url ?? '')
    handle(req, res, recorder.url)
  })
  servers.push(server)
  recorder.url = await listenLocal(server)
  return recorder
}

const json = (res: ServerResponse, body: unknown): void =>
  void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))

/** A verifier trusting github.com's issuer, its keys read from the runner OIDC stand-in. */
const verifier = (config: Partial<OidcVerifierConfig> = {}) =>
  createOidcVerifier({ issuers: [{ issuer: OIDC_ISSUER, jwksUrl: oidc.jwksUrl }], audience: AUDIENCE, ...config })

/** The refusal of `token`: a BrokerAuthError whose message is one line and does not hold the token. */
async function refusal(token: string, config: Partial<OidcVerifierConfig> = {}, v = verifier(config)): Promise<string> {
  const error = await v.verify(token).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(BrokerAuthError)
  const { message, code } = error as BrokerAuthError
  expect(code).toBe('unauthenticated')
  expect(message).not.toContain('\n')
  if (token.length > 8) expect(message).not.toContain(token)
  const signature = token.split('.')[2] ?? ''
  if (signature.length > 8) expect(message).not.toContain(signature)
  return message
}

const now = (): number => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  oidc = new RunnerOidc({ sub: 'repo:octo-org/upstream:environment:production' })
  other = new RunnerOidc({ keySlot: 'oidc-other' })
  await Promise.all([oidc.start(), other.start()])
})

afterAll(async () => {
  await Promise.all([oidc.stop(), other.stop(), ...servers.map(closeServer)])
})

describe('a genuine token', () => {
  test('is accepted with its claims, as GitHub sends them', async () => {
    const token = oidc.token(AUDIENCE)
    const claims = await verifier().verify(token)
    const sent = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({
      iss: OIDC_ISSUER,
      aud: AUDIENCE,
      sub: 'repo:octo-org/upstream:environment:production',
      repository: 'octo-org/upstream',
      repository_id: '123456',
      repository_owner: 'octo-org',
      repository_owner_id: '9919',
      environment: 'production',
      event_name: 'push',
      run_id: '42',
      run_attempt: '1',
      jti: sent.jti,
      exp: sent.exp,
      iat: sent.iat,
      nbf: sent.nbf
    })
    expect(claims.raw).toEqual(sent)
  })

  test('within 60 s of skew on exp, nbf and iat is accepted', async () => {
    const t = now()
    const v = verifier()
    await expect(v.verify(oidc.token(AUDIENCE, { claims: { exp: t - 30 } }))).resolves.toBeDefined()
    await expect(v.verify(oidc.token(AUDIENCE, { claims: { nbf: t + 30, iat: t + 30 } }))).resolves.toBeDefined()
  })

  test('is found through the issuer discovery document when no jwksUrl is configured', async () => {
    const self = new RunnerOidc()
    await self.start()
    try {
      self.issuer = self.url
      await expect(createOidcVerifier({ issuers: [self.url], audience: AUDIENCE }).verify(self.token(AUDIENCE))).resolves.toMatchObject({
        iss: self.url
      })
      expect(self.keyRequests).toEqual(['/.well-known/openid-configuration', '/.well-known/jwks'])
    } finally {
      await self.stop()
    }
  })
})

describe('a forged token is refused', () => {
  test("signed by another issuer's key under the same kid", async () => {
    const message = await refusal(oidc.token(AUDIENCE, { key: other.privateKey }))
    expect(message).toMatch(/signature does not verify/)
  })

  test('with alg none, before any key is fetched', async () => {
    const before = oidc.keyRequests.length
    const message = await refusal(oidc.token(AUDIENCE, { header: { alg: 'none' } }))
    expect(message).toBe("The OIDC token's algorithm is 'none'; this broker accepts only RS256, as GitHub signs.")
    expect(oidc.keyRequests.length).toBe(before)
  })

  test('with HS256 keyed with the public key (PEM or JWK bytes)', async () => {
    const pem = oidc.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    for (const key of [pem, JSON.stringify(oidc.jwk()), oidc.publicKey.export({ type: 'pkcs1', format: 'der' })]) {
      expect(await refusal(oidc.token(AUDIENCE, { header: { alg: 'HS256' }, key }))).toMatch(
        /algorithm is 'HS256'; this broker accepts only RS256/
      )
    }
  })

  test.each([['RS512'], ['rs256'], [undefined]])('with alg %s', async alg => {
    const message = await refusal(oidc.token(AUDIENCE, { header: { alg }, signAs: 'RS256' }))
    expect(message).toMatch(/algorithm is '.*'; this broker accepts only RS256/)
  })

  test('from another issuer, or one written differently', async () => {
    for (const iss of [
      'https://token.actions.githubusercontent.com/',
      'https://TOKEN.actions.githubusercontent.com',
      'https://evil.example'
    ]) {
      const message = await refusal(oidc.token(AUDIENCE, { claims: { iss } }))
      expect(message).toBe(`The OIDC token's issuer is '${iss}'; this broker accepts '${OIDC_ISSUER}'.`)
    }
  })

  test('for another audience: the message names both and the fix', async () => {
    expect(await refusal(oidc.token('x'))).toBe(
      `The OIDC token's audience is 'x'; this broker accepts '${AUDIENCE}': request the token with audience=${AUDIENCE} (broker-audience).`
    )
    expect(await refusal(oidc.token('sts.amazonaws.com'))).toMatch(/audience is 'sts.amazonaws.com'/)
    expect(await refusal(oidc.token(AUDIENCE, { claims: { aud: [AUDIENCE] } }))).toMatch(/audience is '\["https:/)
  })

  test('an overlong claim is cut short in the message', async () => {
    const message = await refusal(oidc.token(`${'a'.repeat(5000)}::error::x`))
    expect(message.length).toBeLessThan(300)
    expect(message).toContain("'aaaa")
    expect(message).toContain('…')
  })

  test('expired beyond 60 s of skew', async () => {
    expect(await refusal(oidc.token(AUDIENCE, { claims: { exp: now() - 61 } }))).toMatch(/^The OIDC token expired at \d{4}-/)
  })

  test('not valid before a time more than 60 s away', async () => {
    expect(await refusal(oidc.token(AUDIENCE, { claims: { nbf: now() + 120 } }))).toMatch(
      /not valid before .* \(nbf\), more than 60 s from now/
    )
  })

  test('issued in the future', async () => {
    expect(await refusal(oidc.token(AUDIENCE, { claims: { iat: now() + 120 } }))).toMatch(/issued at .* \(iat\), more than 60 s from now/)
  })

  test('with a smaller configured skew, 30 s late is refused', async () => {
    expect(await refusal(oidc.token(AUDIENCE, { claims: { exp: now() - 30 } }), { maxSkewSeconds: 10 })).toMatch(/expired/)
  })

  test.each([
    'repository',
    'repository_id',
    'repository_owner_id',
    'workflow_ref',
    'job_workflow_ref',
    'event_name',
    'ref',
    'run_id',
    'run_attempt',
    'jti',
    'sub'
  ])('without the %s claim', async name => {
    expect(await refusal(oidc.token(AUDIENCE, { claims: { [name]: undefined } }))).toMatch(new RegExp(`has no '${name}' claim`))
    expect(await refusal(oidc.token(AUDIENCE, { claims: { [name]: 42 } }))).toMatch(
      new RegExp(`'${name}' claim is '42', not a non-empty string`)
    )
  })

  test.each(['exp', 'iat', 'nbf'])('without the %s claim', async name => {
    expect(await refusal(oidc.token(AUDIENCE, { claims: { [name]: undefined } }))).toMatch(new RegExp(`has no '${name}' claim`))
  })

  test('that is not a JWT', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c', `${'x'.repeat(20000)}.a.b`]) expect(await refusal(token)).toMatch(/bearer token/)
  })
})

describe('no request for an issuer that is not configured', () => {
  test("a token whose iss is a server's URL makes no request to it, nor to the configured issuer", async () => {
    const lure = await serve((_req, res, url) => json(res, { issuer: url, jwks_uri: `${url}/.well-known/jwks`, keys: [oidc.jwk()] }))
    const before = oidc.keyRequests.length
    for (const header of [{}, { kid: 'unknown' }, { jku: `${lure.url}/.well-known/jwks`, x5u: `${lure.url}/x` }]) {
      const message = await refusal(oidc.token(AUDIENCE, { claims: { iss: lure.url }, header }))
      expect(message).toMatch(/issuer is 'http:\/\/127\.0\.0\.1:\d+'; this broker accepts/)
    }
    expect(lure.paths).toEqual([])
    expect(oidc.keyRequests.length).toBe(before)
  })
})

describe('key fetches are bounded', () => {
  test('a 10 MiB key set is abandoned past the size limit', async () => {
    let written = 0
    let closed: Promise<void> = Promise.resolve()
    const huge = await serve((_req, res) => {
      closed = new Promise(resolve => res.on('close', () => resolve()))
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const more = (): void => {
        while (written < 10 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', more)
        }
        res.end()
      }
      more()
    })
    const started = Date.now()
    const message = await refusal(oidc.token(AUDIENCE), { issuers: [{ issuer: OIDC_ISSUER, jwksUrl: `${huge.url}/jwks` }] })
    expect(message).toMatch(/could not be fetched: http:\/\/127\.0\.0\.1:\d+\/jwks: the answer is larger than 262144 bytes/)
    expect(Date.now() - started).toBeLessThan(5000)
    await closed
    expect(written).toBeLessThan(10 * 1024 * 1024)
  })

  test('a key set whose declared length is over the limit is not read', async () => {
    const big = await serve((_req, res) => void res.writeHead(200, { 'content-length': String(1024 * 1024) }).write('{'))
    const message = await refusal(oidc.token(AUDIENCE), { issuers: [{ issuer: OIDC_ISSUER, jwksUrl: big.url }], jwksMaxBytes: 1000 })
    expect(message).toMatch(/larger than 1000 bytes/)
  })

  test('a key server that never answers, or never finishes, fails the verify within the time limit', async () => {
    const silent = await serve(() => undefined)
    const trickle = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).write('{"keys":['))
    for (const server of [silent, trickle]) {
      const started = Date.now()
      const message = await refusal(oidc.token(AUDIENCE), { issuers: [{ issuer: OIDC_ISSUER, jwksUrl: server.url }], jwksTimeoutMs: 400 })
      expect(message).toMatch(/: no complete answer within 400 ms; the broker tries again at most once every 60 s\.$/)
      expect(Date.now() - started).toBeLessThan(2500)
      expect(server.paths).toEqual(['/'])
    }
  })

  test('a discovery document pointing off the issuer origin is refused, and that URL is not fetched', async () => {
    const before = oidc.keyRequests.length
    for (const jwks of [oidc.jwksUrl, 'https://evil.example/jwks', 'file:///etc/passwd']) {
      const issuer = await serve((_req, res, url) => json(res, { issuer: url, jwks_uri: jwks }))
      const message = await refusal(oidc.token(AUDIENCE, { claims: { iss: issuer.url } }), { issuers: [issuer.url] })
      expect(message).toContain(`its jwks_uri '${jwks}' is not on the issuer's own origin (${issuer.url}); it is not fetched`)
      expect(issuer.paths).toEqual(['/.well-known/openid-configuration'])
    }
    expect(oidc.keyRequests.length).toBe(before)
  })

  test('a redirect is not followed', async () => {
    const redirect = await serve((_req, res) => void res.writeHead(302, { location: oidc.jwksUrl }).end())
    const before = oidc.keyRequests.length
    const message = await refusal(oidc.token(AUDIENCE), { issuers: [{ issuer: OIDC_ISSUER, jwksUrl: redirect.url }] })
    expect(message).toMatch(/could not be fetched: http:\/\/127\.0\.0\.1:\d+: the request failed/)
    expect(oidc.keyRequests.length).toBe(before)
  })
})

describe('the key cache', () => {
  test('one key fetch serves many verifies, concurrent ones included', async () => {
    const v = verifier()
    const before = oidc.keyRequests.length
    await Promise.all(Array.from({ length: 10 }, () => v.verify(oidc.token(AUDIENCE))))
    for (let i = 0; i < 10; i++) await v.verify(oidc.token(AUDIENCE))
    expect(oidc.keyRequests.length - before).toBe(1)
  })

  test('an unknown kid fetches the keys again at most once per interval, then finds a rotated key', async () => {
    const published = [oidc.jwk()]
    const keys = await serve((_req, res) => json(res, { keys: published }))
    let offset = 0
    const v = verifier({ issuers: [{ issuer: OIDC_ISSUER, jwksUrl: keys.url }], now: () => Date.now() / 1000 + offset })
    const rotated = (kid: string) => oidc.token(AUDIENCE, { header: { kid }, key: other.privateKey })
    await v.verify(oidc.token(AUDIENCE))
    expect(keys.paths).toHaveLength(1)
    published.push({ ...other.jwk(), kid: 'next' })
    // The first unknown kid fetches again (and finds 'next' there, but 'later' is not).
    expect(await refusal(rotated('later'), {}, v)).toBe(
      `The OIDC token's key id 'later' is not among the signing keys of ${OIDC_ISSUER}; the broker fetches them again for an unknown key at most once every 60 s.`
    )
    expect(keys.paths).toHaveLength(2)
    await expect(v.verify(rotated('next'))).resolves.toBeDefined()
    // Another unknown kid within the interval does not.
    await refusal(rotated('later-still'), {}, v)
    expect(keys.paths).toHaveLength(2)
    published.push({ ...other.jwk(), kid: 'later-still' })
    offset = 61
    await expect(v.verify(rotated('later-still'))).resolves.toBeDefined()
    expect(keys.paths).toHaveLength(3)
  })

  test('a key set older than its maximum age is fetched again, and the old one serves if that fails', async () => {
    let up = true
    const keys = await serve((req, res) => (up ? json(res, { keys: [oidc.jwk()] }) : void res.writeHead(503).end()))
    let offset = 0
    const v = verifier({
      issuers: [{ issuer: OIDC_ISSUER, jwksUrl: keys.url }],
      now: () => Date.now() / 1000 + offset,
      jwksMaxAgeMs: 100_000
    })
    await v.verify(oidc.token(AUDIENCE))
    offset = 101
    up = false
    await expect(v.verify(oidc.token(AUDIENCE))).resolves.toBeDefined()
    expect(keys.paths).toHaveLength(2)
  })
})

describe('configuration', () => {
  test.each([
    [{ audience: 'sts.amazonaws.com' }, /OIDC audience 'sts.amazonaws.com' is AWS STS's: a token minted for AWS must not open the broker/],
    [{ audience: '' }, /OIDC audience is required/],
    [{ audience: AUDIENCE, issuers: [`${OIDC_ISSUER}/`] }, /compared exactly .* without a trailing '\/'/],
    [{ audience: AUDIENCE, issuers: ['https://Token.Actions.GitHubUserContent.com'] }, /compared exactly/],
    [{ audience: AUDIENCE, issuers: ['http://token.actions.githubusercontent.com'] }, /must be an https URL/],
    [{ audience: AUDIENCE, issuers: [] }, /list is empty/],
    [{ audience: AUDIENCE, issuers: [{ issuer: OIDC_ISSUER, jwksUrl: 'http://keys.example/jwks' }] }, /jwksUrl .* must be an https URL/],
    [{ audience: AUDIENCE, maxSkewSeconds: 120 }, /maxSkewSeconds is 120; use 0 to 60/],
    [{ audience: AUDIENCE, jwksTimeoutMs: 0 }, /jwksTimeoutMs is 0/]
  ])('%j is refused at creation', (config, message) => {
    expect(() => createOidcVerifier(config as OidcVerifierConfig)).toThrow(message)
  })

  test('the default issuer is github.com', async () => {
    const v = createOidcVerifier({ audience: AUDIENCE })
    expect(await refusal(oidc.token(AUDIENCE, { claims: { iss: 'https://token.actions.githubusercontent.com/octo' } }), {}, v)).toMatch(
      `this broker accepts '${OIDC_ISSUER}'`
    )
  })
})
