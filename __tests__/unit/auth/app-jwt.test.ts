/**
 * The signer seam (src/auth/app-jwt.ts) and SigV4 (src/auth/signers/aws/sigv4.ts):
 * JWTs GitHub accepts, one signature per JWT lifetime, AWS's own test vectors.
 */
import { describe, expect, test } from '@jest/globals'
import { createHash, createHmac, createSign, createVerify, generateKeyPairSync } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { cachedJwt, jwtFromSigner, JWT_REUSE_MARGIN_MS } from '../../../src/auth/app-jwt.js'
import { signRequest } from '../../../src/auth/signers/aws/sigv4.js'
import { explainKmsError } from '../../../src/auth/signers/aws/kms.js'
import { plainMessage } from '../../../src/model/placeholders.js'

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const localSigner = (input: Buffer): Promise<Buffer> => Promise.resolve(createSign('RSA-SHA256').update(input).sign(privateKey))

function decode(jwt: string): { header: unknown; claims: Record<string, unknown>; valid: boolean } {
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    valid: createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature, 'base64url'))
  }
}

describe('jwtFromSigner', () => {
  test('an RS256 JWT as GitHub wants it: iat 60 s back, exp 10 minutes after iat, numeric iss', async () => {
    const now = Date.parse('2026-11-29T12:00:00Z')
    const { jwt, expiresAt } = await jwtFromSigner(localSigner, () => now)('123456')
    const { header, claims, valid } = decode(jwt)
    expect(valid).toBe(true)
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(claims).toEqual({ iat: now / 1000 - 60, exp: now / 1000 + 540, iss: 123456 })
    expect(expiresAt).toBe('2026-11-29T12:09:00.000Z')
  })
  test("a Client ID stays text; GitHub's clock correction moves the claims, not expiresAt", async () => {
    const now = Date.parse('2026-11-29T12:00:00Z')
    const { jwt, expiresAt } = await jwtFromSigner(localSigner, () => now)('Iv23liabc', 300)
    expect(decode(jwt).claims).toEqual({ iat: now / 1000 + 240, exp: now / 1000 + 840, iss: 'Iv23liabc' })
    expect(expiresAt).toBe('2026-11-29T12:09:00.000Z')
  })
})

describe('cachedJwt', () => {
  test('one signature for concurrent and later requests until shortly before expiry, then a new one', async () => {
    let now = Date.parse('2026-11-29T12:00:00Z')
    let signatures = 0
    const create = cachedJwt(
      jwtFromSigner(
        async input => (signatures++, localSigner(input)),
        () => now
      ),
      () => now
    )
    const [a, b] = await Promise.all([create('1'), create('1')])
    expect(a.jwt).toBe(b.jwt)
    now += 9 * 60_000 - JWT_REUSE_MARGIN_MS - 1000
    expect((await create('1')).jwt).toBe(a.jwt)
    expect(signatures).toBe(1)
    now += 2000
    expect((await create('1')).jwt).not.toBe(a.jwt)
    expect(signatures).toBe(2)
    // A clock correction is a different JWT.
    await create('1', 120)
    expect(signatures).toBe(3)
  })
  test('a failure is not kept: the next request signs again', async () => {
    let calls = 0
    const create = cachedJwt(() => {
      calls++
      if (calls === 1) return Promise.reject(new Error('KMS unavailable'))
      return Promise.resolve({ jwt: 'a.b.c', expiresAt: new Date(Date.now() + 600_000).toISOString() })
    })
    await expect(create('1')).rejects.toThrow('KMS unavailable')
    await expect(create('1')).resolves.toEqual({ jwt: 'a.b.c', expiresAt: expect.any(String) })
    expect(calls).toBe(2)
  })
})

describe('SigV4', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
  test("AWS's test suite: post-vanilla", () => {
    const headers = signRequest({
      method: 'POST',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      body: '',
      service: 'service',
      region: 'us-east-1',
      credentials,
      now: Date.parse('2015-08-30T12:36:00Z')
    })
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
        'Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'
    )
  })
  test('a KMS Sign request with a session token: the signature aws4fetch computes for it', () => {
    const headers = signRequest({
      method: 'POST',
      url: new URL('https://kms.eu-west-1.amazonaws.com/'),
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'TrentService.Sign' },
      body: '{"KeyId":"alias/app"}',
      service: 'kms',
      region: 'eu-west-1',
      credentials: { ...credentials, sessionToken: 'session-token-example' },
      now: Date.parse('2026-11-29T14:41:22Z')
    })
    expect(headers).toEqual({
      host: 'kms.eu-west-1.amazonaws.com',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-date': '20261129T144122Z',
      'x-amz-security-token': 'session-token-example',
      'x-amz-target': 'TrentService.Sign',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/kms/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ' +
        'Signature=fedd48eb323de0ec4ffcef0336ea01e5a19f525187883149da3363a41c215964'
    })
  })
})

test("SigV4's canonical query is sorted by name, then value, as AWS sorts it (@smithy/signature-v4, the AWS SDK's signer, as the oracle)", async () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
  // "a-b=1" sorts before "a=2" as text ('-' < '='); AWS sorts by name first: a, then a-b. Then by value: x=1 before x=2.
  const url = new URL('https://example.amazonaws.com/?a-b=1&x=2&a=2&x=1&b=%20c')
  const now = Date.parse('2026-11-29T14:41:22Z')
  const ours = signRequest({ method: 'GET', url, headers: {}, body: '', service: 'service', region: 'us-east-1', credentials, now })
  const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
    typeof data === 'string'
      ? data
      : ArrayBuffer.isView(data)
        ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
        : Buffer.from(data)
  /** node:crypto as the SDK's Checksum (HMAC when given a key). */
  class Sha256 {
    private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>
    constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
      this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
    }
    update(data: string | ArrayBuffer | ArrayBufferView): void {
      this.hash.update(bytes(data))
    }
    digest(): Promise<Uint8Array> {
      return Promise.resolve(this.hash.digest())
    }
    reset(): void {}
  }
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'service',
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false
  })
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: url.hostname,
      path: '/',
      query: { 'a-b': '1', x: ['2', '1'], a: '2', b: ' c' },
      headers: { host: url.host }
    },
    { signingDate: new Date(now) }
  )
  expect(ours['authorization']).toBe(signed.headers['authorization'])
})

describe('KMS refusals in words', () => {
  const key = { keyId: 'alias/app-dispatch', region: 'eu-west-1' }
  test('AccessDeniedException names the identity, the key and the policy line', () => {
    const text = explainKmsError(
      'AccessDeniedException',
      'User: arn:aws:sts::111122223333:assumed-role/dispatch/s is not authorized to perform: kms:Sign on resource: arn:aws:kms:eu-west-1:111122223333:key/k1 because no identity-based policy allows the kms:Sign action',
      key,
      'the AWS credentials in the environment'
    )
    expect(text).toMatch(
      /^arn:aws:sts::111122223333:assumed-role\/dispatch\/s may not kms:Sign with arn:aws:kms:eu-west-1:111122223333:key\/k1/
    )
    expect(text).toContain('{"Effect": "Allow", "Action": "kms:Sign", "Resource": "arn:aws:kms:eu-west-1:111122223333:key/k1"}')
  })
  test('a key pending import, pending deletion, disabled or missing', () => {
    expect(explainKmsError('KMSInvalidStateException', 'arn:aws:kms:eu-west-1:1:key/k is pending import.', key, '')).toMatch(
      /cannot sign in its state PendingImport .*Import the App's private key/
    )
    expect(explainKmsError('KMSInvalidStateException', 'k is pending deletion.', key, '')).toMatch(/PendingDeletion .*cancel-key-deletion/)
    expect(explainKmsError('DisabledException', 'k is disabled.', key, '')).toMatch(/is disabled .*enable-key/)
    // Placeholders are marked for the front end to render (model/placeholders.ts); unrendered they read {name}.
    expect(plainMessage(explainKmsError('NotFoundException', 'Alias arn:… is not found.', key, ''))).toMatch(
      /alias\/app-dispatch in eu-west-1 does not exist .*set \{aws-region\} to that region or pass the key's ARN/
    )
  })
})
