/**
 * What the wait tests through the bundle share: the run-name line their
 * receiving workflows carry, and the step they run (a second App, installed
 * on gate-org, dispatching `deploy` to gate-org/deploy and waiting with 1 s
 * polls and a 30 s timeout unless the test's inputs say otherwise).
 */
import type { Fixture } from './fixture.js'
import { DISPATCH_AND_FOLLOW } from './github.js'

/** Puts the dispatch's distinct_id in the run's title, so the step can find its run. */
export const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'

export type Gate = (inputs: Record<string, string>, onStart?: Parameters<Fixture['run']>[2]) => ReturnType<Fixture['run']>

/** The step as `app`, with `inputs` over the defaults above. */
export function gateRunner(f: Fixture, app: Fixture['app']): Gate {
  return (inputs, onStart) =>
    f.run(
      {
        'app-id': String(app.id),
        'private-key': app.privateKey,
        repository: 'gate-org/deploy',
        'event-type': 'deploy',
        wait: 'true',
        'poll-interval': '1',
        'wait-timeout': '30',
        ...inputs
      },
      {},
      onStart
    )
}

/** A second App on the fixture's emulator, installed on gate-org's `repositories` with Actions: write (to follow and cancel runs). */
export function installGate(f: Fixture, repositories: string[]): Fixture['app'] {
  const app = f.gh.createApp()
  f.gh.install({ app, account: 'gate-org', repositories, permissions: DISPATCH_AND_FOLLOW })
  return app
}
