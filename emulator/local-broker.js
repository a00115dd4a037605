// @ts-check
/**
 * The dispatch broker behind `npm run emulator` (docs/broker.md): the real
 * broker (`createDispatchBroker` from lib/, as npm ships it) on 127.0.0.1,
 * holding the local App, trusting the runner's OIDC issuer of this machine
 * (./runner-oidc.js: github.com's issuer name, its keys served locally), and
 * a policy in the target repository that lets the calling workflow
 * octo-org/app's release.yml on main send `deploy` with a version and wait.
 *
 * A command run with `stepEnv()` is "inside a workflow step" of that caller:
 * the runner's ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, which hand it an OIDC
 * token with the caller's claims. Each request the broker receives and each
 * decision it makes is reported to `log` in one line (the decision from its
 * audit line: caller, target, event, rule, outcome).
 */
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { createDispatchBroker } from '../lib/broker/index.js'
import { inertLine } from '../lib/util/inert.js'
import { readBody } from '../lib/slack/node.js'
import { closeServer, listenLocal } from './local-server.js'
import { OIDC_ISSUER, RunnerOidc } from './runner-oidc.js'

/** The workflow that calls the broker: what the local runner's OIDC tokens say about the job. */
export const CALLER = 'octo-org/app'
export const CALLER_REF = 'refs/heads/main'
export const CALLER_WORKFLOW = `${CALLER}/.github/workflows/release.yml@${CALLER_REF}`
export const POLICY_PATH = '.github/app-dispatch.yml'

/** The target's policy: the caller's release workflow on main may send `deploy` with a version, and wait. */
export const POLICY = `version: 1
allow:
  - from:
      repository: ${CALLER}
      job_workflow_ref: ${CALLER_WORKFLOW}
    repository_dispatch: [deploy]
    payload:
      type: object
      required: [version]
      properties:
        version: { type: string }
    wait: true
`

/** The runner's token service, reporting each token it hands out. */
class ReportingOidc extends RunnerOidc {
  /** @param {(line: string) => void} log */
  constructor(log) {
    super({ sub: `repo:${CALLER}:ref:${CALLER_REF}` })
    this.log = log
  }

  /** @param {string} audience @param {import('./runner-oidc.js').MintOptions} [options] */
  token(audience, options) {
    this.log(`Runner OIDC issued a token for ${CALLER_WORKFLOW}, audience ${inertLine(audience)}`)
    return super.token(audience, options)
  }
}

/**
 * An audit line in a few words; any other line as it is.
 * @param {string} line
 */
export function reportedDecision(line) {
  /** @type {Record<string, any>} */
  let audit
  try {
    audit = JSON.parse(line)
  } catch {
    return `Broker: ${inertLine(line)}`
  }
  if (audit?.audit !== 'app-dispatch-broker') return `Broker: ${inertLine(line)}`
  const caller = audit.caller ? audit.caller.job_workflow_ref : 'an unverified caller'
  const what = audit.event === undefined ? (audit.workflow ?? '?') : `'${audit.event}'`
  const target = audit.target === undefined ? '' : ` → ${audit.target} ${what} (distinct_id ${audit.distinct_id})`
  const rule = audit.rule === null ? 'no rule' : `rule ${audit.rule}`
  const replayed = audit.replayed ? ', the first answer again' : ''
  return inertLine(`Broker decided: ${caller}${target}: ${audit.outcome} (${audit.status}, ${rule}${replayed}, ${audit.duration_ms} ms)`)
}

/**
 * What a refusal told the caller (its code, and why no rule matched), after ': '; nothing for an answer.
 * @param {string} body
 */
function refusalOf(body) {
  /** @type {{ error?: unknown, reasons?: unknown }} */
  let answer
  try {
    answer = JSON.parse(body)
  } catch {
    return ''
  }
  if (typeof answer?.error !== 'string') return ''
  const reasons = Array.isArray(answer.reasons) ? answer.reasons.map(String) : []
  return inertLine(` ${answer.error}${reasons.length ? `: ${reasons.join('; ')}` : ''}`)
}

/**
 * @typedef {{
 *   url: string, oidc: RunnerOidc, intro: string[], stepEnv: () => Record<string, string>, stop: () => Promise<void>
 * }} LocalBroker intro: what it is, in lines for the emulator's opening text
 */

/** A shell word that stays one word whatever the text holds. @param {string} text */
const shellWord = text => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`)

/**
 * The emulator's section for the broker: a command run as a step of the caller would run it (the runner's two
 * OIDC variables, and neither the App's id nor its key, which the CLI refuses beside --broker-url), first one the
 * policy allows, then one it denies.
 * @param {LocalBroker} broker @param {string} target
 * @returns {{ heading: string, blocks: string[] }}
 */
export function brokerSection(broker, target) {
  const step = [
    'env -u GITHUB_APP_ID -u GITHUB_APP_PRIVATE_KEY',
    ...Object.entries(broker.stepEnv()).map(([name, value]) => `  ${name}=${shellWord(value)}`),
    `  node dist/cli/index.js --broker-url ${broker.url} --repository ${target}`
  ].join(' \\\n')
  return {
    heading: `# 5. The dispatch broker (docs/broker.md): a step of ${CALLER}'s release workflow holds no App secret, only its OIDC token`,
    blocks: [
      `${step} --event-type deploy --client-payload '{"version":"1.4.2"}' --wait --poll-interval 1`,
      `${step} --event-type deploy --client-payload '{"release":"1.4.2"}'`
    ]
  }
}

/**
 * Starts the runner's OIDC issuer and the broker, and puts the policy in the target repository.
 * @param {{ gh: import('./github-emulator.js').GitHubEmulator, appId: number, keyFile: string, target: string, log: (line: string) => void }} options
 * @returns {Promise<LocalBroker>}
 */
export async function startLocalBroker({ gh, appId, keyFile, target, log }) {
  gh.setFile(target, POLICY_PATH, POLICY)
  const oidc = new ReportingOidc(log)
  await oidc.start()
  /** @type {import('../lib/broker/index.js').DispatchBroker | undefined} */
  let broker
  // The broker's own handle() rather than its node adapter, so that a refusal is reported with what the caller was told.
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://broker').pathname
    readBody(req, 128 * 1024)
      .then(rawBody => broker?.handle({ method: req.method ?? 'GET', path, headers: req.headers, rawBody }))
      .then(answer => {
        if (!answer) throw new Error('the broker is not started yet')
        res.writeHead(answer.status, answer.headers).end(answer.body)
        log(`Broker received ${req.method} ${inertLine(path)} → ${answer.status}${refusalOf(answer.body)}`)
      })
      .catch(error => {
        log(`Broker dropped ${req.method} ${inertLine(path)}: ${inertLine(error instanceof Error ? error.message : String(error))}`)
        if (!res.headersSent) res.writeHead(400, { connection: 'close' }).end()
      })
  })
  const url = await listenLocal(server)
  // The audience is the broker's origin: what the CLI asks for when --broker-audience is left out.
  broker = createDispatchBroker({
    appId,
    privateKey: readFileSync(keyFile, 'utf8'),
    audience: new URL(url).origin,
    issuers: [{ issuer: OIDC_ISSUER, jwksUrl: oidc.jwksUrl }],
    apiUrl: gh.url,
    logger: { info: line => log(reportedDecision(line)), warning: line => log(`Broker warning: ${inertLine(line)}`) }
  })
  return {
    url,
    oidc,
    intro: [
      `Dispatch broker on ${url}, holding the App and trusting this machine's runner OIDC issuer`,
      `(${oidc.url}). ${target}'s ${POLICY_PATH} lets ${CALLER}'s release.yml`,
      `on main send 'deploy' with a version, and wait.`
    ],
    stepEnv: () => oidc.env(),
    stop: async () => {
      await closeServer(server)
      await oidc.stop()
    }
  }
}
