/**
 * What one dispatch() call shares among its targets, and how a target's
 * outcome is recorded. Used by dispatch.ts (owners, tokens) and
 * target-run.ts (one target's send and wait).
 */
import type { Octokit } from '@octokit/core'
import type { LimitFunction } from 'p-limit'
import { CancelledError, messageOf } from '../model/errors.js'
import { renderTerms, type Terms } from '../model/input-table.js'
import type { AppPlan, Target } from '../model/plan.js'
import type { AdviceContext } from '../github/advice.js'
import type { Permissions } from '../github/installations.js'
import type { CleanupWindow } from '../auth/cleanup-window.js'
import { Transport } from '../http/client.js'
import type { Logger } from '../model/logger.js'
import { describePermissions, missingPermissions } from '../auth/permissions.js'
import type { Sender } from './modes/sender.js'
import type { TargetResult } from '../model/result.js'
import type { Clock } from '../util/clock.js'

export type Delivery = 'sent' | 'unknown'

/** Everything one dispatch() call shares among its targets. */
export interface DispatchCall {
  plan: AppPlan
  app: Octokit
  transport: Transport
  sender: Sender
  /** What every token of the call asks for. */
  permissions: Permissions
  limit: LimitFunction
  webUrl: string
  log: Logger
  signal: AbortSignal | undefined
  /** The time, and how every wait of the call waits (util/clock.ts). */
  clock: Clock
  /** Deadlines for what must still happen after a cancellation (cancel runs, revoke). */
  cleanup: CleanupWindow
  /** What each owner's installation grants, when its lookup said (keyed by lower-case owner). */
  granted: Map<string, Permissions>
  results: Map<Target, TargetResult>
  delivery: Map<Target, Delivery>
  terms: Terms
}

export function adviceContext(call: DispatchCall, owner: string, targets: Target[], installationId?: number): AdviceContext {
  const { mode } = call.plan
  return {
    appId: call.plan.appId,
    owner,
    repositories: targets.map(t => t.fullName),
    webUrl: call.webUrl,
    permission: describePermissions(missingPermissions(call.permissions, call.granted.get(owner.toLowerCase()))),
    installationId,
    terms: call.terms,
    ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow, ref: mode.ref } : {})
  }
}

export function record(call: DispatchCall, target: Target, installationId: number | null, outcome: Partial<TargetResult>): void {
  call.results.set(target, {
    repository: target.fullName,
    installation_id: installationId,
    event: call.sender.event,
    dispatched: false,
    ...call.sender.resultFields,
    ...outcome,
    ...(outcome.error === undefined ? {} : { error: renderTerms(outcome.error, call.terms) })
  })
}

/** The message for a failure; a cancellation says so plainly. */
export function failureText(error: unknown, what: string): string {
  if (error instanceof CancelledError) {
    return error.inFlight
      ? `The step was cancelled while ${what} was in flight; whether GitHub received it is unknown.`
      : `Not sent: the step was cancelled before ${what}.`
  }
  return messageOf(error)
}
