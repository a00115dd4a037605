/**
 * revokeToken: only a 204 counts as revoked, and what GitHub said about a
 * refusal is passed on without the token in it, even if GitHub echoed it.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { mintToken, revokeToken, RevocationError, unrevokedTokenWarning } from '../../../src/github/installations.js'
import { createTokenClient, createTransport } from '../../../src/http/client.js'
import { createAppClient } from '../../../src/auth/clients.js'
import { ROUTES, type GitHubEmulator } from '../../../emulator/github-emulator.js'
import { startGitHub } from '../../support/github.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let installationId: number
const quiet = { debug: () => undefined, info: () => undefined, notice: () => undefined, warning: () => undefined }

beforeAll(async () => {
  const local = await startGitHub({ account: 'octo-org', repositories: ['deploy'] })
  ;({ gh, app } = local)
  installationId = local.installation.id
})
afterAll(async () => {
  await gh.stop()
})
beforeEach(() => {
  gh.reset()
  gh.statelessTokens = true
})

async function minted(): Promise<{ token: string; client: ReturnType<typeof createTokenClient> }> {
  const transport = createTransport({ apiUrl: gh.url, userAgent: 'test', log: quiet, onSecret: () => undefined })
  const { token } = await mintToken(
    createAppClient(transport, String(app.id), { kind: 'private-key', pem: app.privateKey }),
    installationId,
    ['deploy'],
    {
      contents: 'write'
    }
  )
  return { token, client: createTokenClient(transport, token) }
}

test('a 204 revokes', async () => {
  const { token, client } = await minted()
  await revokeToken(client)
  expect(gh.tokens.get(token)?.revoked).toBe(true)
})

test('a refusal that echoes the token: the error carries the status and GitHub’s words, the token cut out', async () => {
  const { token, client } = await minted()
  gh.fault(ROUTES.revoke, { status: 422, body: { message: `Token ${token} cannot be revoked` } })
  const error = await revokeToken(client).then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(RevocationError)
  expect((error as RevocationError).status).toBe(422)
  expect((error as RevocationError).message).toBe('Token [the token] cannot be revoked')
  expect(JSON.stringify(error)).not.toContain(token)
  expect(gh.tokens.get(token)?.revoked).toBe(false)
})

test('a 2xx other than 204 is not a revocation', async () => {
  const { client } = await minted()
  gh.fault(ROUTES.revoke, { status: 200, body: {} })
  await expect(revokeToken(client)).rejects.toMatchObject({ status: 200, message: expect.stringContaining('not 204') })
})

test('the warning names the repositories, the reason and the expiry time', () => {
  const expiry = Date.parse('2026-11-29T16:00:00Z')
  expect(unrevokedTokenWarning(['deploy', 'docs'], 'GitHub answered 422.', expiry)).toBe(
    'Could not revoke a token for deploy, docs: GitHub answered 422. It stays valid until 2026-11-29T16:00:00.000Z.'
  )
  expect(unrevokedTokenWarning(['deploy'], 'GitHub answered 422.', Number.NaN)).toBe(
    'Could not revoke a token for deploy: GitHub answered 422. It stays valid for at most an hour.'
  )
})
