/**
 * The core through a dispatch broker (model/broker-protocol.ts): the step
 * holds no key, only its job's OIDC token. One POST per target (at most
 * max-concurrency in flight), each with its own distinct_id; a lost answer is
 * sent again with the same body (the broker dispatches once per distinct_id);
 * a request waiting for a person's approval is asked about again every
 * poll-interval when waiting; with wait, the run is followed with the read
 * token the broker hands back (follow.ts). Results look as without a broker.
 */
import pLimit, { type LimitFunction } from 'p-limit'
import type { BrokerDispatchAnswer, BrokerErrorAnswer } from '../../model/broker-protocol.js'
import { CancelledError, GITHUB_STEPS } from '../../model/errors.js'
import { msg } from '../../model/placeholders.js'
import type { BrokerPlan, Target } from '../../model/plan.js'
import type { TargetResult } from '../../model/result.js'
import { webUrlFor } from '../../github/advice.js'
import { CleanupWindow } from '../../auth/cleanup-window.js'
import { createTransport } from '../../http/client.js'
import { realClock } from '../../util/clock.js'
import {
  cancellationSummary,
  failure,
  failureOf,
  toTargetResult,
  type CancelledDelivery,
  type Failure,
  type OutcomeFields,
  type TargetOutcome
} from '../outcome.js'
import type { DispatchEnvironment } from '../environment.js'
import { newDistinctId } from '../wait/correlation.js'
import { brokerText, postToBroker, requestBody, type BrokerContext, type BrokerReply } from './broker-request.js'
import { followWithReadToken } from './follow.js'
import { awaitApproval, type ApprovalWait } from './approval.js'

interface BrokerCall {
  plan: BrokerPlan
  ctx: BrokerContext
  limit: LimitFunction
  cleanup: CleanupWindow
  webUrl: string
}

export async function dispatchThroughBroker(plan: BrokerPlan, env: DispatchEnvironment): Promise<TargetResult[]> {
  const clock = env.clock ?? realClock
  const transport = createTransport({
    apiUrl: plan.apiUrl,
    userAgent: env.userAgent,
    log: env.log,
    onSecret: env.onSecret,
    signal: env.signal,
    clock,
    requestTimeoutMs: env.requestTimeoutMs
  })
  const ctx: BrokerContext = {
    broker: plan.broker,
    transport,
    oidc: {
      onSecret: transport.registerSecret,
      log: env.log,
      signal: env.signal,
      sleep: clock.sleep,
      now: clock.now,
      fetchFor: () => transport.fetch
    },
    log: env.log,
    signal: env.signal,
    clock
  }
  const call: BrokerCall = {
    plan,
    ctx,
    limit: pLimit(plan.maxConcurrency),
    cleanup: new CleanupWindow(env.signal),
    webUrl: webUrlFor(plan.apiUrl)
  }
  env.log.info(`Dispatching through the broker at ${plan.broker.url} (OIDC audience ${plan.broker.audience}).`)
  const outcomes = await Promise.all(plan.targets.map(target => brokerTarget(call, target)))
  if (env.signal?.aborted) {
    const delivery = new Map(outcomes.map(o => [o.target, cancelledAs(o.dispatched)]))
    env.log.warning(cancellationSummary(plan.targets, target => delivery.get(target) ?? 'not-sent'))
  }
  return outcomes.map(toTargetResult)
}

/** A target's `dispatched` as the cancellation line groups it: a request the broker holds for a person may still run. */
function cancelledAs(dispatched: TargetOutcome['dispatched']): CancelledDelivery {
  switch (dispatched) {
    case true:
      return 'sent'
    case false:
      return 'not-sent'
    case 'unknown':
      return 'unknown'
    case 'pending-approval':
      return 'pending-approval'
  }
}

/** A target's outcome: nothing dispatched unless `more` says so; every target's result names the workflow. */
function outcome(
  plan: BrokerPlan,
  target: Target,
  more: { dispatched?: TargetOutcome['dispatched']; fields?: OutcomeFields; failures?: Failure[]; installationId?: number | null } = {}
): TargetOutcome {
  const { mode } = plan
  return {
    target,
    installationId: more.installationId ?? null,
    event: mode.kind === 'workflow_dispatch' ? 'workflow_dispatch' : mode.eventType,
    dispatched: more.dispatched ?? false,
    fields: { ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow } : {}), ...more.fields },
    failures: more.failures ?? []
  }
}

async function brokerTarget(call: BrokerCall, target: Target): Promise<TargetOutcome> {
  const { plan, ctx } = call
  const distinctId = newDistinctId()
  const body = requestBody(plan.mode, target, distinctId, plan.wait !== undefined)
  const sentAt = ctx.clock.now()
  let decided: ApprovalWait
  try {
    const reply = await send(call, target, body)
    decided =
      reply.kind === 'answer' && reply.answer.dispatched === 'pending-approval'
        ? await awaitApproval(ctx, { name: target.fullName, first: reply, wait: plan.wait, sentAt, resend: () => send(call, target, body) })
        : { kind: 'reply', reply }
  } catch (error) {
    const inFlight = error instanceof CancelledError && error.inFlight
    return outcome(plan, target, {
      failures: [failureOf(error, 'the request to the broker')],
      ...(inFlight ? { dispatched: 'unknown' as const } : {})
    })
  }
  if (decided.kind === 'still-pending') return outcome(plan, target, { dispatched: 'pending-approval', failures: [decided.failure] })
  const { reply } = decided
  if (reply.kind === 'lost') {
    return outcome(plan, target, {
      dispatched: 'unknown',
      failures: [
        failure(
          'delivery-unknown',
          `The broker may have dispatched it: its answer was lost ${reply.attempts} times (${reply.reason}). ` +
            `Check ${call.webUrl}/${target.fullName}/actions before running this again.`
        )
      ]
    })
  }
  if (reply.kind === 'refused') return outcome(plan, target, { failures: [refusalFailure(reply.message, reply.refusal)] })
  return answered(call, target, { distinctId, at: sentAt }, reply.answer)
}

/** One request within the concurrency limit (nothing is sent after a cancellation). */
function send(call: BrokerCall, target: Target, body: string): Promise<BrokerReply> {
  return call.limit(() => {
    if (call.ctx.signal?.aborted) throw new CancelledError(false)
    return postToBroker(call.ctx, target, body)
  })
}

/** An answer the broker gave: dispatched, unknown, or (still) waiting for a person. */
async function answered(
  call: BrokerCall,
  target: Target,
  sent: { distinctId: string; at: number },
  answer: BrokerDispatchAnswer
): Promise<TargetOutcome> {
  const { distinctId } = sent
  const { ctx, plan } = call
  if (answer.repository.toLowerCase() !== target.fullName.toLowerCase() || answer.distinct_id !== distinctId) {
    const other = `${brokerText(answer.repository)}, distinct_id ${brokerText(answer.distinct_id)}`
    return outcome(plan, target, {
      failures: [failure('broker-answer', `The broker answered for another request (${other}), not this one to ${target.fullName}.`)]
    })
  }
  const installationId = answer.installation_id
  const fields: OutcomeFields = {
    ...(plan.mode.kind === 'workflow_dispatch' && typeof answer.ref === 'string' ? { ref: answer.ref } : {}),
    ...(typeof answer.run_id === 'number' ? { run_id: answer.run_id } : {}),
    ...(typeof answer.run_url === 'string' ? { run_url: answer.run_url } : {})
  }
  if (answer.dispatched === 'pending-approval') {
    if (answer.approval?.decision === 'rejected') {
      const by = answer.approval.decided_by ? ` by ${brokerText(answer.approval.decided_by)}` : ''
      return outcome(plan, target, {
        installationId,
        fields,
        failures: [failure('approval-refused', `The request was rejected${by}; nothing was dispatched.`)]
      })
    }
    return outcome(plan, target, { installationId, fields, dispatched: 'pending-approval' })
  }
  if (answer.dispatched === 'unknown') {
    const why = answer.message ? ` (${brokerText(answer.message)})` : ''
    return outcome(plan, target, {
      installationId,
      fields,
      dispatched: 'unknown',
      failures: [
        failure(
          'delivery-unknown',
          `GitHub may have started it: the broker lost GitHub's answer${why} and did not send it again. Check ${call.webUrl}/${target.fullName}/actions before running this again.`
        )
      ]
    })
  }
  const what = plan.mode.kind === 'workflow_dispatch' ? `workflow ${plan.mode.workflow}` : `'${plan.mode.eventType}'`
  const replayed = answer.replayed ? ' (the broker repeated its first answer: it was sent once)' : ''
  ctx.log.info(`Dispatched ${what} to ${target.fullName} through the broker${fields.run_url ? `: ${fields.run_url}` : ''}${replayed}.`)
  const dispatched = { installationId, fields, dispatched: true as const }
  if (plan.wait === undefined) return outcome(plan, target, dispatched)
  if (answer.read_token === undefined) {
    return outcome(plan, target, {
      ...dispatched,
      failures: [
        failure(
          'wait-not-allowed',
          `Dispatched, but the broker gave no token to wait with: the rule of ${target.fullName}'s policy that allowed it does not allow waiting (wait: true). ` +
            msg`Ask its owners to allow waiting, or turn {wait} off.`
        )
      ]
    })
  }
  const followed = await followWithReadToken({
    ctx,
    cleanup: call.cleanup,
    target,
    event: plan.mode.kind,
    wait: plan.wait,
    answer,
    readToken: answer.read_token,
    dispatchedAt: sent.at
  })
  return outcome(plan, target, { ...dispatched, fields: { ...fields, ...followed.fields }, failures: followed.failures })
}

/**
 * A broker's refusal as a result's failure: GitHub's own refusal, relayed with
 * its status, reads as it does without a broker (github-refused, error_status,
 * error_step), so one filter serves both; anything else is the broker's.
 */
function refusalFailure(message: string, refusal: BrokerErrorAnswer | undefined): Failure {
  const status = refusal?.status
  if (refusal?.error === 'approval-rejected') return failure('approval-refused', message)
  if (refusal?.error !== 'github-refused' || typeof status !== 'number' || !Number.isInteger(status))
    return failure('broker-refused', message)
  const step = GITHUB_STEPS.find(known => known === refusal.step) ?? 'dispatch'
  return failure('github-refused', message, { status, step })
}
