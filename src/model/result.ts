import type { ErrorCode, GitHubStep } from './errors.js'

/** A run's or job's status as GitHub reports it. */
export type RunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending'
/** A completed run's or job's conclusion as GitHub reports it. */
export type RunConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale' | 'startup_failure'

/** What one dispatch() call reports per target: the `results` output, the library's return value, the CLI's --json. */

export interface FailedJob {
  name: string
  url: string | null
  conclusion: RunConclusion | null
  /** Names of the steps that failed, in order. */
  failed_steps: string[]
}

/** With wait-jobs: one job of the run that the wait was for. */
export interface WaitedJob {
  id: number
  name: string
  status: RunStatus | null
  conclusion: RunConclusion | null
  url: string | null
  started_at: string | null
  completed_at: string | null
}

export interface DownstreamFields {
  /** The object the run published in outputs.json; {} when it published none. */
  outputs?: Record<string, unknown>
  /** For a run that did not succeed: its failed jobs and steps. */
  failed_jobs?: FailedJob[]
  /** With cancel-downstream: whether cancellation of the run was requested. */
  cancel_requested?: boolean
}

export interface TargetResult extends DownstreamFields {
  repository: string
  installation_id: number | null
  event: string
  /**
   * true: GitHub took the dispatch. false: it was not sent, or GitHub refused it.
   * 'unknown': the answer was lost (a 5xx, a dropped connection, a timeout, a
   * cancellation while in flight) and nothing proved whether it arrived; it
   * was not sent again. Check the repository's Actions runs.
   * 'pending-approval': through a broker whose policy asks a person first; the
   * request waits in Slack (with wait: it was still waiting when the wait ended,
   * by wait-timeout or cancellation); the broker dispatches it if it is approved.
   */
  dispatched: boolean | 'unknown' | 'pending-approval'
  /** Why the target failed, in words; set on every failed result, with error_code. */
  error?: string
  /** Why the target failed, for programs (docs/library.md lists the codes): e.g. 'github-refused', 'delivery-unknown', 'signer'. */
  error_code?: ErrorCode
  /** With 'github-refused': the HTTP status GitHub answered, e.g. 404. */
  error_status?: number
  /** With 'github-refused': what was being done ('installation-lookup', 'token', 'default-branch', 'dispatch', 'app-jwt', 'wait'). */
  error_step?: GitHubStep
  /** workflow_dispatch only. */
  workflow?: string
  ref?: string
  /** workflow_dispatch, or when waiting. */
  run_id?: number | null
  /** When waiting: the number GitHub's pages show (#42). */
  run_number?: number | null
  run_url?: string | null
  /** When waiting. */
  status?: RunStatus | null
  conclusion?: RunConclusion | null
  started_at?: string | null
  completed_at?: string | null
  /** With wait-jobs: the jobs waited for (conclusion, status and times are then theirs). */
  jobs?: WaitedJob[]
}
