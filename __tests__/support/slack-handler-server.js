// @ts-check
/**
 * The approval handler as a plain Node server in its own process, configured
 * from the environment as a deployment would be (lib/ is what npm ships).
 * Prints `listening PORT` once it accepts requests. Test-only settings:
 * APPROVAL_RESPONSE_URL_PATTERN (a regular expression) and
 * APPROVAL_BODY_TIMEOUT_MS.
 */
import { createServer } from 'node:http'
import { configFromEnv, createSlackApprovalHandler } from '../../lib/slack/index.js'

const config = configFromEnv()
const pattern = process.env['APPROVAL_RESPONSE_URL_PATTERN']
const handler = createSlackApprovalHandler({
  ...config,
  ...(pattern ? { responseUrlPattern: new RegExp(pattern) } : {}),
  ...(process.env['APPROVAL_BODY_TIMEOUT_MS'] ? { bodyTimeoutMs: Number(process.env['APPROVAL_BODY_TIMEOUT_MS']) } : {})
})
const server = createServer((req, res) => void handler.node(req, res))
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
