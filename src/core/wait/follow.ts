/**
 * Waiting for a downstream run: find it by its distinct_id (unless GitHub
 * already told us its id), then follow it to its conclusion with conditional
 * requests, which cost no rate limit while nothing changes. Both phases share
 * one polling loop: deadline, cancellation, rate-limit backoff, and a stop on
 * 401 (a token GitHub refuses will not start working again).
 */
import type { RunConclusion, RunStatus } from '../../model/result.js'
import type { Octokit } from '@octokit/core'
import type { Logger } from '../../model/logger.js'
import type { Clock } from '../../util/clock.js'
import type { Target } from '../../model/plan.js'
import { runLabel, runNameAdvice } from './correlation.js'
import { getRun, type RunSummary } from '../../github/runs.js'
import { JobsWatch, runGone } from './jobs.js'
import type { WaitedJob } from '../../model/result.js'
import { formatDuration, pollUntil, type Stopped } from './poll.js'
import { HEARTBEAT_MS, lookForRun, Looking } from './looking.js'
import { msg } from '../../model/placeholders.js'
import { failure, type Failure, type OutcomeFields } from '../outcome.js'

export type DispatchEvent = 'repository_dispatch' | 'workflow_dispatch'

export interface WaitRequest {
  /** A client with a live token (refreshed as needed). */
  client: () => Promise<Octokit>
  target: Target
  event: DispatchEvent
  /** Set when the run must be found by its title. */
  distinctId?: string
  /** repository_dispatch: the event type sent (named in the causes, checked against the workflows while looking). */
  eventType?: string
  /** Set when GitHub reported the run it started. */
  runId?: number
  dispatchedAt: number
  /** Epoch ms after which the wait ends. */
  deadline: number
  pollIntervalMs: number
  log: Logger
  /** Aborted when the step is cancelled: stop waiting. */
  signal?: AbortSignal
  /** The time the deadline and heartbeat are measured by, and how polls wait (util/clock.ts). */
  clock: Clock
  /** wait-jobs: end when these jobs of the run have concluded (jobs.ts); absent or []: when the run has. */
  jobs?: string[]
}

export interface RunReport {
  run_id: number | null
  /** The number GitHub's pages show ("#42"); null until the run was read. */
  run_number: number | null
  run_url: string | null
  status: RunStatus | null
  conclusion: RunConclusion | null
  /** ISO times for the duration shown in the summary. */
  started_at?: string | null
  completed_at?: string | null
  /** Why the target counts as failed: not found, timed out, cancelled, refused or not successful. */
  failure?: Failure
  /** Why the wait ended without a conclusion (the run may still be going). */
  ended?: 'timeout' | 'cancelled' | 'rejected'
  /** With wait-jobs: the jobs waited for; status, conclusion and times are then theirs. */
  jobs?: WaitedJob[]
}

function report(runId: number | null, last: RunSummary | undefined, why: Failure, ended?: RunReport['ended']): RunReport {
  return {
    run_id: runId,
    run_number: last?.run_number ?? null,
    run_url: last?.html_url ?? null,
    status: last?.status ?? null,
    conclusion: null,
    failure: why,
    ...(ended ? { ended } : {})
  }
}

/** The report's fields for the result, and its failure (not how the wait ended: that is for the delivery's settling). */
export function runFields(report: RunReport): OutcomeFields & { failure?: Failure } {
  const fields: RunReport = { ...report }
  delete fields.ended
  return fields
}

/** GitHub refused the token while following the run (401): the wait stops. */
function rejected(name: string, detail: string): Failure {
  return failure(
    'github-refused',
    `GitHub rejected the installation token (${detail}) while following the run in ${name}: ` +
      'the token was revoked or expired, and polling with it would not help, so the wait stopped.',
    { status: 401, step: 'wait' }
  )
}

export async function waitForRun(request: WaitRequest): Promise<RunReport> {
  if (request.runId !== undefined) return followRun(request, request.runId)
  const found = await findRun(request)
  return typeof found === 'number' ? followRun(request, found) : found
}

/** Phase 1: the run carrying the distinct_id, found by listing runs; its id, or the report of why not. */
async function findRun(request: WaitRequest): Promise<number | RunReport> {
  const name = request.target.fullName
  const timeoutText = formatDuration(request.deadline - request.dispatchedAt)
  let etag: string | undefined
  let sawOthers = false
  const looking = new Looking(request)
  const found = await pollUntil(request, 'list runs', async () => {
    const look = await lookForRun(await request.client(), request, etag)
    etag = look.etag
    if (look.others && !sawOthers) {
      sawOthers = true
      request.log.warning(
        `${name}: ${request.event} runs started since the dispatch, but none has ${request.distinctId ?? ''} in its title: ${runNameAdvice(request.event)}.`
      )
    }
    if (look.run === undefined) looking.tick()
    return look.run
  })
  looking.stop()
  if ('stopped' in found) {
    if (found.stopped === 'cancelled')
      return report(null, undefined, failure('cancelled', `The step was cancelled before the run in ${name} was found.`), 'cancelled')
    if (found.stopped === 'rejected') return report(null, undefined, rejected(name, found.detail), 'rejected')
    const advice = sawOthers ? ` Runs of ${request.event} did start there: ${runNameAdvice(request.event)}.` : ` ${looking.causes()}`
    return report(
      null,
      undefined,
      failure(
        'run-not-found',
        `No run carrying distinct_id ${request.distinctId ?? ''} appeared in ${name} within ${timeoutText}.${advice}`
      ),
      'timeout'
    )
  }
  request.log.info(`${name}: found ${runLabel(found.value)} (${found.value.display_title ?? ''}): ${found.value.html_url}`)
  return found.value.id
}

/** Phase 2: follow the run to its conclusion with conditional requests. */
async function followRun(request: WaitRequest, id: number): Promise<RunReport> {
  const name = request.target.fullName
  const timeoutText = formatDuration(request.deadline - request.dispatchedAt)
  let etag: string | undefined
  let last: RunSummary | undefined
  const { clock } = request
  let lastLog = clock.now()
  const watch = request.jobs?.length ? new JobsWatch(request.jobs, request.target, id, request.log) : undefined
  const followed = await pollUntil(
    request,
    `read run ${id}`,
    async () => {
      const polled = await getRun(await request.client(), request.target, id, etag)
      etag = polled.etag
      const run = polled.data
      if (run !== undefined && run.status !== last?.status) {
        const from = last?.status ? `${last.status} → ` : ''
        request.log.info(
          `${name}: ${runLabel(run)} ${from}${run.status ?? 'unknown'}${run.conclusion ? ` (${run.conclusion})` : ''}: ${run.html_url}`
        )
        lastLog = clock.now()
      } else if (clock.now() - lastLog >= HEARTBEAT_MS) {
        request.log.info(
          `${name}: ${runLabel(last, id)} still ${last?.status ?? 'unknown'} after ${formatDuration(clock.now() - request.dispatchedAt)}.`
        )
        lastLog = clock.now()
      }
      last = run ?? last
      if (watch && last) return (await watch.check(await request.client(), last)) ? last : undefined
      return last?.status === 'completed' ? last : undefined
    },
    true
  )
  if (watch) return withJobs(request, followed, watch, last)
  const label = runLabel(last, id)
  if (!('stopped' in followed)) return completed(followed.value, name)
  switch (followed.stopped) {
    case 'gone':
      return report(id, last, runGone(`${label} in ${name}`))
    case 'rejected':
      return report(id, last, rejected(name, followed.detail), 'rejected')
    case 'cancelled':
      return report(
        id,
        last,
        failure(
          'cancelled',
          `The step was cancelled while waiting for ${label} in ${name} (last status ${last?.status ?? 'unknown'})${last ? `: ${last.html_url}` : ''}.`
        ),
        'cancelled'
      )
    case 'timeout':
      return report(
        id,
        last,
        failure(
          'wait-timeout',
          msg`${label} in ${name} did not finish within ${timeoutText}; its last status was ${last?.status ?? 'unknown'}${last ? ` (${last.html_url})` : ''}. Raise {wait-timeout} if it needs longer.`
        ),
        'timeout'
      )
  }
}

function completed(run: RunSummary, name: string): RunReport {
  const result: RunReport = {
    run_id: run.id,
    run_number: run.run_number ?? null,
    run_url: run.html_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.run_started_at ?? run.created_at,
    completed_at: run.updated_at ?? null
  }
  if (run.conclusion !== 'success') {
    result.failure = failure(
      'run-failed',
      `${runLabel(run)} in ${name} concluded ${run.conclusion ?? 'without a conclusion'}: ${run.html_url}`
    )
  }
  return result
}

/** With wait-jobs: the report carries the named jobs' status, conclusion, times and error (jobs.ts), not the run's. */
function withJobs(
  request: WaitRequest,
  followed: { value: RunSummary } | Stopped,
  watch: JobsWatch,
  last: RunSummary | undefined
): RunReport {
  if (!('stopped' in followed)) return watch.runReport(last)
  const why =
    followed.stopped === 'rejected'
      ? { stopped: followed.stopped, rejected: rejected(request.target.fullName, followed.detail) }
      : { stopped: followed.stopped, waited: formatDuration(request.deadline - request.dispatchedAt) }
  return watch.runReport(last, why)
}
