/**
 * The `payload:` of a policy rule: a JSON Schema (2020-12) that
 * `client_payload` or the workflow's inputs must satisfy.
 *
 * Validator: @cfworker/json-schema (MIT, no dependencies), not ajv.
 * - Why: policies come from the target repositories, that is from people
 *   other than the broker's owner. ajv compiles each schema into JavaScript
 *   source and evaluates it with `new Function`; a bug in its code generation
 *   becomes code execution inside the process that holds the App's key.
 *   @cfworker/json-schema interprets the schema: nothing from a policy is
 *   ever run as code. It implements 2020-12's keywords (`prefixItems`,
 *   `$defs`, `dependentSchemas`, `unevaluated*`) except `$dynamicRef`, and
 *   does not check a schema against the meta-schema, so schema-keywords.ts
 *   refuses what it would ignore.
 * - Measured on this machine (Node 22, 2 cores) with a typical deploy schema
 *   (6 properties: an enum, a pattern, an array of strings, a boolean, an
 *   integer range, additionalProperties false):
 *     compile:  cfworker 13 µs;  ajv 2.2 ms on a warm instance, 10 ms with a
 *               new Ajv, and ~95-150 ms for the first compile of a process
 *               (it compiles the 2020-12 meta-schema first).
 *     validate (valid payload): cfworker 7.3 µs (11.6 µs collecting all
 *               errors); ajv 0.46 µs. Invalid: cfworker 2.6 µs, ajv 0.17 µs.
 *     bundle (ncc -m of an entry importing only the validator): cfworker
 *               25.6 KB (6.7 KB gzip); ajv 2020 151.6 KB (40.2 KB gzip).
 *     module load from the bundle: cfworker ~3 ms, ajv ~24 ms.
 *   ajv validates faster, but a broker compiles each policy once per read
 *   (policies are cached at most 60 s) and validates one payload per request:
 *   cfworker is ahead on every path the broker takes, on a cold Lambda most.
 * - shortCircuit: true (the constructor's third argument) stops at the first
 *   failing keyword; one reason per rule is what a denial shows.
 */
import { Validator, type Schema } from '@cfworker/json-schema'
import { schemaProblem } from './schema-keywords.js'

/** Keywords whose error only says that a subschema failed; the subschema's own error says why. */
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'prefixItems',
  '$ref',
  'allOf',
  'dependentSchemas',
  'then',
  'else',
  'contains',
  'unevaluatedItems',
  'propertyNames'
])

export interface PayloadSchema {
  /** Why `payload` fails the schema (`/environment: enum: …`), or undefined when it passes. */
  check(payload: Record<string, unknown>): string | undefined
}

/** Checks and compiles a rule's `payload:` once, when the policy is read. */
export function compilePayloadSchema(schema: unknown): { schema: PayloadSchema } | { problem: string } {
  const problem = schemaProblem(schema)
  if (problem !== undefined) return { problem }
  let validator: Validator
  try {
    // The validator annotates the schema it is given: give it its own copy.
    validator = new Validator(structuredClone(schema) as Schema, '2020-12', true)
  } catch (error) {
    return { problem: `payload: not a usable JSON Schema (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` }
  }
  return { schema: { check: payload => checkPayload(validator, payload) } }
}

function checkPayload(validator: Validator, payload: Record<string, unknown>): string | undefined {
  let errors
  try {
    const result = validator.validate(payload)
    if (result.valid) return undefined
    errors = result.errors
  } catch (error) {
    // Fail closed: a schema the validator cannot apply (e.g. a $ref to something that is not a schema) allows nothing.
    return `/: the policy's schema could not be applied, so nothing is allowed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`
  }
  // The innermost error says why: 'properties' only says "property x does not match".
  let index = errors.length - 1
  while (index > 0 && WRAPPERS.has(errors[index]?.keyword ?? '')) index--
  const cause = errors[index]
  if (cause === undefined) return 'does not match the schema'
  // instanceLocation is a URI fragment: '#/environment', percent-encoded (so a key from the payload stays on one line).
  const at = cause.instanceLocation.replace(/^#/, '') || '/'
  if (cause.keyword !== 'false') return `${at}: ${cause.keyword}: ${cause.error}`
  // A `false` schema: the keyword that led there (additionalProperties: false, …) says more.
  const parent = errors[index - 1]?.keyword ?? 'schema'
  return `${at}: ${parent}: not allowed here`
}
