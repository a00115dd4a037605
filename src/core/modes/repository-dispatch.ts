import { CancelledError } from '../../model/errors.js'
import { toGitHubError } from '../../github/advice.js'
import type { Logger } from '../../model/logger.js'
import type { Mode } from '../../model/plan.js'
import { payloadWithDistinctId } from '../wait/correlation.js'
import { deliveryUnknown, lookingForRunInstead, lostAnswerReason } from './ambiguous.js'
import { type Sender } from './sender.js'
import { mayHaveArrived } from '../../http/delivery.js'
import { postRepositoryDispatch } from '../../github/dispatches.js'

type RepositoryDispatch = Extract<Mode, { kind: 'repository_dispatch' }>

/** `POST /repos/{owner}/{repo}/dispatches`; needs Contents: write and nothing else. */
export function repositoryDispatchSender(mode: RepositoryDispatch, log: Logger): Sender {
  // Sent as text so the payload arrives exactly as the user wrote it.
  const body = (payload: string): string => `{"event_type":${JSON.stringify(mode.eventType)},"client_payload":${payload}}`

  return {
    permissions: { contents: 'write' },
    event: mode.eventType,
    resultFields: {},
    async send(client, target, ctx, correlation) {
      // With a distinct_id (when waiting) the run can be recognised, so a lost
      // answer is settled by the wait: the run appears, or the outcome stays unknown.
      const payload = correlation ? payloadWithDistinctId(mode.clientPayloadJson, correlation.distinctId) : mode.clientPayloadJson
      try {
        await postRepositoryDispatch(client, target, body(payload))
        return correlation ? { distinctId: correlation.distinctId } : {}
      } catch (error) {
        if (error instanceof CancelledError || !mayHaveArrived(error)) throw toGitHubError('dispatch', error, ctx)
        if (correlation === undefined) throw deliveryUnknown(error, target, ctx)
        log.warning(lookingForRunInstead(target, error))
        return { distinctId: correlation.distinctId, deliveryUnknown: lostAnswerReason(error) }
      }
    }
  }
}
