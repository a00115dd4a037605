/** The inputs that say how the started runs are followed. */
import type { InputDeclaration } from './input-declaration.js'

/** The inputs of the section 'Waiting', in action.yml's order. */
export const WAIT_INPUTS: readonly InputDeclaration[] = [
  {
    name: 'wait',
    kind: 'boolean',
    option: 'wait',
    flag: 'wait',
    default: 'false',
    section: 'Waiting',
    description: 'Wait for the run each dispatch started and fail when it does not succeed (true/false).',
    help: 'Follow each started run; fail unless every run succeeds.'
  },
  {
    name: 'wait-timeout',
    kind: 'seconds',
    option: 'waitTimeoutSeconds',
    flag: 'wait-timeout',
    placeholder: 'SECONDS',
    default: '1800',
    section: 'Waiting',
    description: 'With wait: seconds to wait for the runs to finish (at most 432000, 5 days).',
    help: 'Seconds to wait for the runs.'
  },
  {
    name: 'poll-interval',
    kind: 'seconds',
    option: 'pollIntervalSeconds',
    flag: 'poll-interval',
    placeholder: 'SECONDS',
    default: '10',
    section: 'Waiting',
    description: 'With wait: seconds between checks of each run (at least 1).',
    help: 'Seconds between checks of each run.'
  },
  {
    name: 'wait-jobs',
    kind: 'list',
    option: 'waitJobs',
    flag: 'wait-jobs',
    placeholder: 'NAMES',
    section: 'Waiting',
    description:
      "With wait: end the wait when these jobs of the run have concluded, not the whole run (job names, separated by commas or newlines; a matrix job by its full name, build (ubuntu, 22), or by the name before ' (', build). The step's conclusion is theirs; outputs are read as soon as they are done; cancel-downstream and failure-log-lines apply to them. A name no job of the run has, once the run has completed, fails the target.",
    help: "Wait only for these jobs (names; a matrix job by 'build' or its full name)."
  },
  {
    name: 'outputs-artifact',
    kind: 'line',
    option: 'outputsArtifact',
    flag: 'outputs-artifact',
    placeholder: 'NAME',
    default: 'app-dispatch-outputs',
    section: 'Waiting',
    description:
      "With wait: the artifact a completed run hands its outputs back in (see the reply action): a zip holding outputs.json, or a JSON file uploaded unzipped (upload-artifact's archive: false; the artifact is then named after the file). Empty turns it off.",
    help: "Artifact a run hands its outputs back in: a zip with outputs.json, or the JSON file itself ('' turns it off)."
  },
  {
    name: 'cancel-downstream',
    kind: 'boolean',
    option: 'cancelDownstream',
    flag: 'cancel-downstream',
    default: 'false',
    section: 'Waiting',
    description:
      'With wait: when the step is cancelled or wait-timeout passes, cancel the runs it started that are still going (the token then asks for Actions: write).',
    help: 'On cancellation or timeout, cancel the runs still going.'
  },
  {
    name: 'failure-log-lines',
    kind: 'count',
    option: 'failureLogLines',
    flag: 'failure-log-lines',
    placeholder: 'N',
    default: '30',
    section: 'Waiting',
    description:
      "With wait: for a run that did not succeed, name its failed jobs and steps and show this many last lines of each failed job's log (0 turns it off).",
    help: "Last lines of each failed job's log to show (0 turns it off)."
  }
]
