// @ts-check
/**
 * `npm run emulator [-- --port N] [--scenario NAME,…]`: a local GitHub to try
 * the CLI, the library, the Slack approval handler and the dispatch broker
 * against. Starts the API emulator with an App (key in a file), an
 * installation and a receiving workflow that hands outputs back, and a broker
 * holding that App (emulator/local-broker.js); prints the environment and
 * commands to paste (docs/cli.md, docs/library.md, docs/slack.md and
 * docs/broker.md show the same commands); reports each request as it arrives;
 * stops on Ctrl-C and removes the key file. Scenarios (emulator/scenarios.js) break it on purpose: a
 * failing run, a run with jobs, an App without the Actions permission, a
 * Slack Web API stand-in.
 */
import './require-node.js' // first: one clear line on a Node.js too old
import { createServer } from 'node:net'
import { parseArgs } from 'node:util'
import { APPROVER, CHANNEL, RUN_OUTPUTS, TARGET, startLocalGitHub } from '../emulator/local-github.js'
import { SCENARIOS, SCENARIO_NAMES, parseScenarios } from '../emulator/scenarios.js'
import { brokerSection, startLocalBroker } from '../emulator/local-broker.js'
import { nearest } from '../lib/util/nearest.js'

/** Text wrapped at 100 columns, each line indented. @param {string} text @param {string} indent */
function wrapped(text, indent) {
  const lines = ['']
  for (const word of text.split(' ')) {
    const last = lines.length - 1
    if (lines[last] && indent.length + (lines[last] ?? '').length + word.length >= 100) lines.push(word)
    else lines[last] = lines[last] ? `${lines[last]} ${word}` : word
  }
  return lines.map(line => indent + line).join('\n')
}

const HELP = `npm run emulator [-- OPTIONS]: a local GitHub (and Slack) to try the CLI, the library and the
Slack approval handler against, with a dispatch broker that holds its App and trusts a local runner
OIDC issuer (docs/broker.md). It prints the environment to export in another terminal and commands
to paste there, then reports each request it receives. Ctrl-C stops it.

Options:
  --port N             The GitHub API's port. Default: a free one
  --scenario NAMES     Break it on purpose (names separated by commas, or --scenario repeated):
${SCENARIO_NAMES.map(name => `    ${name}\n${wrapped(SCENARIOS[name], '        ')}`).join('\n')}
  -h, --help           This help

Example: npm run emulator -- --scenario failing,jobs
`

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

/**
 * The commands each scenario adds, after the base ones.
 * @type {Record<import('../emulator/scenarios.js').ScenarioName, { heading: string, blocks: string[] }>}
 */
const SCENARIO_COMMANDS = {
  failing: {
    heading: 'Scenario failing: the run fails, and the step says which job and step failed, with the end of its log',
    blocks: [`node dist/cli/index.js --repository ${TARGET} --event-type deploy --wait --poll-interval 1`]
  },
  jobs: {
    heading: "Scenario jobs: the wait ends when the build jobs are done, before the run's other jobs",
    blocks: [`node dist/cli/index.js --repository ${TARGET} --event-type deploy --wait --wait-jobs build --poll-interval 1 --json`]
  },
  'no-actions-permission': {
    heading: 'Scenario no-actions-permission: a waiting dispatch is refused before anything is sent, and names the permission to add',
    blocks: [`node dist/cli/index.js --repository ${TARGET} --event-type deploy --wait --poll-interval 1`]
  },
  slack: {
    heading:
      'Scenario slack (docs/slack.md, with the handler of # 4 running): post an approval request to the Slack stand-in, click Approve on it, then sign a request by hand',
    blocks: [
      `node dist/cli/index.js request-approval --channel ${CHANNEL} --summary 'Deploy *deploy-service* 1.4.2' --repository ${TARGET} --event-type deploy --client-payload '{"version":"1.4.2"}'`,
      'node scripts/slack-click.js --posted',
      // Any body, signed by hand (docs/slack.md, "Signing a request by hand"): the handler answers 400 to this one.
      `body='payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U0LOCAL%22%7D%2C%22actions%22%3A%5B%5D%7D'
ts=$(date +%s)
sig="v0=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$SLACK_SIGNING_SECRET" | sed 's/^.* //')"
curl -sS -w ' %{http_code}\\n' "http://127.0.0.1:$APPROVAL_HANDLER_PORT/" -H 'Content-Type: application/x-www-form-urlencoded' -H "X-Slack-Request-Timestamp: $ts" -H "X-Slack-Signature: $sig" --data-raw "$body"`
    ]
  }
}

/** A port nobody listens on now, for the approval handler the user starts. */
async function freePort() {
  const server = createServer()
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  await new Promise(resolve => server.close(() => resolve(undefined)))
  return typeof address === 'object' && address ? address.port : 3000
}

/** The command line, or a one-line message (exit 2) instead of a stack trace. */
function options() {
  try {
    const { values } = parseArgs({
      options: { port: { type: 'string' }, scenario: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }
    })
    return { ...values, scenarios: parseScenarios(values.scenario ?? [], nearest) }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/([^.])$/, '$1.')
    console.error(`npm run emulator: ${message} See npm run emulator -- --help.`)
    process.exit(2)
  }
}

async function main() {
  const values = options()
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: '${values.port}' is not a port number; give 1-65535, or leave it out for a free one.`)
    process.exitCode = 2
    return
  }
  const { scenarios } = values
  const log = (/** @type {string} */ line) => console.log(line)
  const local = await startLocalGitHub({ port, scenarios, log })
  const broker = await startLocalBroker({ gh: local.gh, appId: local.appId, keyFile: local.keyFile, target: TARGET, log })
  const env = { ...local.env, APPROVAL_HANDLER_PORT: String(await freePort()) }
  const [owner, repo] = TARGET.split('/')
  const lines = [
    `Local GitHub API on ${local.apiUrl}: App ${local.appId} (local-dispatcher), installed on ${owner} with access`,
    `to ${repo} (Contents: write, ${scenarios.has('no-actions-permission') ? 'no Actions permission' : 'Actions: write'}). deploy.yml there runs on repository_dispatch 'deploy'`,
    `and on workflow_dispatch, takes about 3 s and hands back ${JSON.stringify(RUN_OUTPUTS)}.`,
    `Slack's response_url stand-in: ${local.responseUrl}; clicks come from ${APPROVER}.`,
    ...broker.intro,
    ...[...scenarios].map(name => `Scenario ${name}: ${SCENARIOS[name]}.`),
    '',
    '# 1. In another terminal, in this directory: the environment',
    '',
    Object.entries(env)
      .map(([name, value]) => `export ${name}=${value}`)
      .join('\n')
  ]
  const base = [...COMMANDS, brokerSection(broker, TARGET)]
  const sections = [...base, ...[...scenarios].map(name => SCENARIO_COMMANDS[name])]
  sections.forEach(({ heading, blocks }, i) =>
    lines.push('', i < base.length ? heading : `# ${i + 2}. ${heading}`, '', blocks.join('\n\n'))
  )
  lines.push('')
  lines.push('Ready. Requests are reported below as they arrive; Ctrl-C stops the emulator and removes the key file.')
  console.log(lines.join('\n'))

  const stop = async () => {
    await broker.stop()
    await local.stop()
    console.log('Stopped; removed the key file.')
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

await main()
