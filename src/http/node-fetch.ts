/**
 * A fetch for Octokit's requests to the GitHub API over node:http/https with
 * one keep-alive agent per protocol. Hand-written because Node's own fetch
 * costs about 40 ms on first use (it loads its internal undici, measured in
 * `npm run bench`), most of the start-up budget of a step whose whole job
 * is four short requests; node:https costs about 10 ms. It implements only
 * what @octokit/request uses: method, headers, a string body, an abort
 * signal and redirect 'follow' | 'manual'; the response's status, url,
 * iterable headers with get(), text(), arrayBuffer() and body. Downloads
 * from storage hosts and proxies still use (undici's) fetch.
 */
import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http'
import { Readable } from 'node:stream'

const MAX_REDIRECTS = 5
const agents = new Map<string, Promise<{ request: typeof import('node:http').request; agent: HttpAgent }>>()

function client(protocol: string): Promise<{ request: typeof import('node:http').request; agent: HttpAgent }> {
  let loaded = agents.get(protocol)
  if (loaded === undefined) {
    loaded = (protocol === 'https:' ? import('node:https') : import('node:http')).then(module => ({
      request: module.request,
      agent: new module.Agent({ keepAlive: true, maxSockets: 50 })
    }))
    agents.set(protocol, loaded)
  }
  return loaded
}

class ResponseHeaders {
  constructor(private readonly raw: IncomingMessage['headers']) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this.raw))
      if (value !== undefined) yield [name, Array.isArray(value) ? value.join(', ') : value]
  }
}

/** The minimal Response @octokit/request reads. */
export interface MinimalResponse {
  status: number
  statusText: string
  url: string
  ok: boolean
  headers: ResponseHeaders
  text(): Promise<string>
  arrayBuffer(): Promise<ArrayBuffer>
  json(): Promise<unknown>
  body: ReadableStream<Uint8Array> | null
}

/**
 * fetch's TypeError for a request that got no answer, with what the socket had done by then:
 * `connected` false means the TCP connection (for https, the TLS handshake) never completed on a
 * fresh socket, so no byte of the request was written (delivery.ts, provenNotDelivered).
 */
export interface SocketFailure extends TypeError {
  cause: unknown
  connected: boolean
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof Error) return reason
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })
}

function once(url: URL, init: RequestInit): Promise<IncomingMessage> {
  return client(url.protocol).then(
    ({ request, agent }) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const signal = init.signal ?? undefined
        if (signal?.aborted) return reject(abortError(signal))
        const headers = { ...(init.headers as Record<string, string> | undefined) }
        const options: RequestOptions = { method: init.method ?? 'GET', headers, agent }
        let response: IncomingMessage | undefined
        // Whether the request could have left: the connection (for https, the TLS handshake) completed, or a
        // kept-alive socket was reused. Until then Node holds the request's bytes back (delivery.ts reads this).
        let connected = false
        const req = request(url, options, res => {
          response = res
          // An abort while the body is read ends the body too.
          res.once('close', () => signal?.removeEventListener('abort', onAbort))
          resolve(res)
        })
        const onAbort = (): void => {
          const error = abortError(signal as AbortSignal)
          req.destroy(error)
          response?.destroy(error)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        req.once('socket', socket => {
          if (req.reusedSocket) connected = true
          else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true))
        })
        req.on('error', error => {
          signal?.removeEventListener('abort', onAbort)
          // As fetch does: a TypeError whose cause is the network error, plus what the socket did.
          const failure: SocketFailure = Object.assign(new TypeError('fetch failed'), {
            cause: error,
            connected: connected || req.reusedSocket
          })
          reject(signal?.aborted ? abortError(signal) : failure)
        })
        if (typeof init.body === 'string') req.end(init.body)
        else req.end()
      })
  )
}

function collect(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('end', () => resolve(Buffer.concat(chunks)))
    res.on('error', reject)
  })
}

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<MinimalResponse> {
  let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
  let current = init
  for (let hop = 0; ; hop++) {
    const res = await once(url, current)
    const status = res.statusCode ?? 0
    const location = res.headers.location
    const redirected = [301, 302, 303, 307, 308].includes(status) && location !== undefined
    if (redirected && current.redirect === 'error') {
      res.destroy()
      throw Object.assign(new TypeError('fetch failed'), { cause: new Error(`unexpected redirect to ${new URL(location, url).origin}`) })
    }
    if (current.redirect !== 'manual' && redirected && hop < MAX_REDIRECTS) {
      res.resume()
      const next = new URL(location, url)
      const headers = { ...(current.headers as Record<string, string> | undefined) }
      // Never carry credentials to another origin.
      if (next.origin !== url.origin)
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name]
      const method = status === 303 || ((status === 301 || status === 302) && current.method === 'POST') ? 'GET' : current.method
      current = { ...current, headers, method, body: method === 'GET' ? undefined : current.body }
      url = next
      continue
    }
    let consumed: Promise<Buffer> | undefined
    const bytes = (): Promise<Buffer> => (consumed ??= collect(res))
    // A response nobody reads (Octokit returns 204/205 at once) must still be drained,
    // or its socket never goes back to the pool.
    if (status === 204 || status === 205 || status === 304 || current.method === 'HEAD') void bytes().catch(() => undefined)
    return {
      status,
      statusText: res.statusMessage ?? '',
      url: url.href,
      ok: status >= 200 && status < 300,
      headers: new ResponseHeaders(res.headers),
      text: async () => (await bytes()).toString('utf8'),
      json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
      arrayBuffer: async () => {
        const buffer = await bytes()
        return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer
      },
      get body() {
        return Readable.toWeb(res) as ReadableStream<Uint8Array>
      }
    }
  }
}
