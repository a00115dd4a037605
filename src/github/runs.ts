/**
 * The run routes: the listing that finds a dispatch's run, one run, and
 * cancelling one. Reads are conditional (If-None-Match): a 304 costs no rate
 * limit, and `data` is then undefined (unchanged).
 */
import type { Octokit } from '@octokit/core'
import type { RunConclusion, RunStatus } from '../model/result.js'
import type { Target } from '../model/plan.js'
import { statusOf } from '../http/request-error.js'

/** A run as GitHub lists it (the fields read). */
export interface RunSummary {
  id: number
  /** What GitHub's pages number the run by (#42); the id is only in URLs. */
  run_number?: number
  display_title?: string
  html_url: string
  status: RunStatus | null
  conclusion: RunConclusion | null
  created_at: string
  run_started_at?: string | null
  updated_at?: string
}

/** A read's answer: the data, or undefined when unchanged since `etag`. */
export interface Conditional<T> {
  etag: string | undefined
  data: T | undefined
}

/** GET with If-None-Match; undefined data on 304 (unchanged). */
export async function conditionalGet<T>(
  client: Octokit,
  route: string,
  params: Record<string, unknown>,
  etag: string | undefined
): Promise<Conditional<T>> {
  try {
    const response = await client.request(route, { ...params, headers: etag ? { 'if-none-match': etag } : {} })
    return { etag: response.headers.etag ?? undefined, data: response.data as T }
  } catch (error) {
    if (statusOf(error) === 304) return { etag, data: undefined }
    throw error
  }
}

/** `GET …/actions/runs?event=…&created=…`: the first 100 runs of the event created since then. */
export async function listRuns(
  client: Octokit,
  query: { target: Target; event: 'repository_dispatch' | 'workflow_dispatch'; created: string },
  etag?: string
): Promise<Conditional<RunSummary[]>> {
  const { target, event, created } = query
  const listed = await conditionalGet<{ workflow_runs: RunSummary[] }>(
    client,
    'GET /repos/{owner}/{repo}/actions/runs',
    { owner: target.owner, repo: target.repo, event, created, per_page: 100 },
    etag
  )
  return { etag: listed.etag, data: listed.data?.workflow_runs }
}

/** `GET …/actions/runs/{run_id}`. */
export async function getRun(client: Octokit, target: Target, runId: number, etag?: string): Promise<Conditional<RunSummary>> {
  return conditionalGet<RunSummary>(
    client,
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
    { owner: target.owner, repo: target.repo, run_id: runId },
    etag
  )
}

export type CancelOutcome = 'requested' | 'already-finished'

/** `POST …/actions/runs/{id}/cancel` (202; 409 once it can no longer be cancelled). Sent even while the step is cancelled, bounded by `signal`. */
export async function cancelRun(client: Octokit, target: Target, runId: number, signal: AbortSignal): Promise<CancelOutcome> {
  try {
    await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
      owner: target.owner,
      repo: target.repo,
      run_id: runId,
      request: { keepOnCancel: true, signal }
    })
    return 'requested'
  } catch (error) {
    if (statusOf(error) === 409) return 'already-finished'
    throw error
  }
}
