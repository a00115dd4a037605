// @ts-check
/**
 * `npm run emulator [-- --port N]`: a local GitHub to try the CLI, the library
 * and the Slack approval handler against. Starts the API emulator with an App
 * (key in a file), an installation and a receiving workflow that hands outputs
 * back; prints the environment and commands to paste (docs/cli.md,
 * docs/library.md and docs/slack.md show the same commands); reports each
 * request as it arrives; stops on Ctrl-C and removes the key file.
 */
import { createServer } from 'node:net'
import { parseArgs } from 'node:util'
import { APPROVER, RUN_OUTPUTS, TARGET, startLocalGitHub } from '../emulator/local-github.js'

/** The commands to paste, after the environment: a heading, then blocks of one shell command each. */
/** @type {Array<{ heading: string, blocks: string[] }>} */
const COMMANDS = [
  {
    heading: '# 2. The CLI (docs/cli.md). Instead of the environment: --app-id, --private-key-file FILE, --api-url URL',
    blocks: [
      `node dist/cli/index.js --repository ${TARGET} --event-type deploy --client-payload '{"version":"1.4.2"}'`,
      `node dist/cli/index.js --repository ${TARGET} --event-type deploy --wait --poll-interval 1`,
      `node dist/cli/index.js --repository ${TARGET} --workflow deploy.yml --inputs '{"environment":"staging"}' --wait --poll-interval 1 --json`
    ]
  },
  {
    heading: '# 3. The library (docs/library.md)',
    blocks: [
      `node --input-type=module -e "
import { dispatch, failureMessage } from 'app-dispatch'
const results = await dispatch({
  appId: process.env.GITHUB_APP_ID,
  privateKey: process.env.GITHUB_APP_PRIVATE_KEY,
  apiUrl: process.env.GITHUB_API_URL,
  repository: ['${TARGET}'],
  eventType: 'deploy',
  wait: true,
  pollIntervalSeconds: 1
})
console.log(failureMessage(results) ?? results[0].outputs)"`
    ]
  },
  {
    heading: '# 4. The Slack approval handler (docs/slack.md), in the background (kill %1 stops it); then click Approve as Slack would',
    blocks: [
      `node --input-type=module -e "
import { createServer } from 'node:http'
import { configFromEnv, createSlackApprovalHandler } from 'app-dispatch/slack'
const handler = createSlackApprovalHandler({ ...configFromEnv(), responseUrlPattern: /^http:\\/\\/127\\.0\\.0\\.1:\\d+\\/actions\\// })
createServer(handler.node).listen(process.env.APPROVAL_HANDLER_PORT, '127.0.0.1')" &`,
      `node scripts/slack-click.js --repository ${TARGET} --event-type deploy --client-payload '{"version":"1.4.2"}'`
    ]
  }
]

/** A port nobody listens on now, for the approval handler the user starts. */
async function freePort() {
  const server = createServer()
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  await new Promise(resolve => server.close(() => resolve(undefined)))
  return typeof address === 'object' && address ? address.port : 3000
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string' } } })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: '${values.port}' is not a port number; give 1-65535, or leave it out for a free one.`)
    process.exitCode = 2
    return
  }
  const local = await startLocalGitHub({ port, log: line => console.log(line) })
  const env = { ...local.env, APPROVAL_HANDLER_PORT: String(await freePort()) }
  const [owner, repo] = TARGET.split('/')
  const lines = [
    `Local GitHub API on ${local.apiUrl}: App ${local.appId} (local-dispatcher), installed on ${owner} with access`,
    `to ${repo} (Contents: write, Actions: write). deploy.yml there runs on repository_dispatch 'deploy'`,
    `and on workflow_dispatch, takes about 3 s and hands back ${JSON.stringify(RUN_OUTPUTS)}.`,
    `Slack's response_url stand-in: ${local.responseUrl}; clicks come from ${APPROVER}.`,
    '',
    '# 1. In another terminal, in this directory: the environment',
    '',
    Object.entries(env)
      .map(([name, value]) => `export ${name}=${value}`)
      .join('\n')
  ]
  for (const { heading, blocks } of COMMANDS) lines.push('', heading, '', blocks.join('\n\n'))
  lines.push('')
  lines.push('Ready. Requests are reported below as they arrive; Ctrl-C stops the emulator and removes the key file.')
  console.log(lines.join('\n'))

  const stop = async () => {
    await local.stop()
    console.log('Stopped; removed the key file.')
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

await main()
