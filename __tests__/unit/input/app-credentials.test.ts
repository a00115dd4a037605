/**
 * The App's credentials in each form the action takes, one at a time: the
 * action's path in-process (support/action-in-process.ts) against the emulator,
 * so each form is the one GitHub accepts (the JWT it signs, the dispatch that
 * follows) and each refusal is in the action's words. client-id with app-id its
 * older name, and the private key as PKCS#8, with literal \n and base64-encoded.
 * Through the bundle: client-id alone, and a PKCS#1 PEM in every other test
 * (e2e/action/action.e2e.test.ts); the masks the runner sees for the key's
 * forms are e2e/action/hardening.e2e.test.ts's and unit/action/hardening.test.ts's.
 */
import { describe, expect, test } from '@jest/globals'
import { createPrivateKey } from 'node:crypto'
import { inputRefusal, runActionInProcess, runCheckedInProcess, type ActionStep } from '../../support/action-in-process.js'
import { stackLines } from '../../support/fixture.js'
import { useGitHubOnClock } from '../../support/use.js'

const local = useGitHubOnClock({ repositories: ['deploy', 'docs'] })

const deploy = { repository: 'octo-org/deploy', 'event-type': 'deploy' }
const inputsOf = (inputs: Record<string, string>): Record<string, string> => ({
  'app-id': String(local.app.id),
  'private-key': local.app.privateKey,
  ...deploy,
  ...inputs
})

/** The step with the App's credentials plus `inputs`; fails the test on any secret in what the user sees. */
async function run(inputs: Record<string, string>): Promise<ActionStep> {
  return runCheckedInProcess({ apiUrl: local.gh.url, inputs: inputsOf(inputs), clock: local.clock }, local.gh.secrets())
}

describe('client-id, with app-id its older name', () => {
  test('the Client ID is accepted as app-id', async () => {
    const step = await run({ 'app-id': local.app.clientId })
    expect(step.error).toBeUndefined()
    expect(local.gh.dispatches).toHaveLength(1)
  })

  test('client-id alone, and client-id and app-id equal, are the App', async () => {
    const alone = await run({ 'app-id': '', 'client-id': local.app.clientId })
    expect(alone.error).toBeUndefined()
    expect(local.gh.dispatches).toHaveLength(1)
    const equal = await run({ 'app-id': local.app.clientId, 'client-id': local.app.clientId })
    expect(equal.error).toBeUndefined()
    expect(local.gh.dispatches).toHaveLength(2)
    expect(local.gh).toHaveRevokedEveryToken()
  })

  test('advice names the input given: client-id', async () => {
    const step = await run({ repository: 'octo-org/nowhere', 'app-id': '', 'client-id': local.app.clientId })
    expect(step.error).toContain(`The GitHub App (client-id ${local.app.clientId}) cannot see octo-org/nowhere`)
  })

  test('client-id and app-id set to different values: refused, nothing sent', async () => {
    const error = await inputRefusal(
      runActionInProcess({ apiUrl: local.gh.url, inputs: inputsOf({ 'client-id': local.app.clientId }), clock: local.clock })
    )
    expect(error).toMatch(
      /Input 'client-id': and app-id are both set, to different values .* app-id is the older name of client-id: give one\./
    )
    expect(stackLines(error)).toEqual([])
    expect(local.gh).toHaveSentNothing()
  })
})

describe('the private key in each form', () => {
  /** The base64 body lines of a PEM (what the runner can match, line by line). */
  const bodyLines = (pem: string): string[] => pem.split('\n').filter(line => line.length >= 8 && !line.startsWith('-----'))

  test.each([
    ['PKCS#8', () => createPrivateKey(local.app.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString()],
    ['literal \\n', () => local.app.privateKey.trim().replace(/\n/g, '\\n')],
    ['base64-encoded PEM', () => Buffer.from(local.app.privateKey).toString('base64')]
  ])('is accepted as %s, and each of its forms is masked', async (_name, key) => {
    const given = key()
    const step = await run({ 'private-key': given })
    expect(step.error).toBeUndefined()
    expect(local.gh.dispatches).toHaveLength(1)
    // Handed to setSecret (src/action/run.ts masks the same list first): the input on one line, and the
    // body lines of the PKCS#1 PEM and of its PKCS#8 re-encoding.
    const pkcs8 = createPrivateKey(local.app.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(step.masked).toContain(given.trim())
    for (const line of [...bodyLines(local.app.privateKey), ...bodyLines(pkcs8)]) expect(step.masked).toContain(line)
  })
})
