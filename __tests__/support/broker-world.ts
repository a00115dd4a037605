/**
 * A broker in this process (its Node adapter on 127.0.0.1) in front of the
 * GitHub emulator, trusting the local runner OIDC issuer's keys: what the
 * broker's tests share. `token(claims)` is a fresh OIDC token of a calling job.
 */
import { createServer, type Server } from 'node:http'
import { randomUUID } from 'node:crypto'
import { createDispatchBroker, type DispatchBroker, type DispatchBrokerConfig } from '../../src/broker/index.js'
import { OIDC_ISSUER, RunnerOidc } from '../../emulator/runner-oidc.js'
import { closeServer, listenLocal } from '../../emulator/local-server.js'
import { startGitHub, type LocalGitHub } from './github.js'

export const AUDIENCE = 'https://broker.test'
export const POLICY = '.github/app-dispatch.yml'

/** The calling job's claims, as GitHub would issue them for octo-org/app's release workflow on main. */
export const CALLER = {
  repository: 'octo-org/app',
  repository_id: '111',
  repository_owner: 'octo-org',
  repository_owner_id: '222',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  sha: 'a'.repeat(40),
  workflow_ref: 'octo-org/app/.github/workflows/release.yml@refs/heads/main',
  job_workflow_ref: 'octo-org/app/.github/workflows/release.yml@refs/heads/main',
  event_name: 'push',
  run_id: '4242',
  run_attempt: '1',
  actor: 'octocat',
  runner_environment: 'github-hosted',
  repository_visibility: 'private'
}

export const ALLOW_DEPLOY = `version: 1
allow:
  - from:
      repository: octo-org/app
      job_workflow_ref: octo-org/app/.github/workflows/release.yml@refs/heads/main
    repository_dispatch: [deploy]
    wait: true
`

export interface BrokerWorld {
  local: LocalGitHub
  oidc: RunnerOidc
  broker: DispatchBroker
  url: string
  logs: string[]
  /** The broker handles the next n requests in full, then drops the connection instead of answering (a lost answer). */
  dropAnswers: number
  /** A fresh OIDC token of the calling job (a new jti each time). */
  token(claims?: Record<string, unknown>, audience?: string): string
  /** POST /dispatch with a fresh token (or the one given). */
  post(body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>
  stop(): Promise<void>
}

export async function startBrokerWorld(
  options: { config?: Partial<DispatchBrokerConfig>; repositories?: string[]; permissions?: Record<string, 'read' | 'write'> } = {}
): Promise<BrokerWorld> {
  const local = await startGitHub({
    account: 'octo-org',
    repositories: options.repositories ?? ['deploy', 'other'],
    permissions: options.permissions ?? { contents: 'write', actions: 'read', metadata: 'read' }
  })
  const oidc = new RunnerOidc()
  await oidc.start()
  const logs: string[] = []
  const broker = createDispatchBroker({
    appId: local.app.id,
    privateKey: local.app.privateKey,
    audience: AUDIENCE,
    issuers: [{ issuer: OIDC_ISSUER, jwksUrl: `${oidc.url}/.well-known/jwks` }],
    apiUrl: local.gh.url,
    logger: { info: line => logs.push(line), warning: line => logs.push(`Warning: ${line}`) },
    ...options.config
  })
  const state = { dropAnswers: 0 }
  const server: Server = createServer((req, res) => {
    if (state.dropAnswers === 0) return void broker.node(req, res)
    state.dropAnswers--
    let rawBody = ''
    req.on('data', (chunk: Buffer) => (rawBody += chunk.toString()))
    req.on('end', () => {
      void broker
        .handle({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers, rawBody })
        .then(() => req.socket.destroy())
    })
  })
  const url = await listenLocal(server)
  const token = (claims: Record<string, unknown> = {}, audience = AUDIENCE): string =>
    oidc.token(audience, { claims: { ...CALLER, jti: randomUUID(), ...claims } })
  return {
    local,
    oidc,
    broker,
    url,
    logs,
    get dropAnswers() {
      return state.dropAnswers
    },
    set dropAnswers(n: number) {
      state.dropAnswers = n
    },
    token,
    async post(body, given) {
      const response = await fetch(`${url}/dispatch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${given ?? token()}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body)
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    },
    async stop() {
      await closeServer(server)
      await oidc.stop()
      await local.gh.stop()
    }
  }
}

/** A repository_dispatch request body with a fresh distinct_id. */
export const deployRequest = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  repository: 'octo-org/deploy',
  event_type: 'deploy',
  client_payload: { version: '1.4.2' },
  distinct_id: randomUUID(),
  ...over
})
