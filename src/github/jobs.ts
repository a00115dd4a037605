/**
 * The one reader of a run's job list (GET /repos/{o}/{r}/actions/runs/{id}/jobs),
 * used by the wait for named jobs (jobs.ts) and the failure report
 * (downstream/failures.ts): every page, so a matrix of more than 100 jobs is
 * read whole by both.
 */
import type { Octokit } from '@octokit/core'
import type { RunConclusion, RunStatus } from '../model/result.js'
import type { Target } from '../model/plan.js'
import { conditionalGet } from './runs.js'

/** A job as GitHub lists it (the fields read here). */
export interface ListedJob {
  id: number
  name: string
  status: RunStatus | null
  conclusion: RunConclusion | null
  html_url?: string | null
  started_at?: string | null
  completed_at?: string | null
  steps?: Array<{ name: string; conclusion: string | null; number?: number }>
}

const ROUTE = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs'
export const JOBS_PAGE_SIZE = 100
/** Pages of jobs read at most (GitHub allows 256 jobs per matrix, and a run several matrices). */
export const MAX_JOB_PAGES = 10

type Page = { total_count: number; jobs: ListedJob[] }

/**
 * Every job of the run's latest attempt, page after page. With `etag` (from
 * the previous call), the first page is asked for conditionally: `jobs` is
 * undefined when it is unchanged (a 304 costs no rate limit). The etag comes
 * back only for a run whose jobs fit on one page: later pages change without
 * the first one changing, so those are read every time.
 */
export async function listRunJobs(
  client: Octokit,
  target: Target,
  runId: number,
  etag?: string
): Promise<{ etag: string | undefined; jobs: ListedJob[] | undefined }> {
  const params = { owner: target.owner, repo: target.repo, run_id: runId, filter: 'latest' as const, per_page: JOBS_PAGE_SIZE }
  const first = await conditionalGet<Page>(client, ROUTE, params, etag)
  if (first.data === undefined) return { etag: first.etag, jobs: undefined }
  const jobs = [...first.data.jobs]
  const pages = Math.min(Math.ceil(first.data.total_count / JOBS_PAGE_SIZE), MAX_JOB_PAGES)
  for (let page = 2; page <= pages; page++) {
    const next = await client.request(ROUTE, { ...params, page })
    jobs.push(...(next.data as Page).jobs)
  }
  return { etag: pages > 1 ? undefined : first.etag, jobs }
}
