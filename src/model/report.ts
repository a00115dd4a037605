/**
 * What a run's results look like to a person: the failure message and the
 * rows of the job summary. Pure; shared by every adapter.
 */
import type { TargetResult } from './result.js'
import { inertHref, inertHtml } from '../util/inert.js'

/**
 * A target failed when it was not dispatched (or may not have been), or its run was not found, timed out or did not succeed.
 * A request waiting for a person's approval (through a broker, without wait) has not failed.
 */
export function failed(result: TargetResult): boolean {
  return (result.dispatched !== true && result.dispatched !== 'pending-approval') || result.error !== undefined
}

/** One message naming each failed target and why, one line each; undefined when all succeeded. */
export function failureMessage(results: TargetResult[]): string | undefined {
  const failures = results.filter(failed)
  if (failures.length === 0) return undefined
  if (results.length === 1) return (failures[0] as TargetResult).error ?? 'not dispatched'
  const succeeded = results.length - failures.length
  const lines = failures.map(r => `- ${r.repository}: ${r.error ?? 'not dispatched'}`)
  return [`${failures.length} of ${results.length} targets failed (${succeeded} succeeded):`, ...lines].join('\n')
}

/** "3m 12s" between two ISO times, or '' when either is missing. */
export function duration(start: string | null | undefined, end: string | null | undefined): string {
  if (!start || !end) return ''
  const seconds = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000))
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`
}

/** A link when the URL is http(s), else the text alone. */
function link(url: string | null | undefined, text: string): string {
  const href = url ? inertHref(url) : undefined
  return href ? `<a href="${href}">${inertHtml(text)}</a>` : inertHtml(text)
}

/** "#42" (the run number GitHub's pages show), or the id when the number is unknown. */
export function runText(result: Pick<TargetResult, 'run_id' | 'run_number'>): string {
  if (result.run_number !== undefined && result.run_number !== null) return `#${result.run_number}`
  return result.run_id !== undefined && result.run_id !== null ? `run ${result.run_id}` : ''
}

/** Header and rows (HTML cell contents, every outside string made inert) for the job summary table. */
export function summaryRows(results: TargetResult[], webUrl: string): { header: string[]; rows: string[][] } {
  const workflowMode = results.some(r => r.workflow !== undefined)
  const waited = results.some(r => r.conclusion !== undefined)
  const withOutputs = results.some(r => r.outputs !== undefined)
  const header = [
    'Target',
    ...(workflowMode ? ['Workflow', 'Ref'] : ['Event']),
    'Result',
    ...(workflowMode || waited ? ['Run'] : []),
    ...(waited ? ['Conclusion', 'Duration'] : []),
    ...(withOutputs ? ['Outputs'] : [])
  ]
  const rows = results.map(r => {
    const cells = [link(`${webUrl}/${r.repository}/actions`, r.repository)]
    if (workflowMode) cells.push(`<code>${inertHtml(r.workflow ?? '')}</code>`, inertHtml(r.ref ?? ''))
    else cells.push(`<code>${inertHtml(r.event)}</code>`)
    cells.push(resultCell(r))
    if (workflowMode || waited) cells.push(r.run_url ? link(r.run_url, runText(r)) : r.dispatched === true ? 'not reported' : '')
    if (waited) cells.push(inertHtml(r.conclusion ?? r.status ?? ''), duration(r.started_at, r.completed_at))
    if (withOutputs)
      cells.push(
        Object.keys(r.outputs ?? {})
          .map(key => `<code>${inertHtml(key)}</code>`)
          .join(', ')
      )
    return cells
  })
  return { header, rows }
}

function resultCell(r: TargetResult): string {
  if (r.dispatched === 'unknown') return `⚠️ unknown: ${inertHtml(r.error ?? 'GitHub may have started it.')}`
  if (r.dispatched === 'pending-approval' && !r.error) return '⏳ waiting for approval'
  if (r.dispatched !== true || r.error) return `❌ ${inertHtml(r.error ?? 'not dispatched')}`
  return '✅ dispatched'
}

/** HTML list of the failed jobs and steps of each run that did not succeed; '' when there are none. */
export function failedJobsHtml(results: TargetResult[]): string {
  const items = results.flatMap(r =>
    (r.failed_jobs ?? []).map(job => {
      const steps = job.failed_steps.length
        ? `: failed step${job.failed_steps.length > 1 ? 's' : ''} ${job.failed_steps.map(s => `<code>${inertHtml(s)}</code>`).join(', ')}`
        : ''
      return `<li>${inertHtml(r.repository)} ${inertHtml(runText(r))}: job ${link(job.url, job.name)} ${inertHtml(job.conclusion ?? 'failed')}${steps}</li>`
    })
  )
  return items.length ? `<p>Failed jobs</p><ul>${items.join('')}</ul>` : ''
}

/** HTML list of the jobs each run was waited for (wait-jobs); '' when the wait was for whole runs. */
export function waitedJobsHtml(results: TargetResult[]): string {
  const items = results.flatMap(r =>
    (r.jobs ?? []).map(
      job =>
        `<li>${inertHtml(r.repository)} ${inertHtml(runText(r))}: job ${link(job.url, job.name)} ${inertHtml(job.conclusion ?? job.status ?? '')}</li>`
    )
  )
  return items.length ? `<p>Waited jobs</p><ul>${items.join('')}</ul>` : ''
}
