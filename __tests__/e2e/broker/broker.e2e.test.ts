/**
 * The broker end to end, in this process, against the GitHub emulator and a
 * local OIDC issuer: what GitHub received, what the caller was told, which
 * tokens exist and whether they were revoked, and what the audit log says.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { ALLOW_DEPLOY, AUDIENCE, CALLER, POLICY, deployRequest, startBrokerWorld, type BrokerWorld } from '../../support/broker-world.js'

let world: BrokerWorld

beforeAll(async () => {
  world = await startBrokerWorld()
}, 30_000)
afterAll(async () => world.stop())
beforeEach(() => {
  world.local.gh.reset()
  world.logs.length = 0
  world.local.gh.setFile('octo-org/deploy', POLICY, ALLOW_DEPLOY)
})

const dispatches = (): Array<{ repository: string; client_payload: unknown }> => world.local.gh.dispatches
const liveTokens = (): string[] => [...world.local.gh.tokens.values()].filter(t => !t.revoked).map(t => t.token)

/** Policies are cached for up to 60 s: a test that changes one uses a fresh broker. */
async function withPolicy<T>(policy: string | undefined, run: (w: BrokerWorld) => Promise<T>): Promise<T> {
  const w = await startBrokerWorld({ config: { policyCacheSeconds: 0 } })
  try {
    if (policy !== undefined) w.local.gh.setFile('octo-org/deploy', POLICY, policy)
    return await run(w)
  } finally {
    await w.stop()
  }
}

describe('an allowed dispatch', () => {
  test('GitHub receives the payload with the distinct_id, once; the caller is told; every broker token is revoked', async () => {
    const request = deployRequest()
    const answer = await world.post(request)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      dispatched: true,
      repository: 'octo-org/deploy',
      event: 'deploy',
      distinct_id: request['distinct_id'],
      replayed: false
    })
    expect(answer.body['read_token']).toBeUndefined() // the request did not ask to wait
    expect(dispatches()).toHaveLength(1)
    expect(dispatches()[0]?.client_payload).toEqual({ version: '1.4.2', distinct_id: request['distinct_id'] })
    // The policy read token and the dispatch token: both revoked before the answer.
    expect(world.local.gh).toHaveRevokedEveryToken()
    const minted = [...world.local.gh.tokens.values()]
    expect(minted.map(t => t.permissions)).toEqual(
      expect.arrayContaining([
        { contents: 'read', metadata: 'read' },
        { contents: 'write', metadata: 'read' }
      ])
    )
    for (const t of minted) expect(t.repositories).toEqual(['octo-org/deploy'])
  })

  test('the same request again gets the first answer and sends nothing; a different body under the same distinct_id gets 409', async () => {
    const request = deployRequest()
    const first = await world.post(request)
    const again = await world.post(request)
    expect(again.status).toBe(200)
    expect({ ...again.body, replayed: false }).toEqual(first.body)
    expect(again.body['replayed']).toBe(true)
    const changed = await world.post({ ...request, client_payload: { version: '9.9.9' } })
    expect(changed.status).toBe(409)
    expect(changed.body).toMatchObject({ error: 'idempotency-conflict' })
    expect(dispatches()).toHaveLength(1)
  })

  test('a payload number the broker cannot carry exactly is refused (400, naming it), not sent rounded', async () => {
    const text = JSON.stringify(deployRequest()).replace('"version":"1.4.2"', '"version":"1.4.2","build":12345678901234567890')
    const answer = await world.post(text)
    expect(answer.status).toBe(400)
    expect(answer.body['message']).toContain('12345678901234567890')
    expect(answer.body['message']).toContain('send it as a string')
    expect(dispatches()).toHaveLength(0)
    // A safe integer goes through as it was written.
    const fine = await world.post(text.replace('12345678901234567890', '9007199254740991'))
    expect(fine.status).toBe(200)
    expect(dispatches()[0]?.client_payload).toMatchObject({ build: 9007199254740991 })
  })

  test('ten identical requests at once give one dispatch and ten equal answers', async () => {
    const request = deployRequest()
    const answers = await Promise.all(Array.from({ length: 10 }, () => world.post(request)))
    expect(dispatches()).toHaveLength(1)
    expect(answers.map(a => a.status)).toEqual(Array(10).fill(200))
    expect(new Set(answers.map(a => a.body['dispatched']))).toEqual(new Set([true]))
    expect(answers.filter(a => a.body['replayed'] === false)).toHaveLength(1)
  })

  test("with wait, the answer carries a token that can only read that repository's Actions data; nothing the broker keeps is live", async () => {
    const answer = await world.post(deployRequest({ wait: true }))
    const read = answer.body['read_token'] as { token: string; repository: string; permissions: unknown }
    expect(read).toMatchObject({ repository: 'octo-org/deploy', permissions: { actions: 'read' } })
    const issued = world.local.gh.tokens.get(read.token)
    expect(issued?.permissions).toEqual({ actions: 'read', metadata: 'read' })
    expect(issued?.repositories).toEqual(['octo-org/deploy'])
    expect(liveTokens()).toEqual([read.token])
    const call = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${world.local.gh.url}${path}`, {
        method,
        headers: { authorization: `token ${read.token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {})
      })
    expect((await call('GET', '/repos/octo-org/deploy/actions/runs')).status).toBe(200)
    expect((await call('GET', '/repos/octo-org/other/actions/runs')).status).toBe(404)
    expect((await call('POST', '/repos/octo-org/deploy/dispatches', { event_type: 'deploy' })).status).toBe(403)
    expect(dispatches()).toHaveLength(1)
  })
})

describe('who is calling', () => {
  test('a replayed OIDC token is refused, and nothing more is sent', async () => {
    const token = world.token()
    expect((await world.post(deployRequest(), token)).status).toBe(200)
    const replay = await world.post(deployRequest(), token)
    expect(replay.status).toBe(401)
    expect(replay.body['message']).toMatch(/used before/)
    expect(dispatches()).toHaveLength(1)
  })

  test('no token, another audience: 401 naming the fix, nothing read from GitHub', async () => {
    const none = await fetch(`${world.url}/dispatch`, { method: 'POST', body: JSON.stringify(deployRequest()) })
    expect(none.status).toBe(401)
    const wrong = await world.post(deployRequest(), world.token({}, 'sts.amazonaws.com'))
    expect(wrong.status).toBe(401)
    expect(wrong.body['message']).toContain(AUDIENCE)
    expect(world.local.gh).toHaveSentNothing()
  })
})

describe("what they may do: the target's policy", () => {
  test('no policy file: denied, the answer names the file; nothing dispatched', () =>
    withPolicy(undefined, async w => {
      const denied = await w.post(deployRequest())
      expect(denied.status).toBe(403)
      expect(denied.body['message']).toContain('.github/app-dispatch.yml')
      expect(w.local.gh.dispatches).toHaveLength(0)
    }))

  test('a malformed policy denies and says why', () =>
    withPolicy('version: 1\nallow: [ {from: ', async w => {
      const denied = await w.post(deployRequest())
      expect(denied.status).toBe(403)
      expect(denied.body['message']).toMatch(/app-dispatch\.yml/)
      expect(w.local.gh.dispatches).toHaveLength(0)
    }))

  test('a denial shows the claims presented and why each rule did not match', () =>
    withPolicy(ALLOW_DEPLOY.replace('octo-org/app\n', 'octo-org/web\n'), async w => {
      const denied = await w.post(deployRequest())
      expect(denied.status).toBe(403)
      expect(denied.body).toMatchObject({
        error: 'policy-denied',
        claims: { repository: CALLER.repository, repository_id: CALLER.repository_id }
      })
      expect(JSON.stringify(denied.body['reasons'])).toMatch(/repository/)
      expect(w.local.gh.dispatches).toHaveLength(0)
    }))

  test('waiting under a rule without wait: true is denied', () =>
    withPolicy(ALLOW_DEPLOY.replace('    wait: true\n', ''), async w => {
      const denied = await w.post(deployRequest({ wait: true }))
      expect(denied.status).toBe(403)
      expect(w.local.gh.dispatches).toHaveLength(0)
    }))

  test('pull_request_target is denied unless the rule names it', async () => {
    const denied = await world.post(deployRequest(), world.token({ event_name: 'pull_request_target' }))
    expect(denied.status).toBe(403)
    expect(JSON.stringify(denied.body['reasons'])).toMatch(/pull_request_target/)
    expect(dispatches()).toHaveLength(0)
  })
})

describe('at most once at the broker', () => {
  test('a lost GitHub answer is "unknown", not re-sent, and a repeat of the request sends nothing either', async () => {
    world.local.gh.fault(ROUTES.dispatches, { reset: true, afterProcessing: true })
    const request = deployRequest()
    const lost = await world.post(request)
    expect(lost.status).toBe(200)
    expect(lost.body['dispatched']).toBe('unknown')
    expect(dispatches()).toHaveLength(1)
    const again = await world.post(request)
    expect(again.body).toMatchObject({ dispatched: 'unknown', replayed: true })
    expect(dispatches()).toHaveLength(1)
    expect(world.local.gh).toHaveRevokedEveryToken()
  })
})

describe("GitHub's refusals", () => {
  test("GitHub's refusal is relayed with its status and step, and nothing is sent again", async () => {
    world.local.gh.fault(ROUTES.dispatches, { status: 422, body: { message: 'Invalid request' } })
    const answer = await world.post(deployRequest())
    expect(answer.status).toBe(502)
    expect(answer.body).toMatchObject({ error: 'github-refused', status: 422, step: 'dispatch' })
    expect(world.local.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
    expect(liveTokens()).toEqual([])
  })
})

describe('the audit trail', () => {
  test('one JSON line per decision, with who, what, rule and outcome, and no token, key or payload value', async () => {
    const secretValue = 'payload-value-that-must-not-be-logged'
    const token = world.token()
    await world.post(deployRequest({ client_payload: { version: secretValue }, wait: true }), token)
    await world.post(deployRequest(), world.token({ repository: 'octo-org/evil' }))
    const lines = world.logs.filter(line => line.startsWith('{'))
    expect(lines).toHaveLength(2)
    const [allowed, denied] = lines.map(line => JSON.parse(line) as Record<string, unknown>)
    expect(allowed).toMatchObject({
      audit: 'app-dispatch-broker',
      caller: { repository: 'octo-org/app', repository_id: '111', run_id: '4242', run_attempt: '1' },
      target: 'octo-org/deploy',
      event: 'deploy',
      rule: 1,
      outcome: 'dispatched'
    })
    expect(denied).toMatchObject({ outcome: 'policy-denied', status: 403 })
    const text = world.logs.join('\n')
    for (const secret of [...world.local.gh.secrets(), token, secretValue]) expect(text).not.toContain(secret)
  })
})
