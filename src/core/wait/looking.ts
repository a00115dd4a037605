/**
 * What the step says while it looks for the run a dispatch started: a
 * heartbeat at most once a minute naming the likely causes, and, once the run
 * is late, one check of the target's workflows (listeners.ts) whose finding
 * is said at once and then in every heartbeat and the timeout message.
 */
import type { Octokit } from '@octokit/core'
import type { Logger } from '../../model/logger.js'
import type { Target } from '../../model/plan.js'
import type { Clock } from '../../util/clock.js'
import { messageOf } from '../../model/errors.js'
import { createdFilter, findRunWithId, runNameAdvice } from './correlation.js'
import { listRuns, type RunSummary } from '../../github/runs.js'
import { listenerMismatch } from './listeners.js'

export const HEARTBEAT_MS = 60_000
/** A run usually appears within seconds; the workflows are read only when it has not after this long. */
export const CHECK_AFTER_MS = 15_000

export interface LookingRequest {
  client: () => Promise<Octokit>
  target: Target
  event: 'repository_dispatch' | 'workflow_dispatch'
  /** repository_dispatch: the event type sent, for the causes and the workflows check. */
  eventType?: string
  distinctId?: string
  dispatchedAt: number
  log: Logger
  clock: Clock
}

export class Looking {
  private lastBeat: number
  private check: Promise<void> | undefined
  private readonly stopCheck = new AbortController()
  /** The workflows check's finding, once it has one. */
  mismatch: string | undefined

  constructor(private readonly request: LookingRequest) {
    this.lastBeat = request.dispatchedAt
  }

  /** Called on each poll while the run has not been found. */
  tick(): void {
    const { clock, log, target, distinctId } = this.request
    const now = clock.now()
    if (this.check === undefined && now - this.request.dispatchedAt >= CHECK_AFTER_MS) this.check = this.checkWorkflows()
    if (now - this.lastBeat < HEARTBEAT_MS) return
    this.lastBeat = now
    const minutes = Math.floor((now - this.request.dispatchedAt) / 60_000)
    log.info(`${target.fullName}: still looking for the run carrying ${distinctId ?? ''} (${minutes} min). ${this.causes()}`)
  }

  /** The likely causes, as a sentence: the workflows check's finding when it has one. */
  causes(): string {
    if (this.mismatch !== undefined) return `Likely cause: ${this.mismatch}`
    const { event, eventType, target } = this.request
    if (event === 'workflow_dispatch') return `Likely causes: ${runNameAdvice(event)}, or the run is still queued.`
    return (
      `Likely causes: the event type \`${eventType ?? ''}\` is not in the receiving workflow's \`types:\` (on.repository_dispatch.types), ` +
      `the workflow is not on the default branch of ${target.fullName}, or its run-name does not carry the distinct_id (${runNameAdvice(event)}).`
    )
  }

  /** The run was found or the wait ended: a check still in flight is abandoned. */
  stop(): void {
    this.stopCheck.abort()
  }

  private async checkWorkflows(): Promise<void> {
    const { eventType, event, target, log } = this.request
    if (event !== 'repository_dispatch' || eventType === undefined) return
    try {
      const mismatch = await listenerMismatch(await this.request.client(), target, eventType, this.stopCheck.signal)
      if (mismatch === undefined || this.stopCheck.signal.aborted) return
      this.mismatch = mismatch
      log.warning(`${target.fullName}: ${mismatch}`)
    } catch (error) {
      log.debug(`${target.fullName}: could not read its workflows to check the event type: ${messageOf(error)}`)
    }
  }
}

/** What finding a dispatch's run needs. */
export interface LookRequest {
  target: Target
  event: 'repository_dispatch' | 'workflow_dispatch'
  distinctId?: string
  dispatchedAt: number
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/** One listing: the run carrying the id, and whether other runs of the event appeared. */
export async function lookForRun(
  client: Octokit,
  request: LookRequest,
  etag?: string
): Promise<{ run: RunSummary | undefined; others: boolean; etag: string | undefined }> {
  const { target, event, distinctId = '' } = request
  const listed = await listRuns(client, { target, event, created: createdFilter(request.dispatchedAt) }, etag)
  if (listed.data === undefined) return { run: undefined, others: false, etag: listed.etag }
  const runs = listed.data
  const run = findRunWithId(runs, distinctId)
  // Runs whose title has no distinct_id at all: the receiving workflow lacks the
  // run-name line. (Another dispatcher's run carries its own id: not a sign.)
  const since = request.dispatchedAt
  const others = run === undefined && runs.some(r => Date.parse(r.created_at) >= since - 1000 && !UUID.test(r.display_title ?? ''))
  return { run, others, etag: listed.etag }
}
