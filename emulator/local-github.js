// @ts-check
/**
 * The local GitHub behind `npm run emulator`: the API emulator with one App
 * (its key written to a file only this user can read), installed on
 * octo-org/deploy-service, whose receiving workflow deploy.yml runs on
 * repository_dispatch `deploy` and on workflow_dispatch and hands outputs back
 * (the `app-dispatch-outputs` artifact the reply action uploads). Beside it, a
 * stand-in for Slack's response_url, where the approval handler posts outcomes.
 * Every request either receives is reported to `log`.
 */
import { createServer } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { GitHubEmulator } from './github-emulator.js'
import { closeServer, listenLocal } from './local-server.js'
import { zipOf } from './zip.js'

export const TARGET = 'octo-org/deploy-service'
export const APPROVER = 'U0LOCAL'
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
 *   apiUrl: string, appId: number, keyFile: string, responseUrl: string,
 *   env: Record<string, string>, stop: () => Promise<void>
 * }} LocalGitHub
 */

/**
 * Starts the local GitHub and the response_url stand-in.
 * @param {{ port?: number, log: (line: string) => void }} options
 * @returns {Promise<LocalGitHub>}
 */
export async function startLocalGitHub({ port = 0, log }) {
  const gh = new ReportingEmulator(log)
  const apiUrl = await gh.start({ port })
  const app = gh.createApp({ slug: 'local-dispatcher' })
  const [owner = '', repo = ''] = TARGET.split('/')
  gh.install({ app, account: owner, repositories: [repo], permissions: { contents: 'write', actions: 'write', metadata: 'read' } })
  const outputs = await zipOf({ 'outputs.json': JSON.stringify(RUN_OUTPUTS) })
  gh.addWorkflow(TARGET, {
    file: 'deploy.yml',
    name: 'Deploy',
    types: ['deploy'],
    inputs: { environment: {} },
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 1000, runMs: 2000, conclusion: 'success' },
    artifacts: () => [{ name: 'app-dispatch-outputs', zip: outputs }]
  })

  const keyDir = mkdtempSync(join(tmpdir(), 'app-dispatch-emulator-'))
  const keyFile = join(keyDir, 'local-dispatcher.private-key.pem')
  writeFileSync(keyFile, app.privateKey, { mode: 0o600 })

  const slack = createServer((req, res) => {
    let text = ''
    req.on('data', chunk => (text += chunk))
    req.on('end', () => {
      res.writeHead(200).end('ok')
      /** @type {unknown} */
      let reply
      try {
        reply = JSON.parse(text)
      } catch {
        reply = { text }
      }
      const replyText = reply !== null && typeof reply === 'object' && 'text' in reply ? String(reply.text) : text
      log(`Slack message updated: ${JSON.stringify(replyText)}`)
    })
  })
  const responseUrl = `${await listenLocal(slack)}/actions/local/reply`

  return {
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
      SLACK_RESPONSE_URL: responseUrl
    },
    stop: async () => {
      await closeServer(slack)
      await gh.stop()
      rmSync(keyDir, { recursive: true, force: true })
    }
  }
}

/** A shell word that stays one word whatever the text holds. @param {string} text */
function shellQuoted(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
