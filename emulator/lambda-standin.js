// @ts-check
/**
 * A stand-in for AWS Lambda's Invoke API (POST /2015-03-31/functions/NAME/invocations),
 * enough for @aws-sdk/client-lambda: an `Event` invocation is answered 202 at
 * once and then run, as Lambda runs it, by calling `run(payload)`.
 */
import { createServer } from 'node:http'
import { closeServer, listenLocal } from './local-server.js'

export class LambdaStandIn {
  /** @param {(payload: unknown) => Promise<unknown>} run */
  constructor(run) {
    this.run = run
    /** @type {Array<{ functionName: string, invocationType: string, payload: unknown }>} */
    this.invocations = []
    /** @type {Promise<unknown>[]} */
    this.running = []
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => {
      let text = ''
      req.on('data', chunk => (text += chunk))
      req.on('end', () => {
        const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')
        if (!match) return void res.writeHead(404).end()
        const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse')
        const payload = JSON.parse(text || 'null')
        this.invocations.push({ functionName: decodeURIComponent(match[1] ?? ''), invocationType, payload })
        res.writeHead(invocationType === 'Event' ? 202 : 200, { 'content-type': 'application/json', 'x-amzn-requestid': 'r1' }).end('')
        this.running.push(this.run(payload))
      })
    })
    this.url = await listenLocal(this.server)
    return this.url
  }

  async stop() {
    await Promise.allSettled(this.running)
    await closeServer(this.server)
    this.server = undefined
  }
}
