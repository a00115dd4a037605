/**
 * What a run's results look like to a person: the failure message and the
 * rows of the job summary. Pure; shared by every adapter.
 */
import type { TargetResult } from './dispatch.js'

/** One message naming each failed target and why; undefined when all succeeded. */
export function failureMessage(results: TargetResult[]): string | undefined {
  const failed = results.filter(r => !r.dispatched)
  if (failed.length === 0) return undefined
  if (results.length === 1) return (failed[0] as TargetResult).error
  const succeeded = results.length - failed.length
  const lines = failed.map(r => `${r.repository}: ${r.error ?? 'not dispatched'}`)
  return `${failed.length} of ${results.length} dispatches failed (${succeeded} succeeded). ${lines.join(' | ')}`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/** Header and rows (HTML cell contents) for the job summary table. */
export function summaryRows(results: TargetResult[], webUrl: string): { header: string[]; rows: string[][] } {
  const workflowMode = results.some(r => r.workflow !== undefined)
  const header = workflowMode ? ['Target', 'Workflow', 'Ref', 'Result', 'Run'] : ['Target', 'Event', 'Result']
  const rows = results.map(r => {
    const actions = `${webUrl}/${r.repository}/actions`
    const target = `<a href="${escapeHtml(actions)}">${escapeHtml(r.repository)}</a>`
    const result = r.dispatched ? '✅ dispatched' : `❌ ${escapeHtml(r.error ?? 'not dispatched')}`
    if (!workflowMode) return [target, `<code>${escapeHtml(r.event)}</code>`, result]
    const run = r.run_url ? `<a href="${escapeHtml(r.run_url)}">#${r.run_id ?? ''}</a>` : r.dispatched ? 'not reported' : ''
    return [target, `<code>${escapeHtml(r.workflow ?? '')}</code>`, escapeHtml(r.ref ?? ''), result, run]
  })
  return { header, rows }
}
