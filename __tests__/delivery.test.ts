/**
 * Which failures prove a request never reached the server, with the errors
 * the real request stack raises (Octokit over node:http), and what the stack
 * does with a request that must not take effect twice.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:net'
import { Octokit } from '@octokit/core'
import { createTransport, createTokenClient } from '../src/github/client.js'
import { mayHaveArrived, provenNotDelivered } from '../src/github/delivery.js'

let closedPort = 0
let resetting: Server
let resetPort = 0
let resetConnections = 0

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
})
afterAll(async () => {
  await new Promise(resolve => resetting.close(resolve))
})

const quiet = { debug: () => undefined, info: () => undefined, notice: () => undefined, warning: () => undefined }

function client(port: number, waits: number[]): Octokit {
  const transport = createTransport({
    apiUrl: `http://127.0.0.1:${port}`,
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

test('answers: a 5xx may have arrived, a 4xx did not take effect', () => {
  const answered = (status: number) => Object.assign(new Error('x'), { status, response: { status, headers: {} } })
  expect(mayHaveArrived(answered(502))).toBe(true)
  expect(mayHaveArrived(answered(422))).toBe(false)
  expect(provenNotDelivered(answered(502))).toBe(false)
})
