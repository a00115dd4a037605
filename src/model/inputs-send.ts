/** The inputs that say what is sent, and to which repositories. */
import type { InputDeclaration } from './input-declaration.js'

/** The inputs of the section 'What to send', in action.yml's order. */
export const SEND_INPUTS: readonly InputDeclaration[] = [
  {
    name: 'repository',
    kind: 'list',
    option: 'repository',
    flag: 'repository',
    placeholder: 'OWNER/REPO',
    actionDefault: '${{ github.repository }}',
    section: 'What to send',
    description: 'One or more target repositories, owner/repo, separated by newlines or commas.',
    help: 'Target; repeat it or separate several with commas.'
  },
  {
    name: 'event-type',
    kind: 'line',
    option: 'eventType',
    flag: 'event-type',
    placeholder: 'TYPE',
    section: 'What to send',
    description:
      'repository_dispatch: the event type (1-100 characters) that the receiving workflow lists under on.repository_dispatch.types. Required unless workflow is set.',
    help: 'repository_dispatch event type (1-100 characters).'
  },
  {
    name: 'client-payload',
    kind: 'json-object',
    option: 'clientPayload',
    flag: 'client-payload',
    placeholder: 'JSON',
    section: 'What to send',
    description:
      'repository_dispatch: a JSON object sent as client_payload (default {}): at most 10 top-level properties (9 with wait, which adds distinct_id) and under 64 KB.',
    help: 'repository_dispatch client_payload: an object, at most 10 keys, < 64 KB.'
  },
  {
    name: 'workflow',
    kind: 'line',
    option: 'workflow',
    flag: 'workflow',
    placeholder: 'FILE|ID',
    section: 'What to send',
    description:
      'workflow_dispatch: the workflow file name (deploy.yml) or numeric ID to start in each target. When set, a workflow_dispatch is sent instead of a repository_dispatch.',
    help: 'Send workflow_dispatch to this workflow instead.'
  },
  {
    name: 'ref',
    kind: 'line',
    option: 'ref',
    flag: 'ref',
    placeholder: 'REF',
    section: 'What to send',
    description: "workflow_dispatch: the branch or tag to run on. Default: each target's default branch.",
    help: "workflow_dispatch branch or tag (default: each target's default branch)."
  },
  {
    name: 'inputs',
    kind: 'json-object',
    option: 'inputs',
    flag: 'inputs',
    placeholder: 'JSON',
    section: 'What to send',
    description: 'workflow_dispatch: a JSON object of workflow inputs (at most 25; values strings, numbers or booleans).',
    help: 'workflow_dispatch inputs: an object of at most 25 strings/numbers/booleans.'
  },
  {
    name: 'max-concurrency',
    kind: 'count',
    option: 'maxConcurrency',
    flag: 'max-concurrency',
    placeholder: 'N',
    default: '5',
    section: 'What to send',
    description: 'How many dispatch requests may be in flight at once across all targets (1-100).',
    help: 'Dispatches in flight at once (1-100).'
  }
]
