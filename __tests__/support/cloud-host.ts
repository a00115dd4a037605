/**
 * The emulator standing in for github.com and GHE.com: served over HTTPS as
 * api.github.com (certificate also valid for api.octo.ghe.com) and reached
 * through a CONNECT proxy on 127.0.0.1 that sends those two names to it and
 * refuses every other. The bundle runs with https_proxy set and trusts the
 * test certificate, so it sees the real host names while nothing leaves this
 * machine.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { GitHubEmulator } from '../../emulator/github-emulator.js'
import { ROOT } from '../../emulator/run-action.js'

const TLS = join(ROOT, '__tests__', 'support', 'tls')
export const CLOUD_HOSTS = ['api.github.com', 'api.octo.ghe.com']

export interface CloudHost {
  gh: GitHubEmulator
  /** The API URL for one of CLOUD_HOSTS, on the emulator's port. */
  apiUrl: (host: string) => string
  /** What the step needs to reach it: https_proxy and the certificate. */
  env: Record<string, string>
  /** Hosts the proxy was asked to reach (host:port). */
  tunnels: string[]
  stop: () => Promise<void>
}

export async function startCloudHost(): Promise<CloudHost> {
  const gh = new GitHubEmulator()
  await gh.start({
    tls: { key: readFileSync(join(TLS, 'cloud-key.pem'), 'utf8'), cert: readFileSync(join(TLS, 'cloud-cert.pem'), 'utf8') },
    hostname: 'api.github.com'
  })
  const tunnels: string[] = []
  const proxy: Server = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '')
    const [host = '', port] = (req.url ?? '').split(':')
    if (!CLOUD_HOSTS.includes(host) || Number(port) !== gh.port) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(gh.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  return {
    gh,
    apiUrl: host => `https://${host}:${gh.port}`,
    env: { https_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: join(TLS, 'cloud-cert.pem') },
    tunnels,
    stop: async () => {
      await gh.stop()
      proxy.closeAllConnections()
      await new Promise(resolve => proxy.close(resolve))
    }
  }
}
