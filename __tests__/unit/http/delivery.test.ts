/**
 * Which failures prove a request never reached the server, with the errors
 * the real request stack raises (Octokit over node:http), and what the stack
 * does with a request that must not take effect twice.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createServer, type Server, type Socket } from 'node:net'
import { Octokit } from '@octokit/core'
import { createTransport, createTokenClient } from '../../../src/http/client.js'
import { failsBySettings, mayHaveArrived, provenNotDelivered } from '../../../src/http/delivery.js'
import { networkErrorText } from '../../../src/http/request-error.js'

let closedPort = 0
let resetting: Server
let resetPort = 0
let resetConnections = 0
let plaintext: Server
let plaintextPort = 0
const openSockets = new Set<Socket>()

beforeAll(async () => {
  const probe = createServer()
  closedPort = await new Promise<number>(resolve => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)))
  await new Promise(resolve => probe.close(resolve))
  // Reads the request, then drops the connection: it may have been processed.
  resetting = createServer(socket => {
    resetConnections++
    socket.once('data', () => socket.destroy())
  })
  resetPort = await new Promise<number>(resolve =>
    resetting.listen(0, '127.0.0.1', () => resolve((resetting.address() as { port: number }).port))
  )
  // Answers a TLS client hello with plaintext: the handshake fails before any byte of a request is written.
  plaintext = createServer(socket => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'))
  for (const server of [resetting, plaintext])
    server.on('connection', (socket: Socket) => {
      openSockets.add(socket)
      socket.on('close', () => openSockets.delete(socket))
    })
  plaintextPort = await new Promise<number>(resolve =>
    plaintext.listen(0, '127.0.0.1', () => resolve((plaintext.address() as { port: number }).port))
  )
})
afterAll(async () => {
  // Sockets the tests left open (a client's kept-alive connection) must not hold the close up.
  for (const server of [resetting, plaintext]) {
    for (const socket of openSockets) socket.destroy()
    await new Promise(resolve => server.close(resolve))
  }
})

const quiet = { debug: () => undefined, info: () => undefined, notice: () => undefined, warning: () => undefined }

function client(port: number, waits: number[], scheme = 'http'): Octokit {
  const transport = createTransport({
    apiUrl: `${scheme}://127.0.0.1:${port}`,
    userAgent: 'test',
    log: quiet,
    onSecret: () => undefined,
    clock: { now: () => Date.now(), sleep: (ms: number) => Promise.resolve(void waits.push(ms)) }
  })
  return createTokenClient(transport, 'ghs_test')
}

const post = (octokit: Octokit) =>
  octokit.request('POST /repos/{owner}/{repo}/dispatches', {
    owner: 'o',
    repo: 'r',
    event_type: 'deploy',
    request: { retryAmbiguous: false }
  })

test('connection refused: proven not delivered, so even a dispatch is sent again (and retried to the end)', async () => {
  const waits: number[] = []
  const error = await post(client(closedPort, waits)).catch((e: unknown) => e)
  expect(provenNotDelivered(error)).toBe(true)
  expect(mayHaveArrived(error)).toBe(false)
  expect(waits).toHaveLength(4)
})

test('connection dropped after the request was written: may have arrived, sent once only', async () => {
  const waits: number[] = []
  resetConnections = 0
  const error = await post(client(resetPort, waits)).catch((e: unknown) => e)
  expect(provenNotDelivered(error)).toBe(false)
  expect(mayHaveArrived(error)).toBe(true)
  expect(waits).toHaveLength(0)
  expect(resetConnections).toBe(1)
})

test('https to a port that answers the TLS hello with plaintext: the handshake failed, never sent, so a dispatch is sent again', async () => {
  const waits: number[] = []
  const error = await post(client(plaintextPort, waits, 'https')).catch((e: unknown) => e)
  expect(networkErrorText(error)).toMatch(/wrong version number|packet length too long/)
  expect(provenNotDelivered(error)).toBe(true)
  expect(mayHaveArrived(error)).toBe(false)
  // A settings failure (an https:// URL on a plain port): one retry, for a blip.
  expect(waits).toHaveLength(1)
})

test('"never sent" is judged by what the socket did, not by the error code', () => {
  const eproto = { message: 'C0FC:error:0A00010B:SSL routines::wrong version number', code: 'EPROTO' }
  const failure = (connected?: boolean) => ({
    message: eproto.message,
    cause: { name: 'TypeError', message: 'fetch failed', cause: eproto, ...(connected === undefined ? {} : { connected }) }
  })
  // The handshake (or the connection) had completed, or the socket was reused: the request may have been written.
  expect(provenNotDelivered(failure(true))).toBe(false)
  expect(mayHaveArrived(failure(true))).toBe(true)
  expect(provenNotDelivered(failure(false))).toBe(true)
  // Past the handshake, the URL and the settings were good: not a settings failure (the usual backoff applies).
  expect(failsBySettings(failure(true))).toBe(false)
  expect(failsBySettings(failure(false))).toBe(true)
  // Without the socket's account (the proxy path), OpenSSL's record errors prove nothing; connecting errors do.
  expect(provenNotDelivered(failure())).toBe(false)
  expect(provenNotDelivered(chain({ message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ECONNREFUSED' }))).toBe(true)
  expect(provenNotDelivered(chain({ message: 'self-signed certificate', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe(true)
  expect(provenNotDelivered(chain({ message: 'read ECONNRESET', code: 'ECONNRESET' }))).toBe(false)
})

test('answers: a 5xx may have arrived, a 4xx did not take effect', () => {
  const answered = (status: number) => Object.assign(new Error('x'), { status, response: { status, headers: {} } })
  expect(mayHaveArrived(answered(502))).toBe(true)
  expect(mayHaveArrived(answered(422))).toBe(false)
  expect(provenNotDelivered(answered(502))).toBe(false)
})

/** A failure as the request stack sees it: Octokit's error → fetch's TypeError → the socket's error (plain objects: any realm). */
const chain = (socket: { message: string; code?: string }, octokitMessage = socket.message) => ({
  message: octokitMessage,
  cause: { name: 'TypeError', message: 'fetch failed', cause: socket }
})

test('failures from the URL or the settings are told apart by code, not by words a host name could hold', () => {
  expect(failsBySettings(chain({ message: 'getaddrinfo ENOTFOUND api.githb.com', code: 'ENOTFOUND' }))).toBe(true)
  expect(failsBySettings(chain({ message: 'self-signed certificate in certificate chain', code: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toBe(true)
  expect(failsBySettings(chain({ message: 'C0FC:error:0A00010B:SSL routines::wrong version number', code: 'EPROTO' }))).toBe(true)
  // Passing faults keep the usual backoff, whatever the host is called.
  expect(failsBySettings(chain({ message: 'getaddrinfo EAI_AGAIN certificate.example', code: 'EAI_AGAIN' }))).toBe(false)
  expect(failsBySettings(chain({ message: 'C0FC:error:0A000410:SSL routines::sslv3 alert handshake failure', code: 'EPROTO' }))).toBe(false)
  expect(failsBySettings(chain({ message: 'read ECONNRESET', code: 'ECONNRESET' }))).toBe(false)
  // An answer is never a settings failure.
  expect(failsBySettings({ ...chain({ message: 'x', code: 'ENOTFOUND' }), status: 404, response: { status: 404 } })).toBe(false)
})

test('networkErrorText: each message along the chain once, without a bare "fetch failed" when there is more', () => {
  // Octokit copies the socket's message when it can see it (same realm) ...
  expect(networkErrorText(chain({ message: 'getaddrinfo ENOTFOUND api.x', code: 'ENOTFOUND' }))).toBe('getaddrinfo ENOTFOUND api.x')
  // ... and says only "fetch failed" when the cause comes from another realm: the socket's message is still found.
  expect(networkErrorText(chain({ message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'fetch failed'))).toBe('connect ECONNREFUSED 127.0.0.1:1')
  expect(networkErrorText({ message: 'fetch failed' })).toBe('fetch failed')
  expect(networkErrorText({ message: 'a', cause: { message: 'b', cause: { message: 'a' } } })).toBe('a; b')
  expect(networkErrorText('plain text')).toBe('plain text')
})
