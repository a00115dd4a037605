/**
 * A TLS 1.2 front for the emulator, as a load balancer or inspection box in front of an API: HTTPS on
 * 127.0.0.1 (support/tls/loopback-cert.pem; a client trusts it through NODE_EXTRA_CA_CERTS) that forwards
 * every request to the emulator over HTTP. For a request `spoil` picks, it forwards it, waits for the
 * emulator's answer (so the request was processed), then writes a plaintext HTTP error onto the raw TCP
 * socket, past TLS: the client's OpenSSL fails with "wrong version number" (EPROTO) after its request was
 * written. With `handshakeGarbage`, the connections named instead get plaintext in place of the server's
 * hello: a TLS failure before any byte of a request was written.
 */
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'

const TLS = join(ROOT, '__tests__', 'support', 'tls')
/** The certificate the front serves (for NODE_EXTRA_CA_CERTS). */
export const FRONT_CERT = join(TLS, 'loopback-cert.pem')
const PLAINTEXT_ERROR = 'HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\ncontent-length: 11\r\n\r\nBad Gateway'

export interface FrontOptions {
  /** Requests to forward and then answer with plaintext on the raw socket. */
  spoil?: (method: string, path: string) => boolean
  /** false: every answer says `connection: close`, so each request opens a fresh connection. */
  keepAlive?: boolean
  /** These connections (1 for the first accepted) get plaintext instead of a TLS handshake. */
  handshakeGarbage?: number[]
}

export interface TlsFront {
  url: string
  /** Requests the front spoiled (method and path). */
  spoiled: string[]
  /** Connections accepted. */
  connections: number
  stop: () => Promise<void>
}

export async function startTlsFront(upstream: string, options: FrontOptions = {}): Promise<TlsFront> {
  const raw = new Map<number, Socket>()
  const front: TlsFront = { url: '', spoiled: [], connections: 0, stop: () => Promise.resolve() }
  const server: Server = createServer(
    { key: readFileSync(join(TLS, 'loopback-key.pem')), cert: readFileSync(FRONT_CERT), maxVersion: 'TLSv1.2' },
    (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const method = req.method ?? 'GET'
        const path = req.url ?? '/'
        const headers = { ...req.headers }
        delete headers.host
        const forwarded = httpRequest(new URL(path, upstream), { method, headers }, answer => {
          const body: Buffer[] = []
          answer.on('data', (chunk: Buffer) => body.push(chunk))
          answer.on('end', () => {
            if (options.spoil?.(method, new URL(path, upstream).pathname)) {
              front.spoiled.push(`${method} ${path}`)
              const socket = raw.get(req.socket.remotePort ?? 0)
              // Past TLS: plaintext bytes where the client expects a TLS record.
              socket?.write(PLAINTEXT_ERROR, () => socket.destroy())
              return
            }
            const out = { ...answer.headers }
            if (options.keepAlive === false) out.connection = 'close'
            res.writeHead(answer.statusCode ?? 502, out).end(Buffer.concat(body))
          })
        })
        forwarded.on('error', () => res.writeHead(502).end())
        forwarded.end(Buffer.concat(chunks))
      })
    }
  )
  server.on('connection', (socket: Socket) => {
    front.connections++
    if (options.handshakeGarbage?.includes(front.connections)) {
      // Plaintext before the handshake: the client fails on its first read, having written only its hello.
      socket.pause()
      socket.end(PLAINTEXT_ERROR)
      return
    }
    const port = socket.remotePort ?? 0
    raw.set(port, socket)
    socket.once('close', () => raw.delete(port))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  front.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  front.stop = async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
  return front
}
