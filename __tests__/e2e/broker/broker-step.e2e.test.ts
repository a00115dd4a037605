/**
 * The whole path with nothing upstream but the job's OIDC token: the action
 * bundle, run as the runner runs it with `broker-url`, calls the real broker
 * (in this process), which checks the token and the target's policy and
 * dispatches on the GitHub emulator; the step waits with the broker's read
 * token, brings the outputs back and revokes it. A broker answer lost on the
 * way back is asked for again with the same body, and GitHub sees one dispatch.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { findLeaks, runAction, type StepResult } from '../../../emulator/run-action.js'
import { zipOf } from '../../../emulator/zip.js'
import { quick, RUN_NAME } from '../../support/chain.js'
import { cancelLikeTheRunner, resultsOf } from '../../support/fixture.js'
import { ROUTES } from '../../../emulator/github-routes.js'
import { ALLOW_DEPLOY, AUDIENCE, CALLER, POLICY, startBrokerWorld, type BrokerWorld } from '../../support/broker-world.js'

let world: BrokerWorld

beforeAll(async () => {
  world = await startBrokerWorld()
  const zip = await zipOf({ 'outputs.json': JSON.stringify({ url: 'https://deploy.example/1.4.2' }) })
  world.local.gh.addWorkflow('octo-org/deploy', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: RUN_NAME,
    lifecycle: quick,
    artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
  })
  // The runner's OIDC service hands this job the calling workflow's claims.
  world.oidc.claims = { ...CALLER }
}, 30_000)
afterAll(async () => world.stop())
beforeEach(() => {
  world.local.gh.reset()
  world.local.gh.setFile('octo-org/deploy', POLICY, ALLOW_DEPLOY)
})

async function step(inputs: Record<string, string>, onStart?: Parameters<typeof runAction>[0]['onStart']): Promise<StepResult> {
  const result = await runAction({
    onStart,
    apiUrl: world.local.gh.url,
    inputs: {
      'broker-url': world.url,
      'broker-audience': AUDIENCE,
      repository: 'octo-org/deploy',
      'event-type': 'deploy',
      'client-payload': '{"version":"1.4.2"}',
      ...inputs
    },
    env: world.oidc.env()
  })
  const secrets = [...world.local.gh.secrets(), ...world.oidc.issued, world.oidc.requestToken]
  expect(findLeaks(result, secrets)).toEqual([])
  return result
}

test('dispatch and wait through the broker: outputs come back, every token is revoked, the pipeline held no App secret', async () => {
  const result = await step({ wait: 'true', 'poll-interval': '1' })
  expect(result.code).toBe(0)
  expect(world.local.gh.dispatches).toHaveLength(1)
  expect(JSON.parse(result.outputs['outputs'] ?? '{}')).toEqual({ url: 'https://deploy.example/1.4.2' })
  const [only] = resultsOf(result.outputs)
  expect(only).toMatchObject({ repository: 'octo-org/deploy', dispatched: true, conclusion: 'success' })
  // The broker's own tokens and the step's read token: all revoked.
  expect(world.local.gh).toHaveRevokedEveryToken()
  const read = [...world.local.gh.tokens.values()].find(t => t.permissions['actions'] === 'read' && !('contents' in t.permissions))
  expect(read?.revoked).toBe(true)
})

test('a broker answer lost on the way back: the step asks again with the same body and a fresh token; GitHub sees one dispatch', async () => {
  world.dropAnswers = 1
  const result = await step({})
  expect(result.code).toBe(0)
  expect(world.dropAnswers).toBe(0)
  expect(world.local.gh.dispatches).toHaveLength(1)
  expect(resultsOf(result.outputs)[0]).toMatchObject({ dispatched: true })
})

test('a denial reaches the step as one line naming the policy, and nothing is dispatched', async () => {
  world.local.gh.setFile('octo-org/deploy', POLICY, ALLOW_DEPLOY.replace('[deploy]', '[release]'))
  const denied = await startBrokerWorld() // a fresh broker: policies are cached for a minute
  try {
    denied.local.gh.setFile('octo-org/deploy', POLICY, ALLOW_DEPLOY.replace('[deploy]', '[release]'))
    denied.oidc.claims = { ...CALLER }
    const result = await runAction({
      apiUrl: denied.local.gh.url,
      inputs: { 'broker-url': denied.url, 'broker-audience': AUDIENCE, repository: 'octo-org/deploy', 'event-type': 'deploy' },
      env: denied.oidc.env()
    })
    expect(result.code).toBe(1)
    expect(result.errors.join('\n')).toMatch(/app-dispatch\.yml/)
    expect(denied.local.gh.dispatches).toHaveLength(0)
  } finally {
    await denied.stop()
  }
})

test('cancelled while following the run (SIGINT, as the runner cancels): it says what was sent, and the read token is revoked', async () => {
  world.local.gh.addWorkflow('octo-org/other', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: RUN_NAME,
    lifecycle: { queuedMs: 0, runMs: 3_600_000, conclusion: 'success' }
  })
  world.local.gh.setFile('octo-org/other', POLICY, ALLOW_DEPLOY)
  // Once the step has looked at the run it follows.
  const cancel = cancelLikeTheRunner(() => world.local.gh.requestsFor(ROUTES.getRun).length > 0)
  const result = await step({ repository: 'octo-org/other', wait: 'true', 'poll-interval': '1' }, cancel.onStart)
  expect(cancel.killed()).toBe(false)
  expect(result.code).toBe(1)
  expect(world.local.gh.dispatches).toHaveLength(1)
  expect(result.errors).toHaveLength(1)
  // Said once, with what the step was doing.
  expect(result.errors[0]).toMatch(
    /^::error::The step was cancelled while waiting for run #\d+ in octo-org\/other \(last status in_progress\)/
  )
  expect(result.stdout).toMatch(/^::warning::Cancelled\. Sent to: octo-org\/other\.$/m)
  expect(resultsOf(result.outputs)[0]).toMatchObject({ repository: 'octo-org/other', dispatched: true, error_code: 'cancelled' })
  expect(world.local.gh).toHaveRevokedEveryToken()
})
