import type { Octokit } from '@octokit/core'
import { CancelledError } from '../errors.js'
import { toGitHubError } from '../github/advice.js'
import type { Logger } from '../github/client.js'
import type { Mode, Target } from '../plan.js'
import { sleep } from '../sleep.js'
import { payloadWithDistinctId } from '../wait/correlation.js'
import { mayHaveArrived, type Sender } from './sender.js'

type RepositoryDispatch = Extract<Mode, { kind: 'repository_dispatch' }>

/** Attempts of a dispatch whose failures may have reached GitHub, when the run can be checked for. */
const GUARDED_ATTEMPTS = 4

/** `POST /repos/{owner}/{repo}/dispatches`; needs Contents: write and nothing else. */
export function repositoryDispatchSender(mode: RepositoryDispatch, log: Logger, signal?: AbortSignal): Sender {
  // Sent as text so the payload arrives exactly as the user wrote it.
  const body = (payload: string): string => `{"event_type":${JSON.stringify(mode.eventType)},"client_payload":${payload}}`

  async function post(client: Octokit, target: Target, data: string, retryAmbiguous: boolean): Promise<void> {
    // The route is widened to string: the typed one insists on an object body.
    await client.request('POST /repos/{owner}/{repo}/dispatches' as string, {
      owner: target.owner,
      repo: target.repo,
      data,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      request: { retryAmbiguous }
    })
  }

  return {
    permissions: { contents: 'write' },
    event: mode.eventType,
    resultFields: {},
    async send(client, target, ctx, correlation) {
      try {
        if (correlation === undefined) {
          await post(client, target, body(mode.clientPayloadJson), true)
          return {}
        }
        // With a distinct_id we can tell whether a failed dispatch arrived after
        // all: look for its run before sending it again, so it never runs twice.
        const data = body(payloadWithDistinctId(mode.clientPayloadJson, correlation.distinctId))
        for (let attempt = 1; ; attempt++) {
          try {
            await post(client, target, data, false)
            return { distinctId: correlation.distinctId }
          } catch (error) {
            if (!mayHaveArrived(error) || attempt >= GUARDED_ATTEMPTS || error instanceof CancelledError) throw error
            log.info(
              `${target.fullName}: the dispatch may have reached GitHub (${(error as Error).message}); looking for its run before sending it again.`
            )
            if (await correlation.alreadyStarted()) {
              log.info(`${target.fullName}: its run exists, so the dispatch arrived; not sending it again.`)
              return { distinctId: correlation.distinctId }
            }
            await sleep(1000 * 2 ** (attempt - 1), signal)
          }
        }
      } catch (error) {
        throw toGitHubError('dispatch', error, ctx)
      }
    }
  }
}
