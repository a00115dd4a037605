/** The action's outputs, declared once: action.yml and the README's table are checked against this list. */

export interface OutputDeclaration {
  name: string
  description: string
}

export const OUTPUTS: readonly OutputDeclaration[] = [
  { name: 'installation-id', description: 'The installation ID that was used.' },
  { name: 'run-id', description: 'The ID of the run started in the first target (workflow_dispatch, or with wait); empty when unknown.' },
  { name: 'run-url', description: 'The web URL of that run.' },
  {
    name: 'conclusion',
    description: "With wait: the first target's run conclusion (success, failure, cancelled, …); with wait-jobs, that of the named jobs."
  },
  {
    name: 'outputs',
    description:
      "With wait: the JSON object the first target's run published in outputs.json ({} when none), e.g. fromJSON(steps.x.outputs.outputs).version."
  },
  {
    name: 'outputs-by-repository',
    description:
      "With wait: a JSON object keyed by owner/repo (as written in repository) holding each target's outputs object ({} for a target whose run handed none back, or that failed), e.g. fromJSON(steps.x.outputs.outputs-by-repository)['octo-org/web'].url."
  },
  {
    name: 'results',
    description:
      'A JSON array with one object per target, in input order: repository, installation_id, event, dispatched (true, false, "unknown" when the answer was lost, or "pending-approval" when a broker policy asks a person first), error and error_code when it failed (github-refused with error_status and error_step when GitHub answered an HTTP error, e.g. fromJSON(steps.d.outputs.results)[0].error_status == 404; github-unreachable, signer, delivery-unknown, cancelled, run-not-found, wait-timeout, run-failed, outputs…: docs/library.md); with workflow_dispatch also workflow, ref, run_id and run_url; with wait also run_id, run_number, run_url, status, conclusion, started_at, completed_at, outputs, failed_jobs and cancel_requested; with wait-jobs also jobs (for each waited job: id, name, status, conclusion, url, started_at, completed_at).'
  }
]
