/**
 * What differs between repository_dispatch and workflow_dispatch: the token's
 * permissions and the request(s) sent to each target. The orchestrator in
 * dispatch.ts does everything else the same way for both.
 */
import type { Octokit } from '@octokit/core'
import type { Permissions } from '../github/app.js'
import type { AdviceContext } from '../github/advice.js'
import type { Target } from '../plan.js'

/** Fields a sender adds to a target's result, and what waiting needs. */
export interface SendOutcome {
  ref?: string
  run_id?: number | null
  run_url?: string | null
  /** The id the run can be found by, when GitHub did not report the run. */
  distinctId?: string
}

/** Given when the step waits: how the run will be recognised. */
export interface Correlation {
  distinctId: string
  /** Whether a run carrying distinctId exists: asked before re-sending a dispatch that may have arrived. */
  alreadyStarted: () => Promise<boolean>
}

export interface Sender {
  /** The least the installation token needs for this mode (without waiting). */
  permissions: Permissions
  /** `event` in each result. */
  event: string
  /** Fields every result of this mode carries, even a failed one. */
  resultFields: Record<string, string>
  /** Sends to one target; throws a GitHubError with advice on failure. */
  send(client: Octokit, target: Target, ctx: AdviceContext, correlation?: Correlation): Promise<SendOutcome>
}

/** A failure after which the request may or may not have taken effect. */
export function mayHaveArrived(error: unknown): boolean {
  const e = error as { status?: number; response?: unknown }
  return e.response === undefined || (e.status ?? 0) >= 500
}
