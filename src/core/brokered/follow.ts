/**
 * Waiting through a broker: the broker's answer carries a token that can only
 * read the target's Actions data. With it the run is found and followed and
 * its outputs or failure are read, as when the step holds the App (wait/,
 * downstream/; never cancel: that needs write). The token is revoked at the
 * end on every path.
 */
import type { BrokerDispatchAnswer, BrokerReadToken } from '../../model/broker-protocol.js'
import { messageOf } from '../../model/errors.js'
import type { Target, WaitSettings } from '../../model/plan.js'
import { revokeToken, unrevokedTokenWarning } from '../../github/installations.js'
import type { CleanupWindow } from '../../auth/cleanup-window.js'
import { createTokenClient } from '../../http/client.js'
import { runFields, waitForRun, type DispatchEvent } from '../wait/follow.js'
import type { BrokerContext } from './broker-request.js'
import { failure, type Failure, type OutcomeFields } from '../outcome.js'

export interface BrokeredWait {
  ctx: BrokerContext
  cleanup: CleanupWindow
  target: Target
  event: DispatchEvent
  wait: WaitSettings
  answer: BrokerDispatchAnswer
  readToken: BrokerReadToken
  /** When the request that dispatched was first sent (the run is created after it). */
  dispatchedAt: number
}

/** The run's fields, outputs and failure details, as the wait without a broker reports them; and why it failed. */
export async function followWithReadToken(request: BrokeredWait): Promise<{ fields: OutcomeFields; failures: Failure[] }> {
  const { ctx, target, wait, answer, readToken } = request
  ctx.transport.registerSecret(readToken.token)
  const client = createTokenClient(ctx.transport, readToken.token)
  try {
    if (typeof readToken.repository === 'string' && readToken.repository.toLowerCase() !== target.fullName.toLowerCase()) {
      return {
        fields: {},
        failures: [
          failure(
            'broker-answer',
            `The broker's read token is for ${readToken.repository}, not ${target.fullName}: the run was not followed.`
          )
        ]
      }
    }
    const report = await waitForRun({
      client: () => Promise.resolve(client),
      target,
      event: request.event,
      distinctId: answer.distinct_id,
      runId: typeof answer.run_id === 'number' ? answer.run_id : undefined,
      dispatchedAt: request.dispatchedAt,
      deadline: request.dispatchedAt + wait.timeoutSeconds * 1000,
      pollIntervalMs: wait.pollIntervalSeconds * 1000,
      jobs: wait.jobs,
      log: ctx.log,
      signal: ctx.signal,
      clock: ctx.clock
    })
    // Loaded when first needed, as without a broker.
    const { followUp } = await import('../downstream/follow-up.js')
    const downstream = await followUp({
      client: () => Promise.resolve(client),
      fetch: ctx.transport.fetch,
      target,
      report,
      wait,
      log: ctx.log,
      signal: ctx.signal
    })
    const { failure: waitFailure, ...reported } = runFields(report)
    const { failure: downstreamFailure, ...followed } = downstream
    return {
      fields: { ...reported, ...followed },
      failures: [waitFailure, downstreamFailure].filter((f): f is Failure => f !== undefined)
    }
  } finally {
    await revokeReadToken(request, client)
  }
}

async function revokeReadToken(request: BrokeredWait, client: ReturnType<typeof createTokenClient>): Promise<void> {
  const { ctx, target, readToken } = request
  try {
    await revokeToken(client, request.cleanup.signal('revoke'))
    ctx.log.info(`Revoked the broker's read token for ${target.fullName}.`)
  } catch (error) {
    ctx.log.warning(unrevokedTokenWarning([target.fullName], messageOf(error), Date.parse(readToken.expires_at)))
  }
}
