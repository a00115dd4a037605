/**
 * A chain, for the tests of what comes back from the runs the bundled action
 * started: an App of its own (created by each test file, installed on
 * chain-org) dispatches 'deploy' and waits on the runs, polling every second.
 */
import { expect } from '@jest/globals'
import type { Fixture } from './fixture.js'

/** The run-name of every downstream workflow, so each run can be told apart by its dispatch. */
export const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'
/** A run that has succeeded by the time the step first looks: these tests are about what comes back, not following it (wait.e2e). */
export const quick = { queuedMs: 0, runMs: 0, conclusion: 'success' }

export type Chain = (inputs: Record<string, string>, onStart?: Parameters<Fixture['run']>[2]) => ReturnType<Fixture['run']>

/** Runs the bundled action as `app`, dispatching 'deploy' and waiting on the runs; `inputs` add to or override that. */
export function chainRunner(f: Fixture, app: Fixture['app']): Chain {
  return (inputs, onStart) =>
    f.run(
      { 'app-id': String(app.id), 'private-key': app.privateKey, 'event-type': 'deploy', wait: 'true', 'poll-interval': '1', ...inputs },
      {},
      onStart
    )
}

/** Storage was read, and never with an Authorization header: the token stayed with GitHub. */
export function noStorageAuthorization(gh: Fixture['gh']): void {
  expect(gh.storage.requests.length).toBeGreaterThan(0)
  expect(gh.storage.requests.filter(r => r.authorization)).toEqual([])
}
