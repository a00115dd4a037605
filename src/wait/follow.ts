/**
 * Waiting for a downstream run: find it by its distinct_id (unless GitHub
 * already told us its id), then follow it to its conclusion with conditional
 * requests, which cost no rate limit while nothing changes.
 */
import type { Octokit } from '@octokit/core'
import type { Logger } from '../github/client.js'
import { rateLimitWait } from '../github/retry-policy.js'
import { sleep } from '../sleep.js'
import type { Target } from '../inputs.js'
import { createdFilter, findRunWithId, runNameAdvice, type RunSummary } from './correlation.js'

export type DispatchEvent = 'repository_dispatch' | 'workflow_dispatch'

export interface WaitRequest {
  /** A client with a live token (refreshed as needed). */
  client: () => Promise<Octokit>
  target: Target
  event: DispatchEvent
  /** Set when the run must be found by its title. */
  distinctId?: string
  /** Set when GitHub reported the run it started. */
  runId?: number
  dispatchedAt: number
  /** Epoch ms after which the wait ends. */
  deadline: number
  pollIntervalMs: number
  log: Logger
  /** Aborted when the step is cancelled: stop waiting (the run itself goes on). */
  signal?: AbortSignal
}

export interface RunReport {
  run_id: number | null
  run_url: string | null
  status: string | null
  conclusion: string | null
  /** ISO times for the duration shown in the summary. */
  started_at?: string | null
  completed_at?: string | null
  /** Why the target counts as failed: not found, timed out, or not successful. */
  error?: string
}

const HEARTBEAT_MS = 60_000
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

interface Conditional<T> {
  etag: string | undefined
  data: T | undefined
}

/** GET with If-None-Match; returns undefined data on 304 (unchanged). */
async function conditionalGet<T>(
  client: Octokit,
  route: string,
  params: Record<string, unknown>,
  etag: string | undefined
): Promise<Conditional<T>> {
  try {
    const response = await client.request(route, {
      ...params,
      headers: etag ? { 'if-none-match': etag } : {}
    })
    return { etag: response.headers.etag ?? undefined, data: response.data as T }
  } catch (error) {
    if ((error as { status?: number }).status === 304) return { etag, data: undefined }
    throw error
  }
}

/** A rate limit outlasting the request's own retries: wait for it rather than poll into it. */
function rateLimitBackoffMs(error: unknown): number {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | number | undefined> } }
  if (e.response === undefined || (e.status !== 403 && e.status !== 429)) return 0
  return rateLimitWait({ status: e.status, headers: e.response.headers ?? {}, message: e.message ?? '', now: Date.now() })?.delayMs ?? 0
}

function describeError(error: unknown): string {
  const e = error as { status?: number; message?: string; response?: unknown }
  return e.response !== undefined ? `HTTP ${e.status ?? '?'}: ${e.message ?? ''}` : (e.message ?? String(error))
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}

/** One listing: the run carrying the id, and whether other runs of the event appeared. */
export async function lookForRun(
  client: Octokit,
  request: Pick<WaitRequest, 'target' | 'event' | 'distinctId' | 'dispatchedAt'>,
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

export async function waitForRun(request: WaitRequest): Promise<RunReport> {
  const { target, log, deadline, pollIntervalMs, signal } = request
  const name = target.fullName
  const timeoutText = formatDuration(deadline - request.dispatchedAt)

  // 1. Find the run.
  let runId = request.runId
  if (runId === undefined) {
    let etag: string | undefined
    let warned = false
    let sawOthers = false
    for (;;) {
      let backoffMs = 0
      try {
        const found = await lookForRun(await request.client(), request, etag)
        etag = found.etag
        if (found.run) {
          runId = found.run.id
          log.info(`${name}: found run #${found.run.id} (${found.run.display_title ?? ''}): ${found.run.html_url}`)
          break
        }
        if (found.others && !warned) {
          warned = sawOthers = true
          log.warning(
            `${name}: ${request.event} runs started since the dispatch, but none has ${request.distinctId ?? ''} in its title: ${runNameAdvice(request.event)}.`
          )
        }
      } catch (error) {
        backoffMs = rateLimitBackoffMs(error)
        log.warning(`${name}: could not list runs (${describeError(error)}); trying again${backoffMs ? ` in ${formatDuration(backoffMs)}` : ''}.`)
      }
      if (Date.now() >= deadline) {
        const advice = sawOthers ? ` Runs of ${request.event} did start there: ${runNameAdvice(request.event)}.` : ` Check that a workflow in ${name} runs on ${request.event} (on its default branch), and ${runNameAdvice(request.event)}.`
        return {
          run_id: null,
          run_url: null,
          status: null,
          conclusion: null,
          error: `No run carrying distinct_id ${request.distinctId ?? ''} appeared in ${name} within ${timeoutText}.${advice}`
        }
      }
      await sleep(Math.min(Math.max(pollIntervalMs, backoffMs), deadline - Date.now()), signal)
      if (signal?.aborted) {
        return { run_id: null, run_url: null, status: null, conclusion: null, error: `The step was cancelled before the run in ${name} was found.` }
      }
    }
  }

  // 2. Follow it.
  let etag: string | undefined
  let last: RunSummary | undefined
  let lastLog = Date.now()
  for (;;) {
    let backoffMs = 0
    try {
      const polled = await conditionalGet<RunSummary>(
        await request.client(),
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
        { owner: target.owner, repo: target.repo, run_id: runId },
        etag
      )
      etag = polled.etag
      if (polled.data !== undefined) {
        const run = polled.data
        if (run.status !== last?.status) {
          const from = last?.status ? `${last.status} → ` : ''
          log.info(`${name}: run #${run.id} ${from}${run.status ?? 'unknown'}${run.conclusion ? ` (${run.conclusion})` : ''}: ${run.html_url}`)
          lastLog = Date.now()
        }
        last = run
        if (run.status === 'completed') return completed(run, name)
      }
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        return { run_id: runId, run_url: last?.html_url ?? null, status: last?.status ?? null, conclusion: null, error: `Run #${runId} in ${name} no longer exists (404): it was deleted while the step waited.` }
      }
      backoffMs = rateLimitBackoffMs(error)
      log.warning(`${name}: could not read run #${runId} (${describeError(error)}); trying again${backoffMs ? ` in ${formatDuration(backoffMs)}` : ''}.`)
    }
    if (Date.now() >= deadline) {
      return {
        run_id: runId,
        run_url: last?.html_url ?? null,
        status: last?.status ?? null,
        conclusion: null,
        error: `Run #${runId} in ${name} did not finish within ${timeoutText}; its last status was ${last?.status ?? 'unknown'}${last ? ` (${last.html_url})` : ''}. Raise wait-timeout if it needs longer.`
      }
    }
    if (Date.now() - lastLog >= HEARTBEAT_MS) {
      log.info(`${name}: run #${runId} still ${last?.status ?? 'unknown'} after ${formatDuration(Date.now() - request.dispatchedAt)}.`)
      lastLog = Date.now()
    }
    await sleep(Math.min(Math.max(pollIntervalMs, backoffMs), deadline - Date.now()), signal)
    if (signal?.aborted) {
      return {
        run_id: runId,
        run_url: last?.html_url ?? null,
        status: last?.status ?? null,
        conclusion: null,
        error: `The step was cancelled while waiting for run #${runId} in ${name} (last status ${last?.status ?? 'unknown'}); the run itself goes on${last ? `: ${last.html_url}` : ''}.`
      }
    }
  }
}

function completed(run: RunSummary, name: string): RunReport {
  const report: RunReport = {
    run_id: run.id,
    run_url: run.html_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.run_started_at ?? run.created_at,
    completed_at: run.updated_at ?? null
  }
  if (run.conclusion !== 'success') {
    report.error = `Run #${run.id} in ${name} concluded ${run.conclusion ?? 'without a conclusion'}: ${run.html_url}`
  }
  return report
}
