/**
 * The two dispatch routes. Both are sent at most once: a failure that may
 * have reached GitHub is never retried (`retryAmbiguous: false`, see
 * http/delivery.ts); what to make of it is the caller's (core/modes/).
 */
import type { Octokit } from '@octokit/core'
import { reportsRunByDefault } from '../http/api-version.js'
import type { StackOptions } from '../http/client.js'
import type { Target } from '../model/plan.js'

/** `POST /repos/{owner}/{repo}/dispatches` with the body as text, so the payload arrives exactly as the user wrote it. */
export async function postRepositoryDispatch(client: Octokit, target: Target, body: string): Promise<void> {
  const request: StackOptions = { retryAmbiguous: false }
  // The route is widened to string: the typed one insists on an object body.
  await client.request('POST /repos/{owner}/{repo}/dispatches' as string, {
    owner: target.owner,
    repo: target.repo,
    data: body,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    request
  })
}

/** What GitHub says of the run a workflow_dispatch started (when it says). */
export interface RunDetails {
  workflow_run_id?: number
  run_url?: string
  html_url?: string
}

/**
 * `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`.
 * `runDetails`: ask for the started run's id. 2026-03-10 reports it unasked and
 * refuses the field, 2022-11-28 needs it: decided by the version each attempt
 * is sent with (the stack may fall back to 2022-11-28 within the run).
 */
export async function postWorkflowDispatch(
  client: Octokit,
  target: Target,
  dispatch: { workflow: string; ref: string; inputs: Record<string, unknown>; runDetails: boolean }
): Promise<RunDetails | undefined> {
  const request: StackOptions = {
    retryAmbiguous: false,
    paramsFor: version => (dispatch.runDetails && !reportsRunByDefault(version) ? { return_run_details: true } : {})
  }
  const response = await client.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches' as string, {
    owner: target.owner,
    repo: target.repo,
    workflow_id: dispatch.workflow,
    ref: dispatch.ref,
    ...(Object.keys(dispatch.inputs).length > 0 ? { inputs: dispatch.inputs } : {}),
    request
  })
  return response.status === 200 && response.data && typeof response.data === 'object' ? (response.data as RunDetails) : undefined
}
