/**
 * Every input, declared once: its action.yml name and description, the
 * library option, the CLI flag (and environment variable), the default and
 * the help line. The action reads by `name`, the library maps `option` to
 * it, the CLI builds its parser and --help from this table, and a test
 * checks action.yml and the README's tables against it. Parsing and
 * validation live in inputs.ts, keyed by `name`.
 */

export type Section = 'The App' | 'What to send' | 'Waiting'

export interface InputDeclaration {
  /** As in action.yml and `Input 'name'` messages. */
  name: string
  /** The library's option (DispatchOptions key). */
  option: string
  /** The CLI flag, without `--`. */
  flag: string
  /** The CLI's value placeholder; absent for a boolean flag. */
  placeholder?: string
  /** The CLI may be given several (repeated or comma-separated). */
  multiple?: boolean
  /** The CLI's fallback environment variable. */
  env?: string
  /** Used when the input is not given (as text). */
  default?: string
  /** action.yml's default where it differs (an expression the runner fills in). */
  actionDefault?: string
  /** Required in action.yml. */
  required?: boolean
  section: Section
  /** action.yml's description. */
  description: string
  /** The CLI's one-line help. */
  help: string
}

export const INPUTS: readonly InputDeclaration[] = [
  {
    name: 'client-id',
    option: 'clientId',
    flag: 'client-id',
    placeholder: 'ID',
    env: 'GITHUB_APP_CLIENT_ID',
    section: 'The App',
    description:
      "The GitHub App's Client ID (Iv…), the JWT issuer GitHub recommends; its numeric App ID works too. Required unless app-id, its older name, or broker-url is set.",
    help: "The App's Client ID (Iv…) or numeric App ID."
  },
  {
    name: 'app-id',
    option: 'appId',
    flag: 'app-id',
    placeholder: 'ID',
    env: 'GITHUB_APP_ID',
    section: 'The App',
    description:
      "The older name of client-id, still accepted: the GitHub App's numeric App ID or its Client ID (Iv…). Give one of the two (both only if equal).",
    help: 'The older name of --client-id (App ID or Client ID).'
  },
  {
    name: 'private-key',
    option: 'privateKey',
    flag: 'private-key',
    placeholder: 'PEM',
    env: 'GITHUB_APP_PRIVATE_KEY',
    section: 'The App',
    description:
      "The App's private key (PEM, PKCS#1 or PKCS#8). Literal \\n line breaks and base64-encoded PEM are accepted. Pass it from a secret. Required unless aws-kms-key-id or broker-url is set.",
    help: 'The key itself (prefer --private-key-file or the variable: flags show up in process listings).'
  },
  {
    name: 'aws-kms-key-id',
    option: 'awsKmsKeyId',
    flag: 'aws-kms-key-id',
    placeholder: 'KEY',
    env: 'GITHUB_APP_KMS_KEY_ID',
    section: 'The App',
    description:
      "Instead of private-key: the AWS KMS key (ID, ARN or alias) that holds the App's private key and signs its JWT; the key never leaves KMS (see docs/keyless.md). AWS credentials come from the environment or from aws-role-to-assume.",
    help: "Sign the App's JWT with this AWS KMS key instead of a private key (ID, ARN or alias/NAME)."
  },
  {
    name: 'aws-region',
    option: 'awsRegion',
    flag: 'aws-region',
    placeholder: 'REGION',
    section: 'The App',
    description: "With aws-kms-key-id: the key's region. Default: the region in the key's ARN, else AWS_REGION or AWS_DEFAULT_REGION.",
    help: "The KMS key's region. Default: the key ARN's, else $AWS_REGION, else $AWS_DEFAULT_REGION."
  },
  {
    name: 'aws-role-to-assume',
    option: 'awsRoleToAssume',
    flag: 'aws-role-to-assume',
    placeholder: 'ARN',
    section: 'The App',
    description:
      "With aws-kms-key-id: an IAM role to assume with the job's OIDC token (the job needs permissions: id-token: write) for 15 minutes; the credentials stay in this step, masked. Default: the credentials in the environment.",
    help: "With --aws-kms-key-id in a GitHub Actions job: assume this IAM role with the job's OIDC token."
  },
  {
    name: 'installation-id',
    option: 'installationId',
    flag: 'installation-id',
    placeholder: 'ID',
    section: 'The App',
    description: "The App installation's ID. When set, the installation lookup is skipped.",
    help: 'Skip the installation lookup (one owner only).'
  },
  {
    name: 'broker-url',
    option: 'brokerUrl',
    flag: 'broker-url',
    placeholder: 'URL',
    env: 'APP_DISPATCH_BROKER_URL',
    section: 'The App',
    description:
      "Instead of app-id and a key: the dispatch broker that holds the App (docs/broker.md). The step sends it the job's OIDC token (the job needs permissions: id-token: write) and holds no key; the target repository's policy decides. https only (plain http only for 127.0.0.1, localhost or [::1]).",
    help: "Dispatch through this broker (it holds the App) with the job's OIDC token, instead of --app-id and a key."
  },
  {
    name: 'broker-audience',
    option: 'brokerAudience',
    flag: 'broker-audience',
    placeholder: 'AUD',
    env: 'APP_DISPATCH_BROKER_AUDIENCE',
    section: 'The App',
    description: "With broker-url: the audience (aud) of the job's OIDC token, as the broker is configured. Default: broker-url's origin.",
    help: "With --broker-url: the OIDC token's audience. Default: the broker URL's origin."
  },
  {
    name: 'github-api-url',
    option: 'apiUrl',
    flag: 'api-url',
    placeholder: 'URL',
    env: 'GITHUB_API_URL',
    default: 'https://api.github.com',
    actionDefault: '${{ github.api_url }}',
    section: 'The App',
    description:
      'The REST API URL; https://HOST/api/v3 for GitHub Enterprise Server. https only (plain http only for 127.0.0.1, localhost or [::1]).',
    help: 'REST API URL (GitHub Enterprise Server: https://HOST/api/v3).'
  },
  {
    name: 'repository',
    option: 'repository',
    flag: 'repository',
    placeholder: 'OWNER/REPO',
    multiple: true,
    actionDefault: '${{ github.repository }}',
    section: 'What to send',
    description: 'One or more target repositories, owner/repo, separated by newlines or commas.',
    help: 'Target; repeat it or separate several with commas.'
  },
  {
    name: 'event-type',
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
    option: 'ref',
    flag: 'ref',
    placeholder: 'REF',
    section: 'What to send',
    description: "workflow_dispatch: the branch or tag to run on. Default: each target's default branch.",
    help: "workflow_dispatch branch or tag (default: each target's default branch)."
  },
  {
    name: 'inputs',
    option: 'inputs',
    flag: 'inputs',
    placeholder: 'JSON',
    section: 'What to send',
    description: 'workflow_dispatch: a JSON object of workflow inputs (at most 25; values strings, numbers or booleans).',
    help: 'workflow_dispatch inputs: an object of at most 25 strings/numbers/booleans.'
  },
  {
    name: 'max-concurrency',
    option: 'maxConcurrency',
    flag: 'max-concurrency',
    placeholder: 'N',
    default: '5',
    section: 'What to send',
    description: 'How many dispatch requests may be in flight at once across all targets (1-100).',
    help: 'Dispatches in flight at once (1-100).'
  },
  {
    name: 'wait',
    option: 'wait',
    flag: 'wait',
    default: 'false',
    section: 'Waiting',
    description: 'Wait for the run each dispatch started and fail when it does not succeed (true/false).',
    help: 'Follow each started run; fail unless every run succeeds.'
  },
  {
    name: 'wait-timeout',
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
    option: 'waitJobs',
    flag: 'wait-jobs',
    placeholder: 'NAMES',
    multiple: true,
    section: 'Waiting',
    description:
      "With wait: end the wait when these jobs of the run have concluded, not the whole run (job names, separated by commas or newlines; a matrix job by its full name, build (ubuntu, 22), or by the name before ' (', build). The step's conclusion is theirs; outputs are read as soon as they are done; cancel-downstream and failure-log-lines apply to them. A name no job of the run has, once the run has completed, fails the target.",
    help: "Wait only for these jobs (names; a matrix job by 'build' or its full name)."
  },
  {
    name: 'outputs-artifact',
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

const BY_NAME = new Map(INPUTS.map(input => [input.name, input]))

export function declaration(name: string): InputDeclaration | undefined {
  return BY_NAME.get(name)
}

/** How a front end names an input in its messages. */
export type Terms = (name: string) => string

export const ACTION_TERMS: Terms = name => name
export const CLI_TERMS: Terms = name => `--${declaration(name)?.flag ?? name}`
export const LIBRARY_TERMS: Terms = name => declaration(name)?.option ?? name

/**
 * Messages name other inputs as `{name}` (e.g. "Raise {wait-timeout}"), and a
 * setting to write as `{name=value}` ("did you mean {workflow=deploy.yml}?");
 * each front end renders them in its own words: `workflow: deploy.yml` in a
 * workflow's `with:` or an options object, `--workflow deploy.yml` on the
 * command line. Braces around anything that is not an input (JSON,
 * {owner}/{repo}) are left alone.
 */
export function renderTerms(text: string, terms: Terms): string {
  return text.replace(/\{([a-z][a-z-]*)(?:=([^{}\s]+))?\}/g, (whole, name: string, value: string | undefined) => {
    if (!BY_NAME.has(name)) return whole
    const term = terms(name)
    if (value === undefined) return term
    return term.startsWith('--') ? `${term} ${value}` : `${term}: ${value}`
  })
}
