/**
 * What one dispatch() call shares among its targets, and a target's outcome
 * before anything is known of it. Used by dispatch.ts (owners, tokens) and
 * target-run.ts (one target's send and wait).
 */
import type { Octokit } from '@octokit/core'
import type { LimitFunction } from 'p-limit'
import type { AppPlan, Target } from '../model/plan.js'
import type { AdviceContext } from '../github/advice.js'
import type { Permissions } from '../github/installations.js'
import type { CleanupWindow } from '../auth/cleanup-window.js'
import { Transport } from '../http/client.js'
import type { Logger } from '../model/logger.js'
import { describePermissions, missingPermissions } from '../auth/permissions.js'
import type { Sender } from './modes/sender.js'
import type { Clock } from '../util/clock.js'
import type { Failure, TargetOutcome } from './outcome.js'

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
  delivery: Map<Target, Delivery>
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
    ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow, ref: mode.ref } : {})
  }
}

/** A target's outcome: nothing sent (unless `more` says otherwise), with what the call's mode adds (workflow, ref). */
export function outcomeOf(
  call: DispatchCall,
  target: Target,
  installationId: number | null,
  more: Partial<Pick<TargetOutcome, 'dispatched' | 'fields' | 'failures'>> = {}
): TargetOutcome {
  return {
    target,
    installationId,
    event: call.sender.event,
    dispatched: more.dispatched ?? false,
    fields: { ...call.sender.resultFields, ...more.fields },
    failures: more.failures ?? []
  }
}

/** A target that failed before anything was sent to it. */
export function failedOutcome(call: DispatchCall, target: Target, installationId: number | null, failure: Failure): TargetOutcome {
  return outcomeOf(call, target, installationId, { failures: [failure] })
}
