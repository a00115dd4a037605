/**
 * Strings in, a validated Plan out. Pure: no network, no environment, no
 * `@actions/core`. Every error names the input, says what is wrong and what
 * form is expected.
 */
import { InputError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import { parseJobNames } from './job-names.js'
import { parseAppKey, type AwsEnvironment } from './app-key.js'
import { parseBroker, refuseCancelDownstream } from './broker.js'
import { inputValues, type InputSource, type InputValues } from './values.js'
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

export type { InputSource, InputValue } from './values.js'

/**
 * `env`: where AWS defaults come from (AWS_REGION, credentials, the runner's
 * OIDC token URL), read only with `aws-kms-key-id`; `createJwt`: the
 * library's own signer instead of a key.
 */
export function parseInputs(get: InputSource, env: AwsEnvironment = {}, createJwt?: CreateJwt): Plan {
  return planFrom(inputValues(get), env, createJwt)
}

/** parseInputs for values already read (and their types checked). */
export function planFrom(values: InputValues, env: AwsEnvironment = {}, createJwt?: CreateJwt): Plan {
  const read = values.text

  const broker = parseBroker(read, env, createJwt !== undefined)
  // Who holds the App: the broker, or this step (its ID and one way to sign).
  const auth: { broker: BrokerSettings } | { appId: string; appIdInput?: 'client-id'; appKey: AppKey } = broker
    ? { broker }
    : appAuth(read, env, createJwt)
  const { targets, duplicates } = parseTargetList(values.list('repository'))
  const wait = parseWait(values)
  if (broker && wait?.cancelDownstream) refuseCancelDownstream()
  const mode = parseMode(values, wait !== undefined)
  const base = {
    targets,
    mode,
    apiUrl: parseApiUrl(read('github-api-url')),
    maxConcurrency: parseMaxConcurrency(values.number('max-concurrency')),
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
          msg`Remove {installation-id} to look up each owner's installation, or use one step per owner.`
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

function parseMode(values: InputValues, waiting: boolean): Mode {
  const workflow = values.text('workflow')
  if (workflow === '') {
    if (values.given('inputs')) {
      throw new InputError(
        'inputs',
        msg`is for workflow_dispatch: set {workflow} too, or send data to repository_dispatch in {client-payload}.`
      )
    }
    if (values.given('ref')) {
      throw new InputError(
        'ref',
        msg`applies to workflow_dispatch (set {workflow}); repository_dispatch always runs on the default branch.`
      )
    }
    const clientPayloadJson = parseClientPayload(values.object('client-payload'))
    if (waiting) checkRoomForDistinctId(clientPayloadJson)
    return { kind: 'repository_dispatch', eventType: parseEventType(values.text('event-type')), clientPayloadJson }
  }
  if (values.given('event-type')) {
    throw new InputError(
      'event-type',
      msg`is for repository_dispatch, but {workflow} is set, so a workflow_dispatch is sent. Remove one of the two.`
    )
  }
  if (values.given('client-payload')) {
    throw new InputError(
      'client-payload',
      msg`is not sent with workflow_dispatch ({workflow} is set). Pass the values as {inputs}, a JSON object of the workflow's inputs, e.g. {"environment": "staging"}.`
    )
  }
  return {
    kind: 'workflow_dispatch',
    workflow: parseWorkflow(workflow),
    ref: parseRef(values.text('ref')),
    inputs: parseWorkflowInputs(values.object('inputs'))
  }
}

/** The wait settings, from the inputs' values (or a source to read them from). */
export function parseWait(from: InputValues | InputSource): WaitSettings | undefined {
  const values = typeof from === 'function' ? inputValues(from) : from
  const wait = parseBoolean('wait', values.flag('wait'), false)
  const timeoutSeconds = parseSeconds(
    'wait-timeout',
    values.number('wait-timeout'),
    DEFAULT_WAIT_TIMEOUT_SECONDS,
    1,
    MAX_WAIT_TIMEOUT_SECONDS
  )
  const pollIntervalSeconds = parseSeconds('poll-interval', values.number('poll-interval'), DEFAULT_POLL_INTERVAL_SECONDS, 1, 3600)
  const outputsArtifact = parseArtifactName(values.text('outputs-artifact'))
  const cancelDownstream = parseBoolean('cancel-downstream', values.flag('cancel-downstream'), false)
  const failureLogLines = parseLineCount(values.number('failure-log-lines'))
  const jobs = parseJobNames(values.list('wait-jobs'))
  if (!wait && jobs.length > 0) {
    throw new InputError(
      'wait-jobs',
      msg`needs {wait}: it says which jobs of the followed run to wait for. Turn {wait} on or remove {wait-jobs}.`
    )
  }
  if (!wait && cancelDownstream) {
    throw new InputError(
      'cancel-downstream',
      msg`needs {wait}: only runs that are followed can be cancelled. Turn {wait} on or remove {cancel-downstream}.`
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
      msg`has a '${DISTINCT_ID_KEY}' property, which is added to find the run when {wait} is on. Rename yours.`
    )
  }
  if (Object.keys(payload).length >= CLIENT_PAYLOAD_MAX_KEYS) {
    throw new InputError(
      'client-payload',
      msg`has ${CLIENT_PAYLOAD_MAX_KEYS} top-level properties; with {wait} on, '${DISTINCT_ID_KEY}' is added to find the run, ` +
        `and GitHub allows at most ${CLIENT_PAYLOAD_MAX_KEYS}. Group two of yours under one key.`
    )
  }
}
