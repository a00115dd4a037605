// @ts-check
/**
 * A local stand-in for the two AWS APIs keyless signing uses, on one port
 * (as LocalStack or moto serve them), reached through AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_KMS or AWS_ENDPOINT_URL_STS:
 *
 * - KMS `Sign` over its JSON protocol (POST /, X-Amz-Target:
 *   TrentService.Sign, application/x-amz-json-1.1). It checks SigV4 in full
 *   (its own implementation, with the secret of the caller's access key),
 *   holds imported keys (the App's private key from the emulator) per
 *   region, with their aliases and states, and which identity may kms:Sign
 *   with which key; refusals come as KMS sends them (400, `__type`).
 * - STS `AssumeRoleWithWebIdentity` (query API, XML answer): checks the
 *   web identity token's RS256 signature against the runner OIDC issuer's
 *   key, its audience, expiry and `sub` against the role's trust policy
 *   (StringLike), and issues session credentials that KMS then knows.
 */
import { createHash, createHmac, createPrivateKey, createSign, createVerify, randomBytes, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { URLSearchParams } from 'node:url'
import { closeServer, listenLocal } from './local-server.js'

export const ACCOUNT = '111122223333'

/**
 * @typedef {{ id: string, arn: string, region: string, privateKey: import('node:crypto').KeyObject | undefined, state: string, aliases: string[] }} Key
 * @typedef {{ secretAccessKey: string, sessionToken?: string, arn: string, keys: Set<string> }} Identity
 * @typedef {{ subjects: string[], keys: Set<string> }} Role
 * @typedef {{ service: 'kms' | 'sts', status: number, headers: import('node:http').IncomingHttpHeaders, body: string, accessKeyId?: string, region?: string, error?: string }} AwsRequest
 */

const sha256 = (/** @type {string} */ text) => createHash('sha256').update(text).digest('hex')
const hmac = (/** @type {string | Buffer} */ key, /** @type {string} */ text) => createHmac('sha256', key).update(text).digest()
const encode = (/** @type {string} */ s) => encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

class AwsError extends Error {
  /** @param {number} status @param {string} type @param {string} message */
  constructor(status, type, message) {
    super(message)
    this.status = status
    this.type = type
  }
}

export class AwsStandIn {
  /** @param {{ oidcPublicKey?: import('node:crypto').KeyObject }} [options] */
  constructor(options = {}) {
    /** The runner OIDC issuer's key, as registered in the account's IAM OIDC provider; undefined: no provider. */
    this.oidcPublicKey = options.oidcPublicKey
    /** @type {Map<string, Key>} by key ARN */
    this.keys = new Map()
    /** @type {Map<string, Identity>} by access key ID */
    this.identities = new Map()
    /** @type {Map<string, Role>} by role ARN */
    this.roles = new Map()
    /** @type {AwsRequest[]} */
    this.requests = []
    /** @type {string[]} every credential issued (for leak checks) */
    this.issued = []
    /**
     * Misbehaviour of a broken or hostile endpoint, for every request until cleared: `redirect` answers
     * that status with a Location; `oversized` answers 200 with that many bytes (no content-length, chunked).
     * @type {{ redirect: { status: number, location: string } } | { oversized: number } | undefined}
     */
    this.misbehave = undefined
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', chunk => (body += chunk))
      req.on('end', () => this.handle(req, res, body))
    })
    this.url = await listenLocal(this.server)
    return this.url
  }

  async stop() {
    await closeServer(this.server)
    this.server = undefined
  }

  /**
   * Imports a private key (PEM) into a new key: RSA_2048, SIGN_VERIFY, origin EXTERNAL.
   * @param {{ privateKey?: string, region?: string, alias?: string, state?: string }} options
   */
  addKey({ privateKey, region = 'eu-west-1', alias, state = privateKey ? 'Enabled' : 'PendingImport' }) {
    const id = randomUUID()
    const arn = `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`
    const key = { id, arn, region, privateKey: privateKey ? createPrivateKey(privateKey) : undefined, state, aliases: alias ? [alias] : [] }
    this.keys.set(arn, key)
    return key
  }

  /** Long-term credentials of an IAM user allowed to kms:Sign with `keys` (ARNs). @param {string} name @param {string[]} keys */
  addUser(name, keys) {
    const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
    const secretAccessKey = randomBytes(30).toString('base64')
    const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(60).toString('base64')}`
    this.identities.set(accessKeyId, { secretAccessKey, sessionToken, arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, keys: new Set(keys) })
    this.issued.push(accessKeyId, secretAccessKey, sessionToken)
    return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken }
  }

  /**
   * A role whose trust policy lets the runner's OIDC tokens with aud sts.amazonaws.com and a `sub`
   * matching one of `subjects` (StringLike: * and ?) assume it; it may kms:Sign with `keys`.
   * @param {string} name @param {string[]} subjects @param {string[]} keys
   */
  addRole(name, subjects, keys) {
    const arn = `arn:aws:iam::${ACCOUNT}:role/${name}`
    this.roles.set(arn, { subjects, keys: new Set(keys) })
    return arn
  }

  /** @param {string} service */
  requestsFor(service) {
    return this.requests.filter(r => r.service === service)
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} body */
  handle(req, res, body) {
    const target = String(req.headers['x-amz-target'] ?? '')
    const service = target.startsWith('TrentService.') ? 'kms' : 'sts'
    /** @type {AwsRequest} */
    const record = { service, status: 200, headers: req.headers, body }
    this.requests.push(record)
    if (this.misbehave && 'redirect' in this.misbehave) {
      record.status = this.misbehave.redirect.status
      res.writeHead(record.status, { location: this.misbehave.redirect.location, 'content-length': '0' }).end()
      return
    }
    if (this.misbehave && 'oversized' in this.misbehave) {
      res.writeHead(200, { 'content-type': 'text/xml' })
      const chunk = Buffer.alloc(64 * 1024, 'x')
      for (let sent = 0; sent < this.misbehave.oversized; sent += chunk.length) res.write(chunk)
      res.end()
      return
    }
    try {
      const answer = service === 'kms' ? this.kms(req, body, record) : this.sts(req, body)
      res.writeHead(200, { 'content-type': service === 'kms' ? 'application/x-amz-json-1.1' : 'text/xml' }).end(answer)
    } catch (error) {
      const e = error instanceof AwsError ? error : new AwsError(500, 'InternalFailure', String(error))
      record.status = e.status
      record.error = e.type
      if (service === 'kms') {
        res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': `${e.type}:` })
        res.end(JSON.stringify({ __type: e.type, message: e.message }))
      } else {
        const xml = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${e.type}</Code><Message>${e.message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
        res.writeHead(e.status, { 'content-type': 'text/xml' }).end(xml)
      }
    }
  }

  /**
   * SigV4 as AWS checks it: structure, scope, date, signed headers, then the signature itself.
   * @param {import('node:http').IncomingMessage} req @param {string} body @param {string} service
   */
  verifySigV4(req, body, service) {
    const authorization = String(req.headers.authorization ?? '')
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        authorization
      )
    if (!match) throw new AwsError(400, 'IncompleteSignature', 'Authorization header requires Credential, SignedHeaders and Signature.')
    const [, accessKeyId = '', date = '', region = '', scopeService, signedHeaders = '', signature] = match
    const identity = this.identities.get(accessKeyId)
    if (!identity) throw new AwsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.')
    const amzDate = String(req.headers['x-amz-date'] ?? '')
    const skew = Math.abs(Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now())
    if (!(skew < 5 * 60_000) || amzDate.slice(0, 8) !== date)
      throw new AwsError(400, 'InvalidSignatureException', 'Signature expired or x-amz-date is wrong.')
    const names = signedHeaders.split(';')
    for (const required of ['host', 'x-amz-date', ...(service === 'kms' ? ['x-amz-target'] : [])])
      if (!names.includes(required)) throw new AwsError(400, 'InvalidSignatureException', `'${required}' must be a signed header.`)
    if (identity.sessionToken !== undefined && req.headers['x-amz-security-token'] !== identity.sessionToken)
      throw new AwsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.')
    if (req.headers['x-amz-security-token'] !== undefined && !names.includes('x-amz-security-token'))
      throw new AwsError(400, 'InvalidSignatureException', "'x-amz-security-token' must be signed.")
    if (scopeService !== service)
      throw new AwsError(400, 'InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`)
    const url = new URL(req.url ?? '/', 'http://localhost')
    const canonical = [
      req.method,
      url.pathname.split('/').map(encode).join('/'),
      // By encoded name, then value (byte order), as AWS sorts.
      [...url.searchParams]
        .map(([k, v]) => [encode(k), encode(v)])
        .sort(([k1 = '', v1 = ''], [k2 = '', v2 = '']) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
      names
        .map(
          name =>
            `${name}:${String(req.headers[name] ?? '')
              .trim()
              .replace(/\s+/g, ' ')}\n`
        )
        .join(''),
      signedHeaders,
      sha256(body)
    ].join('\n')
    const scope = `${date}/${region}/${service}/aws4_request`
    const key = hmac(hmac(hmac(hmac(`AWS4${identity.secretAccessKey}`, date), region), service), 'aws4_request')
    const expected = hmac(key, ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).toString('hex')
    if (expected !== signature)
      throw new AwsError(400, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.')
    return { accessKeyId, identity, region }
  }

  /** @param {import('node:http').IncomingMessage} req @param {string} body @param {AwsRequest} record */
  kms(req, body, record) {
    if (req.method !== 'POST' || req.headers['x-amz-target'] !== 'TrentService.Sign')
      throw new AwsError(400, 'UnknownOperationException', `Unsupported ${req.method} ${String(req.headers['x-amz-target'])}.`)
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
      throw new AwsError(400, 'SerializationException', 'Content-Type must be application/x-amz-json-1.1.')
    const { accessKeyId, identity, region } = this.verifySigV4(req, body, 'kms')
    record.accessKeyId = accessKeyId
    record.region = region
    const input = JSON.parse(body)
    if (input.MessageType !== 'RAW' || input.SigningAlgorithm !== 'RSASSA_PKCS1_V1_5_SHA_256' || typeof input.Message !== 'string')
      throw new AwsError(400, 'ValidationException', 'Expected MessageType RAW, SigningAlgorithm RSASSA_PKCS1_V1_5_SHA_256 and a Message.')
    const key = this.findKey(String(input.KeyId), region)
    if (!identity.keys.has(key.arn))
      throw new AwsError(
        400,
        'AccessDeniedException',
        `User: ${identity.arn} is not authorized to perform: kms:Sign on resource: ${key.arn} because no identity-based policy allows the kms:Sign action`
      )
    if (key.state === 'Disabled') throw new AwsError(400, 'DisabledException', `${key.arn} is disabled.`)
    if (key.state === 'PendingImport' || !key.privateKey)
      throw new AwsError(400, 'KMSInvalidStateException', `${key.arn} is pending import.`)
    if (key.state === 'PendingDeletion') throw new AwsError(400, 'KMSInvalidStateException', `${key.arn} is pending deletion.`)
    const signature = createSign('RSA-SHA256').update(Buffer.from(input.Message, 'base64')).sign(key.privateKey)
    return JSON.stringify({ KeyId: key.arn, Signature: signature.toString('base64'), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })
  }

  /** A key by ID, ARN, alias or alias ARN, in the region the request was signed for. @param {string} keyId @param {string} region */
  findKey(keyId, region) {
    const alias = /^(?:arn:aws:kms:([^:]+):\d+:)?(alias\/.+)$/.exec(keyId)
    const inRegion = [...this.keys.values()].filter(k => k.region === region)
    const key = alias
      ? inRegion.find(k => k.aliases.includes(alias[2] ?? '') && (!alias[1] || alias[1] === region))
      : inRegion.find(k => k.id === keyId || k.arn === keyId)
    if (key) return key
    if (alias) throw new AwsError(400, 'NotFoundException', `Alias arn:aws:kms:${region}:${ACCOUNT}:${alias[2]} is not found.`)
    throw new AwsError(
      400,
      'NotFoundException',
      `Key '${keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`}' does not exist`
    )
  }

  /** @param {import('node:http').IncomingMessage} req @param {string} body */
  sts(req, body) {
    const form = new URLSearchParams(body)
    if (req.method !== 'POST' || form.get('Action') !== 'AssumeRoleWithWebIdentity' || form.get('Version') !== '2011-06-15')
      throw new AwsError(400, 'InvalidAction', 'Could not find operation for this request.')
    const roleArn = form.get('RoleArn') ?? ''
    const session = form.get('RoleSessionName') ?? ''
    if (!/^[\w+=,.@-]{2,64}$/.test(session)) throw new AwsError(400, 'ValidationError', 'RoleSessionName is invalid.')
    const claims = this.verifyWebIdentity(form.get('WebIdentityToken') ?? '')
    const role = this.roles.get(roleArn)
    const like = (/** @type {string} */ pattern) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`
      ).test(String(claims.sub))
    if (!role || claims.aud !== 'sts.amazonaws.com' || !role.subjects.some(like))
      throw new AwsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    const seconds = Number(form.get('DurationSeconds') ?? 3600)
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`
    const secretAccessKey = randomBytes(30).toString('base64')
    const sessionToken = `FwoGZXIvYXdzE${randomBytes(90).toString('base64')}`
    const assumedArn = `arn:aws:sts::${ACCOUNT}:assumed-role/${roleArn.split('/').pop()}/${session}`
    this.identities.set(accessKeyId, { secretAccessKey, sessionToken, arn: assumedArn, keys: role.keys })
    this.issued.push(accessKeyId, secretAccessKey, sessionToken)
    const expiration = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    return `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Audience>sts.amazonaws.com</Audience><AssumedRoleUser><AssumedRoleId>AROA:${session}</AssumedRoleId><Arn>${assumedArn}</Arn></AssumedRoleUser><Provider>arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com</Provider><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${secretAccessKey}</SecretAccessKey><SessionToken>${sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials><SubjectFromWebIdentityToken>${claims.sub}</SubjectFromWebIdentityToken></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`
  }

  /** The token's claims when the account's OIDC provider vouches for it. @param {string} token */
  verifyWebIdentity(token) {
    const [header, payload, signature] = token.split('.')
    if (!this.oidcPublicKey)
      throw new AwsError(
        400,
        'InvalidIdentityToken',
        'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com'
      )
    const valid =
      header &&
      payload &&
      signature &&
      createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(this.oidcPublicKey, Buffer.from(signature, 'base64url'))
    if (!valid) throw new AwsError(400, 'InvalidIdentityToken', 'Incorrect token signature.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw new AwsError(400, 'ExpiredTokenException', 'Token expired.')
    return claims
  }
}
