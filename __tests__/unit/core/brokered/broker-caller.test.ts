/**
 * The step's side of the dispatch broker (src/core/brokered/), one condition
 * at a time: the action's path in-process (support/action-in-process.ts:
 * action.yml's defaults, parseInputs, the core, the action's words) with the
 * runner's OIDC token service (emulator/runner-oidc.js) and the broker's
 * stand-in (support/broker-standin.js), on a VirtualClock that is also the
 * emulator's time: a lost answer's backoff and the approval's polls pass in
 * milliseconds. The contract of each through the bundle (exit code, one
 * ::error:: line, no stack, the masks, the summary) is
 * e2e/broker/broker-caller.e2e.test.ts: the dispatch, one input refusal, one
 * lost answer, one refusal made inert, the wait with the read token, and a
 * request waiting for approval.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { RunnerOidc } from '../../../../emulator/runner-oidc.js'
import { zipOf } from '../../../../emulator/zip.js'
import { codeOf, messageOf } from '../../../../src/model/errors.js'
import { runActionInProcess, runCheckedInProcess, type ActionStep } from '../../../support/action-in-process.js'
import { BrokerStandIn, type BrokerRequest } from '../../../support/broker-standin.js'
import { quick, RUN_NAME } from '../../../support/chain.js'
import { stackLines } from '../../../support/fixture.js'
import { DISPATCH_AND_FOLLOW } from '../../../support/github.js'
import { useGitHubOnClock } from '../../../support/use.js'
import type { Clock } from '../../../../src/util/clock.js'
import { waitUntil } from '../../../support/wait-until.js'

const local = useGitHubOnClock({
  repositories: ['deploy', 'web'],
  permissions: DISPATCH_AND_FOLLOW,
  setup: async ({ gh }) => {
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
  }
})
let oidc: RunnerOidc
let broker: BrokerStandIn

beforeAll(async () => {
  oidc = new RunnerOidc()
  await oidc.start()
  broker = new BrokerStandIn({ oidcPublicKey: oidc.publicKey, github: { gh: local.gh, app: local.app } })
  await broker.start()
})
afterAll(async () => {
  await Promise.all([oidc.stop(), broker.stop()])
})
beforeEach(() => {
  broker.reset()
  oidc.requests.length = 0
})

const secrets = (): string[] => [...local.gh.secrets(), ...oidc.issued, oidc.requestToken, ...broker.readTokens]

const stepInputs = (inputs: Record<string, string>): Record<string, string> => ({
  'broker-url': broker.url,
  repository: 'octo-org/deploy',
  'event-type': 'deploy',
  ...inputs
})

/**
 * The step through the broker with `inputs`; fails the test on any secret or stack in what the user sees.
 * `run` may cancel it (`signal`, as SIGINT does), give it another clock or change its environment.
 */
async function step(
  inputs: Record<string, string>,
  run: { signal?: AbortSignal; clock?: Clock; env?: Record<string, string> } = {}
): Promise<ActionStep> {
  return runCheckedInProcess(
    {
      apiUrl: local.gh.url,
      inputs: stepInputs(inputs),
      env: run.env ?? oidc.env(),
      clock: run.clock ?? local.clock,
      ...(run.signal ? { signal: run.signal } : {})
    },
    secrets()
  )
}

/** A refusal before anything is sent: an input error (the step's ::error:: text) matching `message`, no token asked for, no request to the broker. */
async function expectRefused(inputs: Record<string, string>, env: Record<string, string>, message: RegExp): Promise<void> {
  const error = await runActionInProcess({ apiUrl: local.gh.url, inputs: stepInputs(inputs), env, clock: local.clock }).then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  expect(codeOf(error)).toBe('input')
  expect(messageOf(error)).toMatch(message)
  expect(stackLines(messageOf(error))).toEqual([])
  expect(oidc).toHaveSentNothing()
  expect(broker).toHaveSentNothing()
  expect(local.gh).toHaveSentNothing()
}

describe('what the step sends', () => {
  test('broker-audience sets the token’s aud', async () => {
    broker.audience = 'https://dispatch.example'
    try {
      const result = await step({ 'broker-audience': 'https://dispatch.example' })
      expect(result.error).toBeUndefined()
      expect(result.results[0]?.dispatched).toBe(true)
      expect(broker.requests[0]?.claims['aud']).toBe('https://dispatch.example')
      expect(oidc.requests).toEqual([{ audience: 'https://dispatch.example', authorized: true }])
    } finally {
      broker.audience = undefined
    }
  })

  test('a fan-out to two targets is two requests, each with its own distinct_id and token', async () => {
    const result = await step({ repository: 'octo-org/deploy, octo-org/web' })
    expect(result.error).toBeUndefined()
    expect(broker.requests.map(r => r.body['repository'])).toEqual(expect.arrayContaining(['octo-org/deploy', 'octo-org/web']))
    expect(broker.requests).toHaveLength(2)
    expect(new Set(broker.requests.map(r => r.body['distinct_id'])).size).toBe(2)
    expect(new Set(broker.requests.map(r => r.claims['jti'])).size).toBe(2)
    expect(local.gh.dispatches).toHaveLength(2)
    expect(result.results.map(r => r.dispatched)).toEqual([true, true])
  })
})

describe('refused before anything is sent', () => {
  test('broker-url beside app-id is refused, naming both', async () => {
    await expectRefused({ 'app-id': '123' }, oidc.env(), /Input 'broker-url': replaces .*Remove app-id,/)
  })

  test('without permissions: id-token: write the step says to add it', async () => {
    await expectRefused(
      {},
      {},
      /Input 'broker-url': needs the job's OIDC token.*'permissions: id-token: write'.*Add that permission to the job/
    )
  })

  test('cancel-downstream is refused through a broker', async () => {
    await expectRefused(
      { wait: 'true', 'cancel-downstream': 'true' },
      oidc.env(),
      /Input 'cancel-downstream': is not available through a broker: the broker gives the step only a read token/
    )
  })
})

test('an answer lost on every attempt: dispatched "unknown", sent three times after 1 s and 2 s, dispatched once', async () => {
  broker.script.push({ drop: true }, { drop: true }, { drop: true })
  const result = await step({})
  expect(result.error).toMatch(/The broker may have dispatched it: its answer was lost 3 times/)
  expect(broker.requests).toHaveLength(3)
  expect(new Set(broker.requests.map(r => r.rawBody)).size).toBe(1)
  expect(new Set(broker.requests.map(r => r.claims['jti'])).size).toBe(3)
  expect(local.gh.dispatches).toHaveLength(1)
  const [target] = result.results
  expect(target?.dispatched).toBe('unknown')
  expect(target?.error).toMatch(/The broker may have dispatched it: its answer was lost 3 times/)
  expect(local.clock.waits).toEqual([1_000, 2_000])
})

describe("the broker's refusals", () => {
  test("GitHub's refusal relayed by the broker reads as without a broker: github-refused, its status and step", async () => {
    broker.script.push({
      status: 502,
      body: { error: 'github-refused', message: 'octo-org/deploy: GitHub answered 404.', status: 404, step: 'installation-lookup' }
    })
    const result = await step({})
    expect(result.error).toBe('the broker refused it (github-refused): octo-org/deploy: GitHub answered 404.')
    expect(result.results[0]).toMatchObject({ error_code: 'github-refused', error_status: 404, error_step: 'installation-lookup' })
    expect(broker.requests).toHaveLength(1)
  })

  test("the broker's own refusals keep their code: broker-refused", async () => {
    broker.script.push({ status: 409, body: { error: 'idempotency-conflict', message: 'distinct_id reused with another body' } })
    const result = await step({})
    expect(result.error).toBe('the broker refused it (idempotency-conflict): distinct_id reused with another body')
    const [target] = result.results
    expect(target).toMatchObject({ error_code: 'broker-refused', dispatched: false })
    expect(target?.error_status).toBeUndefined()
    expect(broker.requests).toHaveLength(1)
  })

  test('a policy denial shows the claims presented and why each rule did not match, on one line', async () => {
    broker.script.push({
      status: 403,
      body: {
        error: 'policy-denied',
        message: 'Denied by .github/app-dispatch.yml of octo-org/deploy: no rule allows this caller to send this (reasons below).',
        claims: { repository: 'octo-org/upstream', ref: 'refs/heads/main' },
        reasons: ['rule 1: from.environment: the token has no environment', 'rule 2: event deploy is not\n::error::forged']
      }
    })
    const result = await step({})
    const [target] = result.results
    expect(target?.dispatched).toBe(false)
    for (const text of [target?.error, result.error]) {
      expect(text).toContain('Claims presented: repository=octo-org/upstream, ref=refs/heads/main.')
      expect(text).toContain(
        'Why no rule matched: rule 1: from.environment: the token has no environment; rule 2: event deploy is not ::error::forged.'
      )
    }
    // No line of what the step prints starts a command (the bundle's stdout: e2e/broker/broker-caller.e2e.test.ts).
    const lines = [...(result.error ?? '').split('\n'), ...result.log.flatMap(line => line.split('\n'))]
    expect(lines.filter(line => /^\s*::error::forged/.test(line))).toEqual([])
    expect(broker.requests).toHaveLength(1)
  })
})

test('wait when the policy does not allow waiting: dispatched, and the target fails saying why', async () => {
  broker.waitAllowed = false
  const readTokens = broker.readTokens.length
  const result = await step({ wait: 'true', 'poll-interval': '1' })
  expect(local.gh.dispatches).toHaveLength(1)
  const [target] = result.results
  expect(target?.dispatched).toBe(true)
  expect(target?.error).toMatch(/the broker gave no token to wait with.*does not allow waiting \(wait: true\).*turn wait off/)
  expect(result.error).toBe(target?.error)
  // No read token was handed out.
  expect(broker.readTokens).toHaveLength(readTokens)
})

/** The broker's answer while a person decides (`decision`: once they have). */
const pending =
  (decision?: string) =>
  (request: BrokerRequest): { status: number; body: unknown } => ({
    status: 202,
    body: {
      dispatched: 'pending-approval',
      repository: request.body['repository'],
      event: 'deploy',
      distinct_id: request.body['distinct_id'],
      installation_id: null,
      replayed: false,
      approval: {
        message_url: 'https://slack.example/archives/C1/p1',
        channel: 'C1',
        expires_at: '2099-01-01T00:00:00Z',
        ...(decision ? { decision, decided_by: 'ada' } : {})
      }
    }
  })

describe('approval first, with wait', () => {
  test('the same request is asked about again every poll-interval until approved, then the run is followed', async () => {
    broker.script.push(pending())
    const result = await step({ wait: 'true', 'poll-interval': '10' })
    expect(result.error).toBeUndefined()
    expect(result.log).toContain('octo-org/deploy: the broker asked for approval first: https://slack.example/archives/C1/p1.')
    expect(broker.requests).toHaveLength(2)
    expect(broker.requests[1]?.rawBody).toBe(broker.requests[0]?.rawBody)
    // Asked again after poll-interval, on the clock.
    expect(local.clock.waits[0]).toBe(10_000)
    expect(local.gh.dispatches).toHaveLength(1)
    expect(result.results[0]).toMatchObject({ dispatched: true, conclusion: 'success', outputs: { version: '1.4.2' } })
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('a rejection fails the target, naming who rejected it', async () => {
    broker.script.push(pending(), pending('rejected'))
    const result = await step({ wait: 'true', 'poll-interval': '10' })
    expect(local.gh.dispatches).toHaveLength(0)
    expect(broker.requests).toHaveLength(2)
    expect(result.results[0]).toMatchObject({
      dispatched: false,
      error: 'The request was rejected by ada; nothing was dispatched.'
    })
    expect(result.error).toBe('The request was rejected by ada; nothing was dispatched.')
  })

  test('wait-timeout before anyone decides: still waiting for approval, asked every poll-interval until then', async () => {
    broker.script.push(...Array.from({ length: 10 }, () => pending()))
    const result = await step({ wait: 'true', 'poll-interval': '10', 'wait-timeout': '30' })
    expect(local.gh.dispatches).toHaveLength(0)
    expect(result.results[0]).toMatchObject({ dispatched: 'pending-approval' })
    expect(String(result.results[0]?.error)).toMatch(/^Still waiting for approval after \d+s \(wait-timeout\)/)
    expect(result.error).toMatch(/^Still waiting for approval after 30s \(wait-timeout\); nothing has been dispatched yet/)
    // Sent at 0, 10, 20 and 30 s of the clock; then the timeout.
    expect(local.clock.waits).toEqual([10_000, 10_000, 10_000])
    expect(broker.requests).toHaveLength(4)
  })
})

describe('a cancelled step says what it left, as without a broker', () => {
  /** The step through the broker, cancelled (as SIGINT does) the first time it sleeps on the clock. */
  async function cancelledAtFirstSleep(inputs: Record<string, string>): Promise<ActionStep> {
    const controller = new AbortController()
    const cancelling = {
      now: local.clock.now,
      sleep: (ms: number, signal?: AbortSignal) => {
        controller.abort()
        return local.clock.sleep(ms, signal)
      }
    }
    const result = await step(inputs, { clock: cancelling, signal: controller.signal })
    expect(controller.signal.aborted).toBe(true)
    return result
  }

  test('cancelled while following the run: "Sent to", and the read token is revoked', async () => {
    local.gh.addWorkflow('octo-org/deploy', {
      file: 'slow.yml',
      types: ['slow'],
      runName: RUN_NAME,
      lifecycle: { queuedMs: 0, runMs: 3_600_000 }
    })
    const result = await cancelledAtFirstSleep({ 'event-type': 'slow', wait: 'true', 'poll-interval': '10' })
    expect(local.gh.dispatches).toHaveLength(1)
    expect(broker.requests).toHaveLength(1)
    expect(result.log).toContain('Cancelled. Sent to: octo-org/deploy.')
    expect(result.results[0]).toMatchObject({ dispatched: true, error_code: 'cancelled' })
    // The broker's read token, which the step followed the run with: revoked by the step.
    const read = [...local.gh.tokens.values()].filter(t => t.permissions['actions'] === 'read' && !('contents' in t.permissions))
    expect(read.map(t => t.revoked)).toEqual([true])
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('cancelled while waiting for approval: the broker still holds the request, and the step says it runs if approved', async () => {
    broker.script.push(pending())
    const result = await cancelledAtFirstSleep({ wait: 'true', 'poll-interval': '10' })
    expect(local.gh.dispatches).toHaveLength(0)
    // Not asked again after the cancellation.
    expect(broker.requests).toHaveLength(1)
    expect(result.results[0]).toMatchObject({
      dispatched: 'pending-approval',
      error_code: 'cancelled',
      error:
        'The step was cancelled while waiting for approval; the broker holds the request, and dispatches it if it is (or was) approved before it expires: https://slack.example/archives/C1/p1.'
    })
    expect(result.log).toContain('Cancelled. Waiting for approval (dispatched if approved): octo-org/deploy.')
  })

  test('a fan-out cancelled while the first request is in flight: "Unknown" for it, "Not sent to" the other, nothing sent again', async () => {
    const controller = new AbortController()
    broker.script.push(() => {
      controller.abort()
      return undefined
    })
    const result = await step({ repository: 'octo-org/deploy, octo-org/web', 'max-concurrency': '1' }, { signal: controller.signal })
    expect(broker.requests.map(r => r.body['repository'])).toEqual(['octo-org/deploy'])
    // The broker goes on with what it received after the step hung up: one dispatch, never a second.
    await waitUntil('the broker’s dispatch', () => local.gh.dispatches.length > 0)
    expect(local.gh.dispatches).toHaveLength(1)
    expect(result.results.map(r => r.dispatched)).toEqual(['unknown', false])
    expect(result.log).toContain(
      'Cancelled. Not sent to: octo-org/web. Unknown (check the target before running this again): octo-org/deploy.'
    )
  })

  test('an answer lost, then cancelled before it is sent again: unknown, since the first may have arrived', async () => {
    broker.script.push({ drop: true })
    const result = await cancelledAtFirstSleep({})
    expect(broker.requests).toHaveLength(1)
    expect(local.gh.dispatches).toHaveLength(1)
    expect(result.results[0]).toMatchObject({ dispatched: 'unknown', error_code: 'cancelled' })
    expect(result.log).toContain('Cancelled. Unknown (check the target before running this again): octo-org/deploy.')
  })

  test('cancelled while the runner’s token service has the request: nothing reached the broker, so "Not sent to"', async () => {
    const controller = new AbortController()
    const service = oidc.env()
    // A token service that takes its time: the step is cancelled while it waits for it.
    const slow = createServer((_req, res) => {
      controller.abort()
      setTimeout(() => res.writeHead(500).end(), 200)
    })
    await new Promise<void>(resolve => slow.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = slow.address() as AddressInfo
      const url = new URL(service['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '')
      const env = { ...service, ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}${url.pathname}${url.search}` }
      const result = await step({}, { env, signal: controller.signal })
      expect(broker).toHaveSentNothing()
      expect(result.results[0]).toMatchObject({ dispatched: false, error_code: 'cancelled' })
      expect(result.log).toContain('Cancelled. Not sent to: octo-org/deploy.')
    } finally {
      await new Promise(resolve => slow.close(resolve))
    }
  })

  test('cancelled while the step asks again about the approval: still pending at the broker', async () => {
    const controller = new AbortController()
    broker.script.push(pending(), request => {
      controller.abort()
      return pending()(request)
    })
    const result = await step({ wait: 'true', 'poll-interval': '10' }, { signal: controller.signal })
    expect(broker.requests).toHaveLength(2)
    expect(local.gh.dispatches).toHaveLength(0)
    expect(result.results[0]).toMatchObject({ dispatched: 'pending-approval', error_code: 'cancelled' })
    expect(result.log).toContain('Cancelled. Waiting for approval (dispatched if approved): octo-org/deploy.')
  })
})

describe('asking again about an approval', () => {
  test('a refusal that is not a decision leaves the request pending at the broker, and says so', async () => {
    broker.script.push(pending(), { status: 500, body: { error: 'broker-error', message: 'the store is unreachable' } })
    const result = await step({ wait: 'true', 'poll-interval': '10' })
    expect(local.gh.dispatches).toHaveLength(0)
    expect(result.results[0]).toMatchObject({ dispatched: 'pending-approval', error_code: 'approval-pending' })
    expect(result.results[0]?.error).toMatch(
      /^Could not ask the broker about the approval again \(the broker refused it \(broker-error\): the store is unreachable\); the broker holds the request, and dispatches it if it is \(or was\) approved before it expires: https:\/\/slack\.example\/archives\/C1\/p1\.$/
    )
  })

  test('the broker’s rejection (403 approval-rejected, with the approval) is the decision: approval-refused', async () => {
    broker.script.push(pending(), {
      status: 403,
      body: {
        error: 'approval-rejected',
        message: 'Rejected in Slack by ada: nothing was sent.',
        approval: {
          message_url: 'https://slack.example/archives/C1/p1',
          channel: 'C1',
          expires_at: '2099-01-01T00:00:00Z',
          decision: 'rejected',
          decided_by: 'ada'
        }
      }
    })
    const result = await step({ wait: 'true', 'poll-interval': '10' })
    expect(local.gh.dispatches).toHaveLength(0)
    expect(result.results[0]).toMatchObject({ dispatched: false, error_code: 'approval-refused' })
    expect(result.results[0]?.error).toContain('Rejected in Slack by ada: nothing was sent.')
  })
})
