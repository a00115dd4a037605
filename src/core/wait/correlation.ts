/**
 * Finding the run a dispatch started: a distinct_id travels in the dispatch
 * and comes back in the run's title (the receiving workflow's run-name).
 * Pure helpers; the polling is in follow.ts.
 */
import type { RunSummary } from '../../github/runs.js'
import { randomUUID } from 'node:crypto'
import { DISTINCT_ID_KEY } from '../../model/plan.js'

export function newDistinctId(): string {
  return randomUUID()
}

/** The payload text with distinct_id added first, the rest byte for byte. */
export function payloadWithDistinctId(clientPayloadJson: string, distinctId: string): string {
  const text = clientPayloadJson.trim()
  const rest = text.slice(1).trimStart()
  const pair = `${JSON.stringify(DISTINCT_ID_KEY)}:${JSON.stringify(distinctId)}`
  return rest.startsWith('}') ? `{${pair}}` : `{${pair},${rest}`
}

/** The run whose title carries the id, never "the newest run". */
export function findRunWithId(runs: RunSummary[], distinctId: string): RunSummary | undefined {
  return runs.find(run => (run.display_title ?? '').includes(distinctId))
}

/** Clock skew between the runner and GitHub that the run search tolerates. */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000

/** The `created` filter for runs started by a dispatch sent at `dispatchedAt`. */
export function createdFilter(dispatchedAt: number): string {
  return `>=${new Date(dispatchedAt - CLOCK_SKEW_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')}`
}

/** The line the receiving workflow needs, for advice. */
export function runNameAdvice(event: 'repository_dispatch' | 'workflow_dispatch'): string {
  return event === 'repository_dispatch'
    ? "the receiving workflow's run-name must contain github.event.client_payload.distinct_id, e.g. `run-name: Deploy ${{ github.event.client_payload.distinct_id }}`"
    : 'the workflow must declare a `distinct_id` input and put it in its run-name, e.g. `run-name: Deploy ${{ inputs.distinct_id }}`'
}

/** "run #42" as GitHub's pages show it; the id when the number is not known. */
export function runLabel(run: Pick<RunSummary, 'id' | 'run_number'> | undefined, id?: number): string {
  if (run?.run_number !== undefined) return `run #${run.run_number}`
  return `run ${run?.id ?? id ?? '?'}`
}
