/**
 * The step's side of the dispatch broker, end to end: the action bundle (run
 * as the runner runs it, with the runner's OIDC token service), the CLI
 * bundle and the library call a stand-in of the broker's protocol
 * (support/broker-standin.js), which dispatches for real on the GitHub
 * emulator and hands out a read token to wait with. What the broker received
 * (body, the token's audience), what the step refuses before sending
 * anything, a lost answer sent again with the same body, a refusal made
 * inert, the wait with the read token, revoked at the end, and a request
 * waiting for approval: one contract test each. Each other condition (the
 * audience, a fan-out, the other input refusals, an answer lost every time,
 * GitHub's and the broker's refusals, a policy denial's details, a wait the
 * policy does not allow, the approval polled, rejected or timed out) runs
 * the action's path in-process on the virtual clock:
 * unit/core/brokered/broker-caller.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import type { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { findLeaks, runAction, type StepResult } from '../../../emulator/run-action.js'
import { RunnerOidc } from '../../../emulator/runner-oidc.js'
import { zipOf } from '../../../emulator/zip.js'
import { BROKER_DISTINCT_ID } from '../../../src/model/broker-protocol.js'
import { BrokerStandIn } from '../../support/broker-standin.js'
import { quick, RUN_NAME } from '../../support/chain.js'
import { resultsOf, stackLines } from '../../support/fixture.js'
import { DISPATCH_AND_FOLLOW, startGitHub } from '../../support/github.js'
import { runCli } from '../../support/run-cli.js'

let gh: GitHubEmulator
let installation: ReturnType<GitHubEmulator['install']>
let oidc: RunnerOidc
let broker: BrokerStandIn

beforeAll(async () => {
  let app: ReturnType<GitHubEmulator['createApp']>
  ;({ gh, app, installation } = await startGitHub({ repositories: ['deploy', 'web'], permissions: DISPATCH_AND_FOLLOW }))
  const zip = await zipOf({ 'outputs.json': JSON.stringify({ version: '1.4.2' }) })
  for (const repo of ['deploy', 'web']) {
    gh.addWorkflow(`octo-org/${repo}`, {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: quick,
      artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
    })
  }
  oidc = new RunnerOidc()
  await oidc.start()
  broker = new BrokerStandIn({ oidcPublicKey: oidc.publicKey, github: { gh, app } })
  await broker.start()
})
afterAll(async () => {
  await Promise.all([gh.stop(), oidc.stop(), broker.stop()])
})
beforeEach(() => {
  gh.reset()
  broker.reset()
  oidc.requests.length = 0
})

const secrets = (): string[] => [...gh.secrets(), ...oidc.issued, oidc.requestToken, ...broker.readTokens]

async function step(inputs: Record<string, string>, env: Record<string, string> = oidc.env()): Promise<StepResult> {
  const result = await runAction({
    apiUrl: gh.url,
    inputs: { 'broker-url': broker.url, repository: 'octo-org/deploy', 'event-type': 'deploy', ...inputs },
    env
  })
  expect(findLeaks(result, secrets())).toEqual([])
  return result
}

/** A refusal before anything is sent: exit 1, one error in words, no token asked for, no request to the broker. */
function expectRefused(result: StepResult, message: RegExp): void {
  expect(result.code).toBe(1)
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toMatch(message)
  expect(stackLines(result.stdout + result.stderr)).toEqual([])
  expect(oidc).toHaveSentNothing()
  expect(broker).toHaveSentNothing()
}

describe('the action through a broker', () => {
  test('one POST with the job’s OIDC token for the broker’s origin; the broker dispatches; results as without a broker', async () => {
    const result = await step({ 'client-payload': '{"version":"1.2.3","big":123456789012345678901234567890}' })
    expect(result.code).toBe(0)
    expect(broker.requests).toHaveLength(1)
    const [sent] = broker.requests
    expect(sent?.headers['content-type']).toBe('application/json')
    expect(sent?.body).toEqual({
      repository: 'octo-org/deploy',
      distinct_id: expect.stringMatching(BROKER_DISTINCT_ID),
      event_type: 'deploy',
      client_payload: { version: '1.2.3', big: expect.any(Number) }
    })
    // The payload goes as the user wrote it, digits and all.
    expect(sent?.rawBody).toContain('"big":123456789012345678901234567890')
    const origin = new URL(broker.url).origin
    expect(sent?.claims['aud']).toBe(origin)
    expect(oidc.requests).toEqual([{ audience: origin, authorized: true }])
    expect(gh.dispatches.map(d => d.repository)).toEqual(['octo-org/deploy'])
    expect(resultsOf(result.outputs)).toEqual([
      { repository: 'octo-org/deploy', installation_id: installation.id, event: 'deploy', dispatched: true }
    ])
    expect(result.outputs['installation-id']).toBe(String(installation.id))
    expect(result.masks).toEqual(expect.arrayContaining([oidc.requestToken, oidc.issued.at(-1)]))
    expect(result.summary).toContain('✅ dispatched')
  })

  test('broker-url beside private-key is refused, naming both; nothing is sent', async () => {
    const result = await step({ 'private-key': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })
    expectRefused(
      result,
      /Input 'broker-url': replaces client-id \(or app-id\), private-key and aws-kms-key-id: the broker holds the App.*Remove private-key, or remove broker-url/
    )
  })

  test('a lost answer is sent again with the same body and a fresh token; one dispatch, dispatched true', async () => {
    broker.script.push({ drop: true })
    const result = await step({})
    expect(result.code).toBe(0)
    expect(broker.requests).toHaveLength(2)
    const [first, second] = broker.requests
    expect(second?.rawBody).toBe(first?.rawBody)
    expect(second?.claims['jti']).not.toBe(first?.claims['jti'])
    expect(gh.dispatches).toHaveLength(1)
    expect(resultsOf(result.outputs)[0]?.['dispatched']).toBe(true)
    expect(result.stdout).toMatch(/the broker's answer was lost .*sending the same request again/)
    expect(result.stdout).toContain('the broker repeated its first answer: it was sent once')
  })

  test('a refusal carries the broker’s message, made inert, and is not sent again', async () => {
    broker.script.push({
      status: 403,
      body: { error: 'policy-denied', message: 'no rule allows octo-org/upstream\n::warning::forged ##[error]x' }
    })
    const result = await step({})
    expect(result.code).toBe(1)
    expect(broker.requests).toHaveLength(1)
    const [target] = resultsOf(result.outputs)
    expect(target?.['dispatched']).toBe(false)
    expect(target?.['error']).toMatch(/^the broker refused it \(policy-denied\): no rule allows octo-org\/upstream/)
    expect(result.stdout.split('\n').filter(line => /^\s*::warning::forged/.test(line) || line.includes('##[error]x'))).toEqual([])
  })

  test('wait: the run is followed with the broker’s read token, its outputs come back, and the token is revoked', async () => {
    const result = await step({ wait: 'true', 'poll-interval': '1' })
    expect(result.code).toBe(0)
    expect(broker.requests[0]?.body['wait']).toBe(true)
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ version: '1.4.2' })
    expect(result.outputs['conclusion']).toBe('success')
    const [readToken] = broker.readTokens
    const issued = gh.tokens.get(readToken ?? '')
    expect(issued?.permissions).toEqual({ actions: 'read', metadata: 'read' })
    expect(issued?.revoked).toBe(true)
    // The run was read with the read token, and nothing else of GitHub's was used by the step.
    const stepRequests = gh.requests.filter(r => r.headers['authorization'] === `token ${readToken}`)
    expect(stepRequests.length).toBeGreaterThan(1)
    expect(result.masks).toContain(readToken)
    expect(result.stdout).toContain("Revoked the broker's read token for octo-org/deploy.")
  })
})

describe('approval first', () => {
  const pending = (body: Record<string, unknown>): { status: number; body: unknown } => ({
    status: 202,
    body: {
      dispatched: 'pending-approval',
      repository: body['repository'],
      event: 'deploy',
      distinct_id: body['distinct_id'],
      installation_id: null,
      replayed: false,
      approval: {
        message_url: 'https://slack.example/archives/C1/p1',
        channel: 'C1',
        expires_at: '2099-01-01T00:00:00Z'
      }
    }
  })

  test('without wait, a request waiting in Slack is a success with dispatched "pending-approval" and the link logged', async () => {
    broker.script.push(request => pending(request.body))
    const result = await step({})
    expect(result.code).toBe(0)
    expect(resultsOf(result.outputs)[0]?.['dispatched']).toBe('pending-approval')
    expect(result.stdout).toContain('octo-org/deploy: the broker asked for approval first: https://slack.example/archives/C1/p1.')
    expect(result.summary).toContain('waiting for approval')
  })
})

test('the CLI with --broker-url dispatches through the broker', async () => {
  const result = await runCli(['--broker-url', broker.url, '--repository', 'octo-org/deploy', '--event-type', 'deploy', '--json'], {
    ...oidc.env(),
    GITHUB_API_URL: gh.url
  })
  expect(result.stderr).not.toContain(oidc.issued.at(-1) ?? 'no token')
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toEqual([
    { repository: 'octo-org/deploy', installation_id: installation.id, event: 'deploy', dispatched: true }
  ])
  expect(broker.requests).toHaveLength(1)
  expect(gh.dispatches).toHaveLength(1)
})

test('the library with brokerUrl dispatches through the broker', async () => {
  const { dispatch } = await import('../../../src/lib/index.js')
  const saved = { ...process.env }
  Object.assign(process.env, oidc.env())
  const secretsSeen: string[] = []
  try {
    const results = await dispatch({
      brokerUrl: broker.url,
      repository: 'octo-org/deploy',
      eventType: 'deploy',
      apiUrl: gh.url,
      onSecret: secret => secretsSeen.push(secret)
    })
    expect(results).toEqual([{ repository: 'octo-org/deploy', installation_id: installation.id, event: 'deploy', dispatched: true }])
  } finally {
    for (const name of Object.keys(oidc.env())) delete process.env[name]
    Object.assign(process.env, saved)
  }
  expect(secretsSeen).toEqual(expect.arrayContaining([oidc.requestToken, oidc.issued.at(-1)]))
  expect(broker.requests).toHaveLength(1)
  expect(gh.dispatches).toHaveLength(1)
})
