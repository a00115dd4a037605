/**
 * KMS Sign against an implementation of KMS that is not ours: moto's server
 * (`moto_server`, Python), when this machine has it; skipped otherwise (CI
 * does not depend on it). It checks that the request app-dispatch sends is
 * one KMS understands, that the signature it returns is an RS256 signature
 * by the key, and that KMS's error shape is read. (moto does not check SigV4;
 * the stand-in in emulator/aws-standin.js does.)
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createPublicKey, createVerify } from 'node:crypto'
import { createServer } from 'node:net'
import { kmsSign } from '../../../../../src/auth/signers/aws/kms.js'
import { signRequest } from '../../../../../src/auth/signers/aws/sigv4.js'
import { nodeFetch } from '../../../../../src/http/node-fetch.js'
import type { SignerContext } from '../../../../../src/auth/signer-context.js'

const hasMoto = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0
const maybe = hasMoto ? test : test.skip
if (!hasMoto) console.warn('moto_server is not installed: the test against moto is skipped (the stand-in tests still run).')

const REGION = 'eu-west-1'
const credentials = { accessKeyId: 'AKIAMOTO', secretAccessKey: 'moto-secret' }
let moto: ChildProcess | undefined
let endpoint = ''

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise(resolve => server.close(resolve))
  return typeof address === 'object' && address ? address.port : 0
}

/** A KMS JSON call, signed as app-dispatch signs Sign (for the set-up calls only). */
async function kms(target: string, input: object): Promise<Record<string, unknown>> {
  const url = new URL(`${endpoint}/`)
  const body = JSON.stringify(input)
  const headers = signRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` },
    body,
    service: 'kms',
    region: REGION,
    credentials
  })
  const response = await nodeFetch(url, { method: 'POST', headers, body })
  return (await response.json()) as Record<string, unknown>
}

beforeAll(async () => {
  if (!hasMoto) return
  const port = await freePort()
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  endpoint = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      await nodeFetch(`${endpoint}/moto-api/`, {})
      return
    } catch {
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  throw new Error('moto_server did not start')
}, 30_000)
// Awaited, and killed if it lingers: moto_server shuts down gracefully on SIGTERM, which means waiting for
// the keep-alive connection this process's own agent (src/http/node-fetch.ts) still holds to it, so an
// un-awaited kill() left a live child process that kept the jest worker from exiting ("A worker process
// has failed to exit gracefully"). --detectOpenHandles did not show it: it tracks handles created by
// the test code's async resources, not a child process that simply has not exited yet.
afterAll(async () => {
  const child = moto
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
  await exited
  clearTimeout(timer)
})

maybe(
  "moto's KMS signs app-dispatch's Sign request; the signature verifies with the key's public key",
  async () => {
    const created = await kms('CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    const keyId = String((created['KeyMetadata'] as { KeyId: string }).KeyId)
    const { PublicKey } = await kms('GetPublicKey', { KeyId: keyId })
    const context: SignerContext = {
      onSecret: () => undefined,
      log: { info: () => undefined, debug: () => undefined },
      fetchFor: () => nodeFetch as unknown as typeof fetch
    }
    const env = { AWS_ENDPOINT_URL_KMS: endpoint }
    const message = Buffer.from('eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOjF9')
    const signature = await kmsSign(context, env, { keyId, region: REGION }, credentials, 'moto', message)
    const publicKey = createPublicKey({ key: Buffer.from(String(PublicKey), 'base64'), format: 'der', type: 'spki' })
    expect(createVerify('RSA-SHA256').update(message).verify(publicKey, signature)).toBe(true)

    await expect(
      kmsSign(context, env, { keyId: '00000000-0000-0000-0000-000000000000', region: REGION }, credentials, 'moto', message)
    ).rejects.toThrow(/does not exist \(NotFoundException\)/)
  },
  30_000
)
