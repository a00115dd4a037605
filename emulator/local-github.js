// @ts-check
/**
 * The local GitHub behind `npm run emulator`: the API emulator with one App
 * (its key written to a file only this user can read), installed on
 * octo-org/deploy-service, whose receiving workflow deploy.yml runs on
 * repository_dispatch `deploy` and on workflow_dispatch and hands outputs back
 * (the `app-dispatch-outputs` artifact the reply action uploads). Beside it, a
 * stand-in for Slack (./slack-standin.js): the response_url the approval
 * handler posts outcomes to, and, with the `slack` scenario, the Web API that
 * request-approval posts to. Every request either receives is reported to
 * `log`. Scenarios (./scenarios.js) change the installation and the runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { GitHubEmulator } from './github-emulator.js'
import { installationPermissions, runShape } from './scenarios.js'
import { SlackStandIn } from './slack-standin.js'
import { zipOf } from './zip.js'

export const TARGET = 'octo-org/deploy-service'
export const APPROVER = 'U0LOCAL'
/** The channel the local Slack's messages go to. */
export const CHANNEL = 'C0LOCAL'
/** What each run of deploy.yml hands back, as the reply action would upload it. */
export const RUN_OUTPUTS = { url: 'https://staging.example.com/deploy-service', version: '1.4.2' }

/**
 * The emulator, reporting each request once it has been answered (so a 304 or
 * an injected fault shows as what the client got).
 */
class ReportingEmulator extends GitHubEmulator {
  /** @param {(line: string) => void} log */
  constructor(log) {
    super({})
    this.log = log
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    res.once('close', () => {
      const record = this.requests.find(r => r.headers === req.headers)
      if (!record) return
      const body = record.rawBody && record.route !== 'POST /app/installations/{installation_id}/access_tokens' ? ` ${record.rawBody}` : ''
      this.log(`GitHub received ${record.method} ${record.path} [${record.auth}] → ${record.status}${body}`)
    })
    return super.handle(req, res)
  }
}

/**
 * @typedef {{
 *   gh: GitHubEmulator, apiUrl: string, appId: number, keyFile: string, responseUrl: string,
 *   env: Record<string, string>, stop: () => Promise<void>
 * }} LocalGitHub gh: the emulator itself (to put files in its repositories)
 */

/**
 * Starts the local GitHub and the Slack stand-in.
 * @param {{ port?: number, log: (line: string) => void, scenarios?: Set<import('./scenarios.js').ScenarioName> }} options
 * @returns {Promise<LocalGitHub>}
 */
export async function startLocalGitHub({ port = 0, log, scenarios = new Set() }) {
  const gh = new ReportingEmulator(log)
  const apiUrl = await gh.start({ port })
  const app = gh.createApp({ slug: 'local-dispatcher' })
  const [owner = '', repo = ''] = TARGET.split('/')
  gh.install({ app, account: owner, repositories: [repo], permissions: installationPermissions(scenarios) })
  const outputs = await zipOf({ 'outputs.json': JSON.stringify(RUN_OUTPUTS) })
  const shape = runShape(scenarios)
  gh.addWorkflow(TARGET, {
    file: 'deploy.yml',
    name: 'Deploy',
    types: ['deploy'],
    inputs: { environment: {} },
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: shape.lifecycle,
    ...(shape.jobs ? { jobs: shape.jobs } : {}),
    // With jobs, the outputs come with the job that uploads them; a failed run without jobs hands nothing back.
    artifacts: () =>
      shape.outputsJob
        ? [{ name: 'app-dispatch-outputs', zip: outputs, job: shape.outputsJob }]
        : shape.lifecycle.conclusion === 'success'
          ? [{ name: 'app-dispatch-outputs', zip: outputs }]
          : []
  })

  const keyDir = mkdtempSync(join(tmpdir(), 'app-dispatch-emulator-'))
  const keyFile = join(keyDir, 'local-dispatcher.private-key.pem')
  writeFileSync(keyFile, app.privateKey, { mode: 0o600 })

  const slack = new SlackStandIn({ log })
  await slack.start()
  const responseUrl = `${slack.url}/actions/local/reply`

  return {
    gh,
    apiUrl,
    appId: app.id,
    keyFile,
    responseUrl,
    env: {
      GITHUB_APP_ID: String(app.id),
      GITHUB_APP_PRIVATE_KEY: `"$(cat ${shellQuoted(keyFile)})"`,
      GITHUB_API_URL: apiUrl,
      SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
      APPROVAL_SIGNING_KEY: randomBytes(32).toString('hex'),
      SLACK_ALLOWED_USERS: APPROVER,
      SLACK_RESPONSE_URL: responseUrl,
      ...(scenarios.has('slack') ? { SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: 'xoxb-local-stand-in' } : {})
    },
    stop: async () => {
      await slack.stop()
      await gh.stop()
      rmSync(keyDir, { recursive: true, force: true })
    }
  }
}

/** A shell word that stays one word whatever the text holds. @param {string} text */
function shellQuoted(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
