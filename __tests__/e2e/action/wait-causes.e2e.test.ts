/**
 * An event type no workflow lists, through the bundled action as the runner
 * runs it: GitHub accepts the dispatch, no run appears, and the step reads
 * the target's workflows (after 15 s without a run) and names the mismatch in
 * a warning and in the timeout message, instead of waiting silently. The
 * heartbeat's timing is proven on the virtual clock (wait-virtual-time.test.ts).
 */
import { expect, test } from '@jest/globals'
import { ROUTES } from '../../support/fixture.js'
import { chainRunner, quick, RUN_NAME } from '../../support/chain.js'
import { runnerCommands } from '../../support/runner-log.js'
import { DISPATCH_AND_FOLLOW } from '../../support/github.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({ reset: false })

test('`deploy` sent where the workflows listen for release and rollback: named in a warning and in the timeout message', async () => {
  const app = f.gh.createApp()
  f.gh.install({ app, account: 'octo-org', repositories: ['deploy-service'], permissions: DISPATCH_AND_FOLLOW })
  f.gh.addWorkflow('octo-org/deploy-service', { file: 'release.yml', types: ['release', 'rollback'], runName: RUN_NAME, lifecycle: quick })
  f.gh.addWorkflow('octo-org/deploy-service', { file: 'ci.yml', dispatchable: true })
  const result = await chainRunner(f, app)({ repository: 'octo-org/deploy-service', 'wait-timeout': '18' })
  const mismatch = 'no workflow on main of octo-org/deploy-service listens for `deploy`; it listens for: release, rollback.'
  expect(result.code).toBe(1)
  const warnings = runnerCommands(result.stdout).filter(command => command.name === 'warning')
  expect(warnings.map(w => w.message)).toEqual([`octo-org/deploy-service: ${mismatch}`])
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toMatch(
    /No run carrying distinct_id [0-9a-f-]{36} appeared in octo-org\/deploy-service within 18s\. Likely cause: no workflow on main/
  )
  expect(f.gh.dispatches).toHaveLength(1)
  expect(f.gh.requestsFor(ROUTES.contents)).toHaveLength(3)
})
