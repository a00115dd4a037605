/**
 * Exactly once across broker instances: two broker processes (lib/, from the
 * environment, as deployed) share a DynamoDB store (dynalite); the same
 * request sent to both at once, five times over, dispatches once, and a
 * replayed OIDC token is refused by the other instance too.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startDynalite, AWS } from '../../support/slack-world.js'
import { ALLOW_DEPLOY, AUDIENCE, CALLER, POLICY, deployRequest } from '../../support/broker-world.js'
import { startGitHub, type LocalGitHub } from '../../support/github.js'
import { RunnerOidc } from '../../../emulator/runner-oidc.js'
import { randomUUID } from 'node:crypto'

const SERVER = fileURLToPath(new URL('../../support/broker-server.js', import.meta.url))
let local: LocalGitHub
let oidc: RunnerOidc
let db: Awaited<ReturnType<typeof startDynalite>>
const children: ChildProcess[] = []

beforeAll(async () => {
  local = await startGitHub({ repositories: ['deploy'], permissions: { contents: 'write', actions: 'read', metadata: 'read' } })
  local.gh.setFile('octo-org/deploy', POLICY, ALLOW_DEPLOY)
  oidc = new RunnerOidc()
  await oidc.start()
  db = await startDynalite()
}, 30_000)
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await local.gh.stop()
  await oidc.stop()
  await db.stop()
})

async function startBroker(): Promise<string> {
  const child = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...AWS,
      ...local.env,
      BROKER_AUDIENCE: AUDIENCE,
      BROKER_TABLE: 'approvals',
      BROKER_TABLE_ENDPOINT: db.url,
      BROKER_TEST_JWKS_URL: `${oidc.url}/.well-known/jwks`
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.push(child)
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const port = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening (\d+)/.exec(out)
      if (match) resolve(match[1] ?? '')
    })
    child.on('exit', code => reject(new Error(`broker exited ${code}: ${err}`)))
  })
  return `http://127.0.0.1:${port}`
}

const token = (): string => oidc.token(AUDIENCE, { claims: { ...CALLER, jti: randomUUID() } })
const post = async (url: string, body: unknown, bearer = token()): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${url}/dispatch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

test('two broker processes sharing a DynamoDB store: the same request sent to both at once dispatches once', async () => {
  const [a, b] = await Promise.all([startBroker(), startBroker()])
  for (let round = 0; round < 5; round++) {
    const before = local.gh.dispatches.length
    const request = deployRequest()
    const answers = await Promise.all([post(a, request), post(b, request), post(a, request), post(b, request)])
    expect(local.gh.dispatches.length - before).toBe(1)
    expect(answers.map(x => x.body['dispatched'])).toEqual([true, true, true, true])
  }
  const shared = token()
  expect((await post(a, deployRequest(), shared)).status).toBe(200)
  const replayed = await post(b, deployRequest(), shared)
  expect(replayed.status).toBe(401)
}, 60_000)
