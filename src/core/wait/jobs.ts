/**
 * wait-jobs: following only some jobs of a run. Each poll reads the run (in
 * follow.ts), then its job list (conditionally: a 304 costs no rate limit).
 * The wait is over when every named job has completed, or when a name is
 * certainly absent.
 *
 * When "does not exist" is certain: jobs appear over time (a job that needs
 * another is listed once its turn comes; a matrix built from another job's
 * outputs expands only then), so a name missing from the list proves nothing while the run
 * goes on. It is certain once the run has completed: the job list read after
 * that is final. Until then a missing name is waited for (and said so once).
 */
import type { RunConclusion, RunStatus } from '../../model/result.js'
import type { Octokit } from '@octokit/core'
import type { Logger } from '../../model/logger.js'
import { matchesJobName } from '../../input/job-names.js'
import type { Target } from '../../model/plan.js'
import type { WaitedJob } from '../../model/result.js'
import { runLabel } from './correlation.js'
import type { RunSummary } from '../../github/runs.js'
import { listRunJobs, type ListedJob } from '../../github/jobs.js'
import { msg } from '../../model/placeholders.js'
import { failure, type Failure } from '../outcome.js'

/** Job conclusions that fail the wait, the worst first (success, skipped and neutral do not). */
const FAILING: RunConclusion[] = ['failure', 'timed_out', 'startup_failure', 'cancelled', 'action_required']
/** Names of existing jobs listed in a message at most. */
const NAMES_SHOWN = 30

/** What the wait for the named jobs reports: the jobs' combined status, conclusion and times. */
export interface JobsReport {
  status: RunStatus | null
  conclusion: RunConclusion | null
  started_at: string | null
  completed_at: string | null
  jobs: WaitedJob[]
  failure?: Failure
}

/** The run report (follow.ts's RunReport) of a wait for named jobs. */
export interface JobsRunReport extends JobsReport {
  run_id: number
  run_number: number | null
  run_url: string | null
  ended?: 'timeout' | 'cancelled' | 'rejected'
}

/** Why the polling stopped before the jobs were done (follow.ts words the run-level parts). */
export type StoppedWait = { stopped: 'rejected'; rejected: Failure } | { stopped: 'gone' | 'cancelled' | 'timeout'; waited: string }

export class JobsWatch {
  private listed: ListedJob[] = []
  private etag: string | undefined
  private runCompleted = false
  private readonly statuses = new Map<number, string>()
  private readonly toldMissing = new Set<string>()

  constructor(
    private readonly names: string[],
    private readonly target: Target,
    private readonly runId: number,
    private readonly log: Logger
  ) {}

  /** Reads the job list after the run was read; true when the wait is over. */
  async check(client: Octokit, run: RunSummary): Promise<boolean> {
    this.runCompleted = run.status === 'completed'
    await this.readJobs(client)
    this.logChanges(run)
    if (this.missing().length > 0) {
      if (this.runCompleted) return true
      this.tellMissing(run)
      return false
    }
    return this.waited().every(job => job.status === 'completed')
  }

  /** The named jobs as listed so far, in the order GitHub lists them. */
  waited(): ListedJob[] {
    return this.listed.filter(job => this.names.some(name => matchesJobName(name, job.name)))
  }

  /** Names no listed job matches. */
  missing(): string[] {
    return this.names.filter(name => !this.listed.some(job => matchesJobName(name, job.name)))
  }

  /** The report once the wait is over (or stopped); `where` is "run #N in owner/repo". */
  report(run: RunSummary | undefined): JobsReport {
    const where = `${runLabel(run, this.runId)} in ${this.target.fullName}`
    const jobs = this.waited().map(toWaited)
    const times = {
      started_at: earliest(jobs.map(j => j.started_at)),
      completed_at: jobs.every(j => j.status === 'completed') ? latest(jobs.map(j => j.completed_at)) : null
    }
    const missing = this.missing()
    if (missing.length > 0 && this.runCompleted) {
      return { status: 'completed', conclusion: null, ...times, jobs, failure: failure('job-not-found', this.missingText(missing, where)) }
    }
    if (missing.length > 0 || jobs.some(j => j.status !== 'completed')) {
      const status = missing.length > 0 || jobs.some(j => j.status === 'queued') ? 'queued' : 'in_progress'
      return { status, conclusion: null, ...times, jobs }
    }
    const conclusion = FAILING.find(failing => jobs.some(j => j.conclusion === failing)) ?? 'success'
    if (conclusion === 'success') return { status: 'completed', conclusion, ...times, jobs }
    const failed = jobs
      .filter(j => j.conclusion !== null && FAILING.includes(j.conclusion))
      .map(j => `'${j.name}' concluded ${j.conclusion ?? ''}${j.url ? ` (${j.url})` : ''}`)
    return { status: 'completed', conclusion, ...times, jobs, failure: failure('run-failed', `In ${where}, job ${failed.join(', job ')}.`) }
  }

  /** The run report: the jobs' report, or, when the polling stopped, why. */
  runReport(run: RunSummary | undefined, why?: StoppedWait): JobsRunReport {
    const { failure: found, ...jobs } = this.report(run)
    const base: JobsRunReport = { run_id: this.runId, run_number: run?.run_number ?? null, run_url: run?.html_url ?? null, ...jobs }
    if (why === undefined) return found ? { ...base, failure: found } : base
    const where = `${runLabel(run, this.runId)} in ${this.target.fullName}`
    const link = run ? ` (${run.html_url})` : ''
    const stopped = (stop: Failure, ended?: JobsRunReport['ended']): JobsRunReport => ({
      ...base,
      conclusion: null,
      failure: stop,
      ...(ended ? { ended } : {})
    })
    switch (why.stopped) {
      case 'gone':
        return stopped(runGone(where))
      case 'rejected':
        return stopped(why.rejected, 'rejected')
      case 'cancelled':
        return stopped(
          failure('cancelled', `The step was cancelled while waiting for ${this.pendingText()} of ${where}${link}.`),
          'cancelled'
        )
      case 'timeout':
        return stopped(
          failure(
            'wait-timeout',
            msg`${this.pendingText()} of ${where} did not finish within ${why.waited}${link}. Raise {wait-timeout} if it needs longer.`
          ),
          'timeout'
        )
    }
  }

  /** What is still awaited, for a timeout or cancellation message. */
  pendingText(): string {
    const going = this.waited().filter(job => job.status !== 'completed')
    const parts = [
      ...going.map(job => `'${job.name}' (${job.status ?? 'unknown'})`),
      ...this.missing().map(name => `'${name}' (not listed yet)`)
    ]
    return parts.length ? `job ${parts.join(', job ')}` : 'its jobs'
  }

  private async readJobs(client: Octokit): Promise<void> {
    const { etag, jobs } = await listRunJobs(client, this.target, this.runId, this.etag)
    this.etag = etag
    if (jobs !== undefined) this.listed = jobs
  }

  private logChanges(run: RunSummary): void {
    for (const job of this.waited()) {
      const status = job.status ?? 'unknown'
      if (this.statuses.get(job.id) === status) continue
      const from = this.statuses.has(job.id) ? `${this.statuses.get(job.id) ?? ''} → ` : ''
      this.statuses.set(job.id, status)
      this.log.info(
        `${this.target.fullName}: ${runLabel(run, this.runId)}: job '${job.name}' ${from}${status}${job.conclusion ? ` (${job.conclusion})` : ''}`
      )
    }
  }

  private tellMissing(run: RunSummary): void {
    const fresh = this.missing().filter(name => !this.toldMissing.has(name))
    if (fresh.length === 0 || this.listed.length === 0) return
    for (const name of fresh) this.toldMissing.add(name)
    this.log.info(
      `${this.target.fullName}: ${runLabel(run, this.runId)} lists no job named ${fresh.map(n => `'${n}'`).join(', ')} yet ` +
        `(jobs so far: ${this.existingNames()}); waiting, since jobs that need others are listed when their turn comes.`
    )
  }

  private missingText(missing: string[], where: string): string {
    const named = missing.map(n => `'${n}'`).join(', ')
    return (
      `${where} completed without a job named ${named}; its jobs: ${this.existingNames() || 'none'}. ` +
      msg`Check {wait-jobs}: a job's name is its \`name:\` (its id when it has none); a matrix job matches by its full name or the name before ' ('.`
    )
  }

  private existingNames(): string {
    const names = [...new Set(this.listed.map(job => job.name))]
    const shown = names.slice(0, NAMES_SHOWN).join(', ')
    return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown
  }
}

function toWaited(job: ListedJob): WaitedJob {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    url: job.html_url ?? null,
    started_at: job.started_at ?? null,
    completed_at: job.completed_at ?? null
  }
}

function earliest(times: Array<string | null>): string | null {
  const known = times.filter((t): t is string => t !== null).sort()
  return known[0] ?? null
}

function latest(times: Array<string | null>): string | null {
  const known = times.filter((t): t is string => t !== null).sort()
  return known[known.length - 1] ?? null
}

/** The run was deleted while the step waited (GitHub answered 404 for it). */
export function runGone(where: string): Failure {
  return failure('github-refused', `${where} no longer exists (404): it was deleted while the step waited.`, { status: 404, step: 'wait' })
}
