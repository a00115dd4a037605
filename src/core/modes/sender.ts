/**
 * What differs between repository_dispatch and workflow_dispatch: the token's
 * permissions and the request(s) sent to each target. The orchestrator in
 * dispatch.ts does everything else the same way for both.
 */
import type { Octokit } from '@octokit/core'
import type { Permissions } from '../../github/installations.js'
import type { AdviceContext } from '../../github/advice.js'
import type { Target } from '../../model/plan.js'

/** Fields a sender adds to a target's result, and what waiting needs. */
export interface SendOutcome {
  ref?: string
  run_id?: number | null
  run_url?: string | null
  /** The id the run can be found by, when GitHub did not report the run. */
  distinctId?: string
  /**
   * Set when the answer was lost (why) but the run can be recognised by
   * distinctId: the dispatch was not sent again, and the wait settles
   * whether it arrived.
   */
  deliveryUnknown?: string
}

/** Given when the step waits: how the run will be recognised. */
export interface Correlation {
  distinctId: string
}

export interface Sender {
  /** The least the installation token needs for this mode (without waiting). */
  permissions: Permissions
  /** `event` in each result. */
  event: string
  /** Fields every result of this mode carries, even a failed one. */
  resultFields: Record<string, string>
  /**
   * Sends to one target, at most once; throws a GitHubError with advice on
   * failure, or a DeliveryUnknownError when the answer was lost and the run
   * cannot be recognised.
   */
  send(client: Octokit, target: Target, ctx: AdviceContext, correlation?: Correlation): Promise<SendOutcome>
}
