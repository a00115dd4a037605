/**
 * Strings in, a validated Plan out. Pure: no network, no environment, no
 * `@actions/core`. Every error names the input, says what is wrong and what
 * form is expected.
 */
import { InputError } from '../model/errors.js'
import { parseJobNames } from './job-names.js'
import { parseAppKey, type AwsEnvironment } from './app-key.js'
import { parseBroker, refuseCancelDownstream } from './broker.js'
import {
  DISTINCT_ID_KEY,
  type AppKey,
  type BrokerSettings,
  type CreateJwt,
  type Mode,
  type Plan,
  type WaitSettings
} from '../model/plan.js'
import {
  checkSingleLine,
  CLIENT_PAYLOAD_MAX_KEYS,
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  MAX_WAIT_TIMEOUT_SECONDS,
  parseApiUrl,
  parseClientId,
  parseArtifactName,
  parseBoolean,
  parseClientPayload,
  parseEventType,
  parseInstallationId,
  parseLineCount,
  parseMaxConcurrency,
  parseRef,
  parseSeconds,
  parseTargetList,
  parseWorkflow,
  parseWorkflowInputs
} from './parsers.js'

/** Reads one raw input by its action.yml name; '' when not set. */
export type InputSource = (name: string) => string

/** Inputs that hold one line: a line break or control character in them is refused, never sent or printed. */
const SINGLE_LINE_INPUTS = new Set([
  'client-id',
  'app-id',
  'event-type',
  'workflow',
  'ref',
  'installation-id',
  'github-api-url',
  'max-concurrency',
  'wait',
  'wait-timeout',
  'poll-interval',
  'outputs-artifact',
  'cancel-downstream',
  'failure-log-lines',
  'aws-kms-key-id',
  'aws-region',
  'aws-role-to-assume',
  'broker-url',
  'broker-audience'
])

/**
 * `env`: where AWS defaults come from (AWS_REGION, credentials, the runner's
 * OIDC token URL), read only with `aws-kms-key-id`; `createJwt`: the
 * library's own signer instead of a key.
 */
export function parseInputs(get: InputSource, env: AwsEnvironment = {}, createJwt?: CreateJwt): Plan {
  const read = (name: string): string => {
    const value = get(name).trim()
    return SINGLE_LINE_INPUTS.has(name) ? checkSingleLine(name, value) : value
  }

  const broker = parseBroker(read, env, createJwt !== undefined)
  // Who holds the App: the broker, or this step (its ID and one way to sign).
  const auth: { broker: BrokerSettings } | { appId: string; appIdInput?: 'client-id'; appKey: AppKey } = broker
    ? { broker }
    : appAuth(read, env, createJwt)
  const { targets, duplicates } = parseTargetList(read('repository'))
  const wait = parseWait(read)
  if (broker && wait?.cancelDownstream) refuseCancelDownstream()
  const mode = parseMode(read, wait !== undefined)
  const base = {
    targets,
    mode,
    apiUrl: parseApiUrl(read('github-api-url')),
    maxConcurrency: parseMaxConcurrency(read('max-concurrency')),
    wait,
    ...(duplicates.length > 0 ? { duplicateTargets: duplicates } : {})
  }
  if ('broker' in auth) return { ...auth, ...base }

  const installationId = parseInstallationId(read('installation-id'))
  if (installationId !== undefined) {
    const owners = [...new Set(targets.map(t => t.owner.toLowerCase()))]
    if (owners.length > 1) {
      throw new InputError(
        'installation-id',
        `applies to one account, but repository names ${owners.length} owners (${owners.join(', ')}). ` +
          "Remove {installation-id} to look up each owner's installation, or use one step per owner."
      )
    }
  }
  return { ...auth, ...base, installationId }
}

/** The App's ID (from client-id or its older name app-id) and how its JWT is signed. */
function appAuth(
  read: (name: string) => string,
  env: AwsEnvironment,
  createJwt: CreateJwt | undefined
): { appId: string; appIdInput?: 'client-id'; appKey: AppKey } {
  const { appId, input } = parseClientId(read('client-id'), read('app-id'))
  return { appId, ...(input === 'client-id' ? { appIdInput: input } : {}), appKey: parseAppKey(read, env, createJwt) }
}

function parseMode(read: (name: string) => string, waiting: boolean): Mode {
  const workflow = read('workflow')
  if (workflow === '') {
    if (read('inputs') !== '') {
      throw new InputError(
        'inputs',
        'is for workflow_dispatch: set {workflow} too, or send data to repository_dispatch in {client-payload}.'
      )
    }
    if (read('ref') !== '') {
      throw new InputError('ref', 'applies to workflow_dispatch (set {workflow}); repository_dispatch always runs on the default branch.')
    }
    const clientPayloadJson = parseClientPayload(read('client-payload'))
    if (waiting) checkRoomForDistinctId(clientPayloadJson)
    return { kind: 'repository_dispatch', eventType: parseEventType(read('event-type')), clientPayloadJson }
  }
  if (read('event-type') !== '') {
    throw new InputError(
      'event-type',
      'is for repository_dispatch, but {workflow} is set, so a workflow_dispatch is sent. Remove one of the two.'
    )
  }
  if (read('client-payload') !== '') {
    throw new InputError(
      'client-payload',
      'is not sent with workflow_dispatch ({workflow} is set). Pass the values as {inputs}, a JSON object of the workflow\'s inputs, e.g. {"environment": "staging"}.'
    )
  }
  return {
    kind: 'workflow_dispatch',
    workflow: parseWorkflow(workflow),
    ref: parseRef(read('ref')),
    inputs: parseWorkflowInputs(read('inputs'))
  }
}

export function parseWait(read: (name: string) => string): WaitSettings | undefined {
  const wait = parseBoolean('wait', read('wait'), false)
  const timeoutSeconds = parseSeconds('wait-timeout', read('wait-timeout'), DEFAULT_WAIT_TIMEOUT_SECONDS, 1, MAX_WAIT_TIMEOUT_SECONDS)
  const pollIntervalSeconds = parseSeconds('poll-interval', read('poll-interval'), DEFAULT_POLL_INTERVAL_SECONDS, 1, 3600)
  const outputsArtifact = parseArtifactName(read('outputs-artifact'))
  const cancelDownstream = parseBoolean('cancel-downstream', read('cancel-downstream'), false)
  const failureLogLines = parseLineCount(read('failure-log-lines'))
  const jobs = parseJobNames(read('wait-jobs'))
  if (!wait && jobs.length > 0) {
    throw new InputError(
      'wait-jobs',
      'needs {wait}: it says which jobs of the followed run to wait for. Turn {wait} on or remove {wait-jobs}.'
    )
  }
  if (!wait && cancelDownstream) {
    throw new InputError(
      'cancel-downstream',
      'needs {wait}: only runs that are followed can be cancelled. Turn {wait} on or remove {cancel-downstream}.'
    )
  }
  return wait ? { timeoutSeconds, pollIntervalSeconds, outputsArtifact, cancelDownstream, failureLogLines, jobs } : undefined
}

/** With wait, the action adds distinct_id to client_payload: it must fit GitHub's limits. */
function checkRoomForDistinctId(clientPayloadJson: string): void {
  const payload = JSON.parse(clientPayloadJson) as Record<string, unknown>
  if (DISTINCT_ID_KEY in payload) {
    throw new InputError(
      'client-payload',
      `has a '${DISTINCT_ID_KEY}' property, which is added to find the run when {wait} is on. Rename yours.`
    )
  }
  if (Object.keys(payload).length >= CLIENT_PAYLOAD_MAX_KEYS) {
    throw new InputError(
      'client-payload',
      `has ${CLIENT_PAYLOAD_MAX_KEYS} top-level properties; with {wait} on, '${DISTINCT_ID_KEY}' is added to find the run, ` +
        `and GitHub allows at most ${CLIENT_PAYLOAD_MAX_KEYS}. Group two of yours under one key.`
    )
  }
}
