/**
 * The json-object inputs (client-payload, inputs): text parsed with errors
 * that say where it breaks or what it holds instead of an object, or the
 * library's object; then GitHub's limits.
 */
import { InputError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import type { WorkflowInputValue } from '../model/plan.js'

/** GitHub's limits for client_payload and for workflow_dispatch inputs. */
export const CLIENT_PAYLOAD_MAX_KEYS = 10
export const CLIENT_PAYLOAD_MAX_BYTES = 64 * 1024
export const WORKFLOW_INPUTS_MAX_KEYS = 25

/** JSON text that must hold an object; errors say where the JSON breaks, or what it is instead. */
export function parseJsonObject(input: string, value: string, expected: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new InputError(input, msg`is not valid JSON: ${describeJsonError(value, error)}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`
    throw new InputError(input, `must be ${expected}, not ${kind}.`)
  }
  return parsed as Record<string, unknown>
}

/** "line 2, column 14 (near '}')" from a JSON.parse error, on any Node version. */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const match = /position (\d+)/.exec(message)
  let position: number | undefined = match ? Number(match[1]) : undefined
  if (position === undefined && /Unexpected end of JSON input/.test(message)) position = text.length
  if (position === undefined) return message
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  const found = position >= text.length ? 'the end of the text' : `'${text.charAt(position)}'`
  return `it breaks at line ${line}, column ${column}, at ${found}. Check quotes around keys and strings, and commas between entries.`
}

/**
 * Validates the payload and returns its JSON text: text unchanged ('{}' when
 * empty), an object as JSON.stringify writes it (once; what is sent).
 */
export function parseClientPayload(given: string | Readonly<Record<string, unknown>>): string {
  const value = typeof given === 'string' ? given : JSON.stringify(given)
  if (value === '') return '{}'
  const parsed = parseJsonObject('client-payload', value, 'a JSON object such as {"version": "1.2.3"}')
  const keys = Object.keys(parsed)
  if (keys.length > CLIENT_PAYLOAD_MAX_KEYS) {
    throw new InputError(
      'client-payload',
      `has ${keys.length} top-level properties; GitHub allows at most ${CLIENT_PAYLOAD_MAX_KEYS}. Group some under one key, e.g. {"build": {...}}.`
    )
  }
  const bytes = Buffer.byteLength(JSON.stringify(parsed), 'utf8')
  if (bytes >= CLIENT_PAYLOAD_MAX_BYTES) {
    throw new InputError(
      'client-payload',
      `is ${bytes} bytes as JSON; GitHub requires less than ${CLIENT_PAYLOAD_MAX_BYTES} (64 KB). Send a reference (a URL, a commit SHA, an artifact name) instead of the data.`
    )
  }
  return value
}

/** Text is parsed; an object is checked as the JSON it is sent as (JSON.stringify drops undefined values, as before). */
export function parseWorkflowInputs(given: string | Readonly<Record<string, unknown>>): Record<string, WorkflowInputValue> {
  const value = typeof given === 'string' ? given : JSON.stringify(given)
  if (value === '') return {}
  const parsed = parseJsonObject('inputs', value, 'a JSON object of workflow inputs, such as {"environment": "staging", "dry_run": false}')
  const entries = Object.entries(parsed)
  if (entries.length > WORKFLOW_INPUTS_MAX_KEYS) {
    throw new InputError(
      'inputs',
      `has ${entries.length} properties; GitHub allows at most ${WORKFLOW_INPUTS_MAX_KEYS} workflow inputs. Combine some into one JSON string input.`
    )
  }
  for (const [key, item] of entries) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      const kind = item === null ? 'null' : Array.isArray(item) ? 'an array' : 'an object'
      throw new InputError(
        'inputs',
        msg`'${key}' is ${kind}; workflow inputs are strings, numbers or booleans. Pass structured data as a JSON string and parse it in the workflow with fromJSON().`
      )
    }
  }
  return parsed as Record<string, WorkflowInputValue>
}
