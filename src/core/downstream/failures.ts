/**
 * Why a downstream run failed: its failed jobs and steps (with links) and the
 * last lines of each failed job's log. Log lines come from another repository
 * and are data: the adapters print them through inert.ts. Bounded: at most
 * MAX_FAILED_JOBS jobs, and each log read stops at a byte cap (the tail is
 * asked for with a Range header; a 2 GB log is never downloaded).
 */
import type { Octokit } from '@octokit/core'
import type { Target } from '../../model/plan.js'
import type { FailedJob } from '../../model/result.js'
import { fetchCapped } from '../../github/storage.js'
import { jobLogUrl } from '../../github/artifacts.js'
import { networkErrorText } from '../../http/request-error.js'
import { listRunJobs } from '../../github/jobs.js'

export const MAX_FAILED_JOBS = 5
/** Bytes of a log's end read to find its last lines. */
export const LOG_TAIL_BYTES = 64 * 1024
/** A storage host that ignores Range: stop reading after this much. */
export const LOG_READ_LIMIT = 4 * 1024 * 1024

export interface FailureDetails {
  jobs: FailedJob[]
  /** How many failed jobs there were, when more than were listed. */
  more: number
  /** Last lines of each listed job's log, keyed by job index; missing when it could not be read. */
  logs: Map<number, { lines: string[]; note?: string }>
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure', 'cancelled', 'action_required'])
// GitHub prefixes every log line with an ISO timestamp and a space.
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/

export async function readFailedJobs(
  client: Octokit,
  fetchImpl: typeof fetch,
  request: { target: Target; runId: number; logLines: number; signal?: AbortSignal; onlyJobIds?: Set<number> }
): Promise<FailureDetails> {
  const { target, runId } = request
  // Every page: in a matrix of more than 100 jobs the failed ones may be listed after the first.
  const { jobs } = await listRunJobs(client, target, runId)
  const failed = (jobs ?? []).filter(
    job => job.conclusion !== null && FAILED.has(job.conclusion) && (request.onlyJobIds?.has(job.id) ?? true)
  )
  const listed = failed.slice(0, MAX_FAILED_JOBS)
  const details: FailureDetails = {
    jobs: listed.map(job => ({
      name: job.name,
      url: job.html_url ?? null,
      conclusion: job.conclusion,
      failed_steps: (job.steps ?? [])
        .filter(step => step.conclusion === 'failure' || step.conclusion === 'timed_out')
        .map(step => step.name)
    })),
    more: failed.length - listed.length,
    logs: new Map()
  }
  if (request.logLines === 0) return details
  await Promise.all(
    listed.map(async (job, index) => {
      try {
        details.logs.set(index, await logTail(client, fetchImpl, target, job.id, request.logLines, request.signal))
      } catch (error) {
        details.logs.set(index, { lines: [], note: `the log could not be read (${networkErrorText(error)})` })
      }
    })
  )
  return details
}

async function logTail(
  client: Octokit,
  fetchImpl: typeof fetch,
  target: Target,
  jobId: number,
  count: number,
  signal: AbortSignal | undefined
): Promise<{ lines: string[]; note?: string }> {
  const url = await jobLogUrl(client, target, jobId)
  if (url === undefined) return { lines: [], note: 'the log is gone' }
  const { bytes, truncated } = await fetchCapped(fetchImpl, url, { cap: LOG_TAIL_BYTES, keep: 'tail', readLimit: LOG_READ_LIMIT, signal })
  let lines = bytes.toString('utf8').split(/\r?\n/)
  if (truncated) lines = lines.slice(1) // the first line may be cut
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return { lines: lines.slice(-count).map(line => line.replace(TIMESTAMP, '')) }
}
