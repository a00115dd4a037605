// @ts-check
/**
 * A stand-in for the short-lived storage GitHub redirects artifact and log
 * downloads to: another server on 127.0.0.1 (another port, so another
 * origin), serving blobs by unguessable path. It records every request and
 * whether it carried an Authorization header (it must never), honours
 * `Range: bytes=-N` (the suffix form) unless told not to, and can serve a
 * generated body of any size without holding it in memory.
 */
import { createServer } from 'node:http'
import { closeServer, listenLocal } from './local-server.js'
import { randomBytes } from 'node:crypto'

/**
 * @typedef {({ bytes: Buffer } | { size: number, filler: string, tail: string }) & { contentType?: string }} Blob
 * @typedef {{ path: string, authorization: boolean, range: string | undefined, bytesSent: number, status: number }} BlobRequest
 */

export class BlobStorage {
  constructor() {
    /** @type {Map<string, Blob>} */
    this.blobs = new Map()
    /** @type {BlobRequest[]} */
    this.requests = []
    /** false: answer every request with the whole body (a server that ignores Range). */
    this.honourRange = true
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
    this.url = ''
  }

  async start() {
    this.server = createServer((req, res) => this.handle(req, res))
    this.url = await listenLocal(this.server)
    return this.url
  }

  async stop() {
    await closeServer(this.server)
    this.server = undefined
  }

  /** Stores a blob; returns its signed-looking URL. @param {Blob} blob */
  put(blob) {
    const path = `/blob/${randomBytes(12).toString('hex')}`
    this.blobs.set(path, blob)
    return `${this.url}${path}?sig=${randomBytes(8).toString('hex')}&se=short-lived`
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://storage')
    const blob = this.blobs.get(url.pathname)
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined
    /** @type {BlobRequest} */
    const record = { path: url.pathname, authorization: req.headers.authorization !== undefined, range, bytesSent: 0, status: 0 }
    this.requests.push(record)
    if (!blob) {
      record.status = 404
      res.writeHead(404).end('BlobNotFound')
      return
    }
    const size = 'bytes' in blob ? blob.bytes.length : blob.size
    const suffix = this.honourRange && range ? /^bytes=-(\d+)$/.exec(range) : null
    const start = suffix ? Math.max(0, size - Number(suffix[1])) : 0
    record.status = suffix ? 206 : 200
    res.writeHead(record.status, {
      'content-type': blob.contentType ?? 'application/octet-stream',
      'content-length': String(size - start),
      ...(suffix ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {})
    })
    if ('bytes' in blob) {
      record.bytesSent = size - start
      res.end(blob.bytes.subarray(start))
      return
    }
    // A generated body: filler lines, then the tail, streamed with back-pressure.
    const tail = Buffer.from(blob.tail)
    const fillerSize = size - tail.length
    const filler = Buffer.from(blob.filler.repeat(Math.ceil(65536 / blob.filler.length)).slice(0, 65536))
    let position = start
    const pump = () => {
      while (position < size) {
        let chunk
        if (position < fillerSize) {
          const offset = position % filler.length
          chunk = filler.subarray(offset, Math.min(filler.length, offset + fillerSize - position))
        } else {
          chunk = tail.subarray(position - fillerSize)
        }
        position += chunk.length
        record.bytesSent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      res.end()
    }
    res.on('close', () => (position = size))
    pump()
  }
}
