/**
 * AWS calls never follow a redirect and never read a huge answer. An STS, KMS or runner token endpoint
 * that answers 307 would otherwise have the step re-send STS's body (the job's OIDC token), KMS's
 * x-amz-security-token or the runner's request token to the host it names. Through both fetches the
 * signer uses: node:https (no proxy) and undici's (the proxy path).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { closeServer, listenLocal } from '../../../../../emulator/local-server.js'
import { RunnerOidc } from '../../../../../emulator/runner-oidc.js'
import { keyPair } from '../../../../../emulator/test-keys.js'
import { assumeRoleWithOidc } from '../../../../../src/auth/signers/aws/credentials.js'
import { kmsSign } from '../../../../../src/auth/signers/aws/kms.js'
import { nodeFetch } from '../../../../../src/http/node-fetch.js'
import type { SignerContext } from '../../../../../src/auth/signer-context.js'
import { AwsStandIn } from '../../../../../emulator/aws-standin.js'

let aws: AwsStandIn
let oidc: RunnerOidc
let elsewhere: Server
let elsewhereUrl = ''
const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = []
let role = ''
let keyArn = ''
let user: Record<string, string>

beforeAll(async () => {
  oidc = new RunnerOidc({ sub: 'repo:octo-org/upstream:ref:refs/heads/main' })
  await oidc.start()
  aws = new AwsStandIn({ oidcPublicKey: oidc.publicKey })
  await aws.start()
  const key = aws.addKey({ privateKey: keyPair('app-0').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })
  keyArn = key.arn
  user = aws.addUser('dispatcher', [key.arn])
  role = aws.addRole('dispatch', ['repo:octo-org/upstream:*'], [key.arn])
  // The host a redirect names: it must never hear from the step.
  elsewhere = createServer((req, res) => {
    let body = ''
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  elsewhereUrl = await listenLocal(elsewhere)
})
afterAll(async () => {
  await Promise.all([aws.stop(), oidc.stop(), closeServer(elsewhere)])
})
beforeEach(() => {
  received.length = 0
  aws.requests.length = 0
  aws.misbehave = undefined
})

const fetches = [
  ['node:https (no proxy)', nodeFetch as unknown as typeof fetch],
  ["undici's fetch (the proxy path)", globalThis.fetch]
] as const

function contextWith(fetchImpl: typeof fetch): SignerContext {
  return {
    onSecret: () => undefined,
    log: { info: () => undefined, debug: () => undefined },
    sleep: () => Promise.resolve(),
    fetchFor: () => fetchImpl
  }
}

const stsEnv = (): Record<string, string> => ({ ...oidc.env(), AWS_ENDPOINT_URL_STS: aws.url })
const sign = (fetchImpl: typeof fetch) =>
  kmsSign(
    contextWith(fetchImpl),
    { AWS_ENDPOINT_URL_KMS: aws.url },
    { keyId: keyArn, region: 'eu-west-1' },
    {
      accessKeyId: user['AWS_ACCESS_KEY_ID'] ?? '',
      secretAccessKey: user['AWS_SECRET_ACCESS_KEY'] ?? '',
      sessionToken: user['AWS_SESSION_TOKEN'] ?? ''
    },
    'the dispatcher',
    Buffer.from('header.payload')
  )

describe.each(fetches)('through %s', (_name, fetchImpl) => {
  test('the stand-ins work as they are (the control case)', async () => {
    await expect(assumeRoleWithOidc(contextWith(fetchImpl), stsEnv(), role, 'eu-west-1')).resolves.toMatchObject({
      credentials: { accessKeyId: expect.any(String) }
    })
    await expect(sign(fetchImpl)).resolves.toBeInstanceOf(Buffer)
  })

  test.each([307, 308, 302])('STS answers %d: the OIDC token goes nowhere else; one attempt, a clear message', async status => {
    aws.misbehave = { redirect: { status, location: `${elsewhereUrl}/steal` } }
    const attempt = assumeRoleWithOidc(contextWith(fetchImpl), stsEnv(), role, 'eu-west-1')
    await expect(attempt).rejects.toThrow(
      `AWS STS at ${aws.url} answered with a redirect, which was not followed: it never redirects, and following it would carry the request and its credentials to another host.`
    )
    expect(received).toEqual([])
    expect(aws.requestsFor('sts')).toHaveLength(1)
  })

  test('KMS answers 307: its x-amz-security-token goes nowhere else', async () => {
    aws.misbehave = { redirect: { status: 307, location: `${elsewhereUrl}/steal` } }
    await expect(sign(fetchImpl)).rejects.toThrow(`AWS KMS at ${aws.url} answered with a redirect, which was not followed`)
    expect(received).toEqual([])
    expect(aws.requestsFor('kms')).toHaveLength(1)
  })

  test("the runner's token service answers 307: the request token goes nowhere else", async () => {
    const redirecting = createServer((_req, res) => res.writeHead(307, { location: `${elsewhereUrl}/token` }).end())
    const url = await listenLocal(redirecting)
    try {
      const env = { ...stsEnv(), ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/_apis/token?api-version=2.0` }
      await expect(assumeRoleWithOidc(contextWith(fetchImpl), env, role, 'eu-west-1')).rejects.toThrow(
        `the runner's OIDC token service at ${url} answered with a redirect, which was not followed`
      )
      expect(received).toEqual([])
    } finally {
      await closeServer(redirecting)
    }
  })

  test('an answer over 1 MiB is refused, not read to its end', async () => {
    aws.misbehave = { oversized: 8 * 1024 * 1024 }
    await expect(assumeRoleWithOidc(contextWith(fetchImpl), stsEnv(), role, 'eu-west-1')).rejects.toThrow(
      `AWS STS at ${aws.url} answered with more than 1 MiB, which was refused unread`
    )
    await expect(sign(fetchImpl)).rejects.toThrow(`AWS KMS at ${aws.url} answered with more than 1 MiB`)
    expect(aws.requests).toHaveLength(2)
  })
})
