/** The two reads a wait makes: a conditional GET (304s cost no rate limit) and the run listing that finds a dispatch's run. */
import type { Octokit } from '@octokit/core'
import { createdFilter, findRunWithId, type RunSummary } from './correlation.js'
import type { Target } from '../../model/plan.js'
import { statusOf } from '../../http/request-error.js'

/** What finding a dispatch's run needs. */
export interface LookRequest {
  target: Target
  event: 'repository_dispatch' | 'workflow_dispatch'
  distinctId?: string
  dispatchedAt: number
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/** GET with If-None-Match; undefined data on 304 (unchanged). */
export async function conditionalGet<T>(
  client: Octokit,
  route: string,
  params: Record<string, unknown>,
  etag: string | undefined
): Promise<{ etag: string | undefined; data: T | undefined }> {
  try {
    const response = await client.request(route, { ...params, headers: etag ? { 'if-none-match': etag } : {} })
    return { etag: response.headers.etag ?? undefined, data: response.data as T }
  } catch (error) {
    if (statusOf(error) === 304) return { etag, data: undefined }
    throw error
  }
}

/** One listing: the run carrying the id, and whether other runs of the event appeared. */
export async function lookForRun(
  client: Octokit,
  request: LookRequest,
  etag?: string
): Promise<{ run: RunSummary | undefined; others: boolean; etag: string | undefined }> {
  const { target, event, distinctId = '' } = request
  const listed = await conditionalGet<{ workflow_runs: RunSummary[] }>(
    client,
    'GET /repos/{owner}/{repo}/actions/runs',
    { owner: target.owner, repo: target.repo, event, created: createdFilter(request.dispatchedAt), per_page: 100 },
    etag
  )
  if (listed.data === undefined) return { run: undefined, others: false, etag: listed.etag }
  const runs = listed.data.workflow_runs
  const run = findRunWithId(runs, distinctId)
  // Runs whose title has no distinct_id at all: the receiving workflow lacks the
  // run-name line. (Another dispatcher's run carries its own id: not a sign.)
  const since = request.dispatchedAt
  const others = run === undefined && runs.some(r => Date.parse(r.created_at) >= since - 1000 && !UUID.test(r.display_title ?? ''))
  return { run, others, etag: listed.etag }
}
