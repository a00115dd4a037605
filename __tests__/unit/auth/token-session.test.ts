/**
 * A token session shared by several callers: a caller that holds the
 * session's client across a token refresh keeps working (each request takes
 * the token current when it is sent), and the replaced token is revoked once
 * no request uses it.
 */
import { expect, test } from '@jest/globals'
import { createTransport } from '../../../src/http/client.js'
import { createAppClient } from '../../../src/auth/clients.js'
import { CleanupWindow } from '../../../src/auth/cleanup-window.js'
import { TokenSession } from '../../../src/auth/token-session.js'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { waitUntil } from '../../support/wait-until.js'
import { useGitHub } from '../../support/use.js'

const local = useGitHub({ repositories: ['deploy'], reset: false })

const quiet = { debug: () => undefined, info: () => undefined, notice: () => undefined, warning: () => undefined }

test('a client held across a refresh uses the fresh token; the replaced one is revoked when idle', async () => {
  const { gh, app, installation } = local
  let now = Date.now()
  const clock = { now: () => now, sleep: () => Promise.resolve() }
  const transport = createTransport({ apiUrl: gh.url, userAgent: 'test', log: quiet, onSecret: () => undefined, clock })
  const session = new TokenSession({
    app: createAppClient(transport, String(app.id), { kind: 'private-key', pem: app.privateKey }),
    transport,
    installationId: installation.id,
    repositoryNames: ['deploy'],
    permissions: { metadata: 'read' },
    log: quiet,
    cleanup: new CleanupWindow(),
    clock
  })
  await session.start()
  const held = await session.client()
  const get = () => held.request('GET /repos/{owner}/{repo}', { owner: 'octo-org', repo: 'deploy' })
  expect((await get()).status).toBe(200)
  // 58 minutes later (the session's clock): the next request refreshes first.
  now += 58 * 60_000
  const other = await session.client()
  expect((await other.request('GET /repos/{owner}/{repo}', { owner: 'octo-org', repo: 'deploy' })).status).toBe(200)
  // The first caller's client, held all along, still works: it sends the fresh token.
  expect((await get()).status).toBe(200)
  const [first, second] = [...gh.tokens.values()]
  await waitUntil('the replaced token revoked', () => first?.revoked)
  expect(second?.revoked).toBe(false)
  expect(gh.requestsFor(ROUTES.revoke)).toHaveLength(1)
  expect(gh.requestsFor(ROUTES.repository).map(r => r.status)).toEqual([200, 200, 200])
  await session.revokeAll(String)
  expect(second?.revoked).toBe(true)
})
