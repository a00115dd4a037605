/**
 * The body of `POST /dispatch`, checked by the same parsers as the action's
 * inputs (so a request the step could not have made is refused the same
 * way), with messages in the protocol's field names.
 */
import { createHash } from 'node:crypto'
import { InputError } from '../model/errors.js'
import { BROKER_DISTINCT_ID } from '../model/broker-protocol.js'
import { DISTINCT_ID_KEY, type Target, type WorkflowInputValue } from '../model/plan.js'
import { parseClientPayload, parseEventType, parseRef, parseRepository, parseWorkflow, parseWorkflowInputs } from '../input/parsers.js'
import { REQUEST_WORDING } from './wording.js'

/** A checked request. */
export type DispatchAsk = {
  target: Target
  distinctId: string
  wait: boolean
} & (
  | { kind: 'repository_dispatch'; eventType: string; clientPayload: Record<string, unknown> }
  | { kind: 'workflow_dispatch'; workflow: string; ref: string | undefined; inputs: Record<string, WorkflowInputValue> }
)

const KNOWN = new Set(['repository', 'distinct_id', 'wait', 'event_type', 'client_payload', 'workflow', 'ref', 'inputs'])

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function text(body: Record<string, unknown>, name: string, required: boolean): string {
  const value = body[name]
  if (value === undefined && !required) return ''
  if (typeof value === 'string' || (name === 'workflow' && typeof value === 'number')) return String(value)
  throw new InputError(name, value === undefined ? 'is required.' : 'must be a string.', REQUEST_WORDING, { required: value === undefined })
}

/** Throws InputError (worded for the protocol) for anything the step could not have sent. */
export function parseAsk(rawBody: string): DispatchAsk {
  let body: unknown
  let inexact: string | undefined
  try {
    body = JSON.parse(rawBody, (_key, value: unknown, context?: { source?: string }) => {
      inexact ??= inexactNumber(value, context?.source)
      return value
    })
  } catch {
    throw new InputError('body', 'is not JSON: send the dispatch as a JSON object.', REQUEST_WORDING)
  }
  // The broker sends what it parsed: a number JavaScript cannot hold exactly would reach GitHub changed.
  if (inexact !== undefined) {
    throw new InputError(
      'body',
      `holds the number ${inexact.slice(0, 40)}, which the broker cannot carry exactly (integers up to ${Number.MAX_SAFE_INTEGER}): send it as a string.`,
      REQUEST_WORDING
    )
  }
  if (!isObject(body)) throw new InputError('body', 'must be a JSON object.', REQUEST_WORDING)
  for (const key of Object.keys(body)) {
    if (!KNOWN.has(key))
      throw new InputError(key, `is not a field of the broker's dispatch request (known: ${[...KNOWN].join(', ')}).`, REQUEST_WORDING)
  }
  try {
    const target = parseRepository(text(body, 'repository', true))
    const distinctId = text(body, 'distinct_id', true)
    if (!BROKER_DISTINCT_ID.test(distinctId))
      throw new InputError('distinct_id', 'must be 8 to 64 letters, digits, - or _ (a fresh UUID per dispatch).', REQUEST_WORDING)
    if (body['wait'] !== undefined && typeof body['wait'] !== 'boolean')
      throw new InputError('wait', 'must be true or false.', REQUEST_WORDING)
    const wait = body['wait'] === true
    const hasEvent = body['event_type'] !== undefined
    const hasWorkflow = body['workflow'] !== undefined
    if (hasEvent === hasWorkflow)
      throw new InputError('event_type', 'or workflow: give exactly one (repository_dispatch or workflow_dispatch).', REQUEST_WORDING)
    if (hasEvent) {
      for (const other of ['ref', 'inputs'])
        if (body[other] !== undefined) throw new InputError(other, 'applies only to workflow_dispatch.', REQUEST_WORDING)
      const payload = body['client_payload'] ?? {}
      if (!isObject(payload)) throw new InputError('client-payload', 'must be a JSON object.', REQUEST_WORDING)
      if (DISTINCT_ID_KEY in payload)
        throw new InputError(
          'client-payload',
          `holds ${DISTINCT_ID_KEY}, which the broker adds from the request's distinct_id: leave it out.`
        )
      // The parser counts keys and bytes with distinct_id added, as GitHub will.
      parseClientPayload(JSON.stringify({ ...payload, [DISTINCT_ID_KEY]: distinctId }))
      return {
        target,
        distinctId,
        wait,
        kind: 'repository_dispatch',
        eventType: parseEventType(text(body, 'event_type', true)),
        clientPayload: payload
      }
    }
    if (body['client_payload'] !== undefined)
      throw new InputError('client-payload', 'applies only to repository_dispatch.', REQUEST_WORDING)
    const inputs = body['inputs'] ?? {}
    if (!isObject(inputs)) throw new InputError('inputs', 'must be a JSON object.', REQUEST_WORDING)
    return {
      target,
      distinctId,
      wait,
      kind: 'workflow_dispatch',
      workflow: parseWorkflow(text(body, 'workflow', true)),
      ref: parseRef(text(body, 'ref', false)),
      inputs: parseWorkflowInputs(JSON.stringify(inputs))
    }
  } catch (error) {
    throw error instanceof InputError ? error.reword(REQUEST_WORDING) : error
  }
}

/** The idempotency key: the target (as GitHub compares names, without case) and the caller's distinct_id. */
export const idempotencyKey = (ask: DispatchAsk): string => `dispatch#${ask.target.fullName.toLowerCase()}#${ask.distinctId}`

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

/** What makes two requests "the same": what would be sent, and who asked (a different caller's request under the same key is not a repeat). */
export function requestHash(ask: DispatchAsk, caller: { repository_id: string; job_workflow_ref: string; run_id: string }): string {
  const { target, ...rest } = ask
  // Only these: a retry carries a fresh token (new jti, iat, exp) and must still be the same request.
  const { repository_id, job_workflow_ref, run_id } = caller
  const what = { ...rest, repository: target.fullName.toLowerCase(), caller: { repository_id, job_workflow_ref, run_id } }
  return createHash('sha256').update(canonicalJson(what)).digest('hex')
}

/** What the target receives: the payload with distinct_id (repository_dispatch), or the inputs as given. */
export function payloadOf(ask: DispatchAsk): Record<string, unknown> {
  return ask.kind === 'repository_dispatch' ? ask.clientPayload : ask.inputs
}

/** An integer literal outside the range a double holds exactly (Node 22's JSON.parse hands the reviver its source text). */
function inexactNumber(value: unknown, source: string | undefined): string | undefined {
  if (typeof value !== 'number' || source === undefined || !/^-?\d+$/.test(source)) return undefined
  return Number.isSafeInteger(value) ? undefined : source
}
