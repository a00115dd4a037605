/**
 * A target's outcome, as each step returns it, and the one mapper to the
 * public result (model/result.ts): snake_case fields, `error` with its
 * `error_code`, and `error_status` and `error_step` when GitHub refused.
 */
import { AppDispatchError, CancelledError, GitHubError, messageOf, type ErrorCode, type GitHubStep } from '../model/errors.js'
import type { Target } from '../model/plan.js'
import type { TargetResult } from '../model/result.js'

/** Why a target failed: a message for people, a code for programs, and GitHub's status and the step when GitHub refused. */
export interface Failure {
  code: ErrorCode
  message: string
  status?: number
  step?: GitHubStep
}

/** What a target's result says besides who it is, whether it was dispatched, and why it failed. */
export type OutcomeFields = Omit<
  Partial<TargetResult>,
  'repository' | 'installation_id' | 'event' | 'dispatched' | 'error' | 'error_code' | 'error_status' | 'error_step'
>

export interface TargetOutcome {
  target: Target
  installationId: number | null
  event: string
  dispatched: TargetResult['dispatched']
  /** The workflow and ref, the run, its jobs, outputs and failed jobs: what is known. */
  fields: OutcomeFields
  /** In order; the first says the code (a failed dispatch, then what the wait or the outputs add). */
  failures: Failure[]
}

/** A failure from its code and message. */
export function failure(code: ErrorCode, message: string, github?: { status: number; step: GitHubStep }): Failure {
  return { code, message, ...(github ?? {}) }
}

/** A thrown error as a failure; a cancellation says plainly what it stopped (`what`: "the dispatch"). */
export function failureOf(error: unknown, what: string): Failure {
  if (error instanceof CancelledError) {
    return failure(
      'cancelled',
      error.inFlight
        ? `The step was cancelled while ${what} was in flight; whether GitHub received it is unknown.`
        : `Not sent: the step was cancelled before ${what}.`
    )
  }
  if (error instanceof GitHubError && error.status !== undefined)
    return failure(error.code, error.message, { status: error.status, step: error.step })
  if (error instanceof AppDispatchError) return failure(error.code, error.message)
  return failure('unexpected', messageOf(error))
}

/** The one mapper: an outcome as the public result. */
export function toTargetResult(outcome: TargetOutcome): TargetResult {
  const [first] = outcome.failures
  return {
    repository: outcome.target.fullName,
    installation_id: outcome.installationId,
    event: outcome.event,
    dispatched: outcome.dispatched,
    ...outcome.fields,
    ...(first === undefined
      ? {}
      : {
          error: outcome.failures.map(f => f.message).join(' '),
          error_code: first.code,
          ...(first.status === undefined ? {} : { error_status: first.status, error_step: first.step })
        })
  }
}

/** Where a target stood when the step was cancelled: sent, not sent, unknown, or held by the broker for a person's decision. */
export type CancelledDelivery = 'sent' | 'not-sent' | 'unknown' | 'pending-approval'

const CANCELLED_GROUPS: Array<[CancelledDelivery, string]> = [
  ['sent', 'Sent to'],
  ['not-sent', 'Not sent to'],
  ['unknown', 'Unknown (check the target before running this again)'],
  ['pending-approval', 'Waiting for approval (dispatched if approved)']
]

/** The line a cancelled step ends with: each group that has targets ("Sent to: none" says nothing), in plan order. */
export function cancellationSummary(targets: readonly Target[], deliveryOf: (target: Target) => CancelledDelivery): string {
  const parts = CANCELLED_GROUPS.map(([which, what]) => [
    what,
    targets
      .filter(t => deliveryOf(t) === which)
      .map(t => t.fullName)
      .join(', ')
  ])
  return `Cancelled. ${parts
    .filter(([, list]) => list !== '')
    .map(([what, list]) => `${what}: ${list}.`)
    .join(' ')}`
}
