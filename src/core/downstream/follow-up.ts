/**
 * What happens once the wait for a run has ended: cancel it if the step gave
 * up on it (cancel-downstream), read the outputs it handed back, or explain
 * why it failed. Each part is best effort except outputs, whose problems fail
 * the target (the next step would otherwise read wrong values).
 */
import type { Octokit } from '@octokit/core'
import type { Logger } from '../../model/logger.js'
import { CancelledError, messageOf } from '../../model/errors.js'
import type { Target, WaitSettings } from '../../model/plan.js'
import { runLabel } from '../wait/correlation.js'
import type { RunReport } from '../wait/follow.js'
import { cancelRun } from '../../github/runs.js'
import type { DownstreamFields } from '../../model/result.js'
import { readFailedJobs, type FailureDetails } from './failures.js'
import { OutputsError, readRunOutputs } from './outputs.js'
import { DEFAULT_OUTPUTS_ARTIFACT } from '../../input/parsers.js'
import { failure, type Failure } from '../outcome.js'

/** Time allowed to ask GitHub to cancel a run the wait gave up on (not a step cancellation). */
const CANCEL_REQUEST_MS = 10_000

export interface FollowUpRequest {
  client: () => Promise<Octokit>
  fetch: typeof fetch
  target: Target
  report: RunReport
  wait: WaitSettings
  log: Logger
  signal?: AbortSignal
  /** Fires when a cancelled step has no more time to cancel runs (see cleanup-window.ts). */
  cancelDeadline?: AbortSignal
}

export async function followUp(request: FollowUpRequest): Promise<DownstreamFields & { failure?: Failure }> {
  const { report, wait, target, log } = request
  const runId = report.run_id
  if (runId === null) return {}
  const label = runLabel(report.run_number === null ? undefined : { id: runId, run_number: report.run_number }, runId)
  const name = target.fullName

  if (report.ended === 'timeout' || report.ended === 'cancelled') {
    if (!wait.cancelDownstream) return {}
    try {
      const deadline =
        report.ended === 'cancelled' && request.cancelDeadline ? request.cancelDeadline : AbortSignal.timeout(CANCEL_REQUEST_MS)
      const outcome = await cancelRun(await request.client(), target, runId, deadline)
      log.info(
        outcome === 'requested'
          ? `${name}: requested cancellation of ${label}.`
          : `${name}: ${label} had already finished; nothing to cancel.`
      )
      return { cancel_requested: outcome === 'requested' }
    } catch (error) {
      log.warning(`${name}: could not cancel ${label}: ${messageOf(error)}`)
      return { cancel_requested: false }
    }
  }
  if (report.conclusion === null) return {}

  const fields: DownstreamFields & { failure?: Failure } = {}
  if (wait.outputsArtifact !== undefined) {
    try {
      const read = await readRunOutputs(await request.client(), request.fetch, {
        target,
        runId,
        artifactName: wait.outputsArtifact,
        label,
        signal: request.signal
      })
      fields.outputs = read.outputs ?? {}
      if (read.outputs) log.info(`${name}: ${label} handed back outputs: ${Object.keys(read.outputs).join(', ') || '(an empty object)'}.`)
      else if (read.artifacts) reportMissingArtifact(log, name, label, wait.outputsArtifact, read.artifacts)
    } catch (error) {
      fields.outputs = {}
      fields.failure =
        error instanceof OutputsError || error instanceof CancelledError
          ? failure(error.code, error.message)
          : failure('outputs', `Could not read the outputs of ${label} in ${name}: ${messageOf(error)}`)
    }
  }
  if (report.conclusion !== 'success' && wait.failureLogLines > 0) {
    try {
      const details = await readFailedJobs(await request.client(), request.fetch, {
        target,
        runId,
        logLines: wait.failureLogLines,
        signal: request.signal,
        // With wait-jobs, only those jobs: the others may still be going, or not matter.
        ...(report.jobs ? { onlyJobIds: new Set(report.jobs.map(job => job.id)) } : {})
      })
      fields.failed_jobs = details.jobs
      logFailure(log, name, label, details)
    } catch (error) {
      log.warning(`${name}: could not list the jobs of ${label}: ${messageOf(error)}`)
    }
  }
  return fields
}

/**
 * No artifact of the outputs-artifact name: outputs stay {} and the target does
 * not fail (a run may hand nothing back), but a name that was set, or a run
 * that has other artifacts, is likely a misspelling: a warning naming what the
 * run has. The default name on a run without artifacts (a receiving workflow
 * that hands nothing back) is only an info line.
 */
function reportMissingArtifact(log: Logger, name: string, label: string, artifact: string, others: string[]): void {
  const has = others.length > 0 ? `it has: ${others.join(', ')}` : 'it has none'
  const line = `${name}: no artifact named ${artifact} on ${label} (${has}); its outputs are {}.`
  if (artifact !== DEFAULT_OUTPUTS_ARTIFACT || others.length > 0) log.warning(line)
  else log.info(`${line} A run hands outputs back with the reply action.`)
}

function logFailure(log: Logger, name: string, label: string, details: FailureDetails): void {
  if (details.jobs.length === 0) {
    log.info(`${name}: ${label} has no failed job to show.`)
    return
  }
  details.jobs.forEach((job, index) => {
    const steps = job.failed_steps.length ? `; failed steps: ${job.failed_steps.join(', ')}` : ''
    log.info(`${name}: ${label}: job '${job.name}' ${job.conclusion ?? 'failed'}${steps}${job.url ? `: ${job.url}` : ''}`)
    const tail = details.logs.get(index)
    if (tail === undefined) return
    const title = `Last ${tail.lines.length} lines of '${job.name}' in ${name} (${label})`
    const lines = tail.note ? [`(${tail.note})`] : tail.lines
    if (log.group) log.group(title, lines)
    else for (const line of [title, ...lines.map(line => `  ${line}`)]) log.info(line)
  })
  if (details.more > 0) log.info(`${name}: ${label}: ${details.more} more failed job(s) not shown.`)
}
