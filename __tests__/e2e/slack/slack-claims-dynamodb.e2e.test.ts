/**
 * Exactly once across instances: two handler processes share a DynamoDB
 * claim store (dynalite), and concurrent clicks on both dispatch once.
 */
import { expect, test } from '@jest/globals'
import { AWS, click, onlyOneAccepted, SECOND, signed } from '../../support/slack-world.js'
import { useDynalite, useSlackWorld } from '../../support/use.js'

const w = useSlackWorld()
const db = useDynalite()

test('two handler processes sharing a DynamoDB claim store (dynalite): concurrent clicks on both dispatch once', async () => {
  const env = w.handlerEnv({ ...AWS, APPROVAL_CLAIMS_TABLE: 'approvals', APPROVAL_CLAIMS_ENDPOINT: db.url })
  const [a, b] = await Promise.all([w.startHandler(env), w.startHandler(env)])
  for (let round = 0; round < 3; round++) {
    w.gh.reset()
    w.slack.replies.length = 0
    const value = signed()
    const results = await Promise.all([
      click(a.url, w.clickBody(value)),
      click(b.url, w.clickBody(value, { user: { id: SECOND } })),
      click(a.url, w.clickBody(value, { user: { id: SECOND } })),
      click(b.url, w.clickBody(value))
    ])
    await onlyOneAccepted(w.slack, results)
    expect(w.gh.dispatches).toHaveLength(1)
  }
}, 40_000)
