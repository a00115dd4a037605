import type { Octokit } from '@octokit/core'
import { toGitHubError } from '../../github/advice.js'
import { getDefaultBranch } from '../../github/contents.js'
import { postWorkflowDispatch, type RunDetails } from '../../github/dispatches.js'
import type { Logger } from '../../model/logger.js'
import { CancelledError, GitHubError } from '../../model/errors.js'
import { DISTINCT_ID_KEY, type Mode, type Target } from '../../model/plan.js'
import { runNameAdvice } from '../wait/correlation.js'
import { deliveryUnknown, lookingForRunInstead, lostAnswerReason } from './ambiguous.js'
import { type Correlation, type Sender } from './sender.js'
import { mayHaveArrived } from '../../http/delivery.js'
import { statusOf, githubMessageOf } from '../../http/request-error.js'

type WorkflowDispatch = Extract<Mode, { kind: 'workflow_dispatch' }>

/** GitHub Enterprise Server before 3.21 names the field it does not know. */
const RUN_DETAILS_REJECTED = /return_run_details/

/** Sends the dispatch, with the distinct_id input when it carries one. */
async function post(
  client: Octokit,
  mode: WorkflowDispatch,
  target: Target,
  ref: string,
  runDetails: boolean,
  distinctId?: string
): Promise<RunDetails | undefined> {
  const inputs = distinctId === undefined ? mode.inputs : { ...mode.inputs, [DISTINCT_ID_KEY]: distinctId }
  return postWorkflowDispatch(client, target, { workflow: mode.workflow, ref, inputs, runDetails })
}

/** The refusal to explain when an old GHES rejects the distinct_id input the wait needs. */
function missingDistinctIdInput(mode: WorkflowDispatch, target: Target): GitHubError {
  return new GitHubError(
    'dispatch',
    422,
    `This GitHub does not report the run a workflow_dispatch starts, so to wait for it ${runNameAdvice('workflow_dispatch')}. ` +
      `Workflow '${mode.workflow}' in ${target.fullName} does not declare that input; nothing was started.`
  )
}

/**
 * `POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches`, so
 * GitHub answers with the id of the run it started (under 2022-11-28 with
 * `return_run_details: true`, under 2026-03-10 by default). Needs Actions: write (Metadata: read, which every installation
 * has, covers the default-branch lookup).
 */
export function workflowDispatchSender(mode: WorkflowDispatch, log: Logger): Sender {
  // Flipped once for the whole run when the server rejects the field.
  let askForRunDetails = true

  /** Sends with run details; on GHES before 3.21, which rejects the field, without (and with a distinct_id input when waiting). */
  async function dispatchOnce(
    client: Octokit,
    target: Target,
    ref: string,
    correlation: Correlation | undefined,
    /** Set to whether the attempt that failed or succeeded carried the distinct_id input (this target's own, not the sender's flag). */
    carried: { distinctId: boolean }
  ): Promise<RunDetails | undefined> {
    const withDetails = askForRunDetails
    carried.distinctId = !withDetails && correlation !== undefined
    try {
      return await post(client, mode, target, ref, withDetails, withDetails ? undefined : correlation?.distinctId)
    } catch (error) {
      const status = statusOf(error)
      if (!withDetails || (status !== 400 && status !== 422) || !RUN_DETAILS_REJECTED.test(githubMessageOf(error))) throw error
      if (askForRunDetails) {
        askForRunDetails = false
        log.notice(
          'This GitHub does not support return_run_details (GitHub Enterprise Server before 3.21): dispatching without it, so no run id is reported.'
        )
      }
      // Without run details, a waiting step finds the run by a distinct_id input.
      carried.distinctId = correlation !== undefined
      return post(client, mode, target, ref, false, correlation?.distinctId)
    }
  }

  return {
    permissions: { actions: 'write' },
    event: 'workflow_dispatch',
    resultFields: { workflow: mode.workflow },
    async send(client, target, ctx, correlation) {
      let ref = mode.ref
      if (ref === undefined) {
        try {
          ref = await getDefaultBranch(client, target)
          if (ref === undefined) throw new Error(`GitHub did not name the default branch of ${target.fullName}`)
        } catch (error) {
          throw toGitHubError('default-branch', error, ctx)
        }
      }
      let details: RunDetails | undefined
      const carried = { distinctId: false }
      try {
        details = await dispatchOnce(client, target, ref, correlation, carried)
      } catch (error) {
        if (!(error instanceof CancelledError) && mayHaveArrived(error)) {
          // The run can be recognised only when the distinct_id input went with it
          // (a GitHub that does not report run details); otherwise the outcome is unknown.
          if (correlation === undefined || !carried.distinctId) throw deliveryUnknown(error, target, ctx)
          log.warning(lookingForRunInstead(target, error))
          return { ref, run_id: null, run_url: null, distinctId: correlation.distinctId, deliveryUnknown: lostAnswerReason(error) }
        }
        const said = githubMessageOf(error)
        if (correlation && /unexpected inputs/i.test(said) && said.includes(DISTINCT_ID_KEY)) throw missingDistinctIdInput(mode, target)
        throw toGitHubError('dispatch', error, { ...ctx, ref })
      }
      const runId = details?.workflow_run_id
      return {
        ref,
        run_id: runId ?? null,
        run_url: details?.html_url ?? null,
        ...(runId === undefined && correlation ? { distinctId: correlation.distinctId } : {})
      }
    }
  }
}
