/**
 * The plain Node HTTP adapter: reads the body (bounded in size and time),
 * answers Slack, then runs the accepted work. It never rejects and never
 * throws: a client hanging up mid-body, a body over the limit or a slow body
 * gets a response or a closed socket, and the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { AppDispatchError, messageOf } from '../model/errors.js'
import type { ApprovalHandler } from './types.js'

export const MAX_BODY_BYTES = 1024 * 1024
export const BODY_TIMEOUT_MS = 10_000

class BodyError extends AppDispatchError {
  override readonly name = 'BodyError'
  constructor(
    readonly status: number | undefined,
    message: string
  ) {
    super('request-body', message)
  }
}

/** The request body as text; rejects with BodyError (status undefined: the client is gone). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES, timeoutMs = BODY_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (error?: BodyError): void => {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
      if (error) reject(error)
      else resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        req.pause()
        return done(new BodyError(413, 'Request body too large.'))
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => done()
    const onError = (error: Error): void => done(new BodyError(undefined, error.message))
    const onClose = (): void => done(new BodyError(undefined, 'The client went away before the body ended.'))
    const timer = setTimeout(() => done(new BodyError(408, 'The request body took too long.')), timeoutMs)
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', onError)
    req.once('close', onClose)
  })
}

export function nodeAdapter(handler: ApprovalHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    // Errors on the sockets are the client's business: never an unhandled 'error' event.
    req.on('error', () => undefined)
    res.on('error', () => undefined)
    let rawBody: string
    try {
      rawBody = await readBody(req, MAX_BODY_BYTES, handler.config.bodyTimeoutMs ?? BODY_TIMEOUT_MS)
    } catch (error) {
      const status = error instanceof BodyError ? error.status : undefined
      handler.log.warning(`Dropped a request: ${messageOf(error)}`)
      if (status !== undefined && !res.headersSent) res.writeHead(status, { connection: 'close' }).end()
      else res.destroy()
      return
    }
    try {
      const { response, work } = await handler.handle({ method: req.method ?? 'GET', headers: req.headers, rawBody })
      res.writeHead(response.status, response.headers).end(response.body)
      if (work) await handler.run(work)
    } catch (error) {
      handler.log.warning(`The approval handler failed unexpectedly: ${messageOf(error)}`)
      if (!res.headersSent) res.writeHead(500).end()
    }
  }
}
