// @ts-check
/**
 * The broker as a plain Node server in its own process, configured from the
 * environment as a deployment would be (lib/ is what npm ships). Prints
 * `listening PORT` once it accepts requests. Test-only setting:
 * BROKER_TEST_JWKS_URL, the local OIDC issuer's keys for github.com's issuer.
 */
import { createServer } from 'node:http'
import { brokerConfigFromEnv, createDispatchBroker } from '../../lib/broker/index.js'

const jwksUrl = process.env['BROKER_TEST_JWKS_URL']
const broker = createDispatchBroker({
  ...brokerConfigFromEnv(),
  ...(jwksUrl ? { issuers: [{ issuer: 'https://token.actions.githubusercontent.com', jwksUrl }] } : {})
})
const server = createServer((req, res) => void broker.node(req, res))
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
