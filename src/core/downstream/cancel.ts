/** Cancelling a run the step started: `POST …/actions/runs/{id}/cancel` (202; 409 once it can no longer be cancelled). */
import type { Octokit } from '@octokit/core'
import type { Target } from '../../model/plan.js'
import { statusOf } from '../../http/request-error.js'

export type CancelOutcome = 'requested' | 'already-finished'

export async function requestCancel(client: Octokit, target: Target, runId: number, signal: AbortSignal): Promise<CancelOutcome> {
  try {
    await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
      owner: target.owner,
      repo: target.repo,
      run_id: runId,
      // Sent even though the step is being cancelled; bounded by its own deadline.
      request: { keepOnCancel: true, signal }
    })
    return 'requested'
  } catch (error) {
    if (statusOf(error) === 409) return 'already-finished'
    throw error
  }
}
