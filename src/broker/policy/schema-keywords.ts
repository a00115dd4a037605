/**
 * A policy's `payload:` schema is checked keyword by keyword before it is
 * compiled. The validator (payload-schema.ts) interprets schemas without
 * checking them against the meta-schema, and ignores what it does not know:
 * a misspelt `enmu:`, a `format` it has no check for, or 2020-12's
 * `$dynamicRef` (which it does not implement) would silently allow more than
 * the policy's author meant. So every keyword must be one it implements,
 * with a value of the right kind, or the policy is refused (fail closed).
 *
 * Refused on purpose: `$id`, `$anchor`, `$dynamicRef`/`$dynamicAnchor`,
 * 2019-09's `$recursiveRef` and `dependencies`, and any `$ref` that is not a
 * JSON pointer into the same schema (`#/$defs/…`): a payload schema needs
 * none of them, and remote references are never fetched.
 */
import { format } from '@cfworker/json-schema'

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

type Kind =
  | 'schema'
  | 'schemas'
  | 'schema-map'
  | 'pattern-map'
  | 'strings'
  | 'string-arrays'
  | 'count'
  | 'number'
  | 'positive'
  | 'boolean'
  | 'string'
  | 'type'
  | 'array'
  | 'any'
  | 'pattern'
  | 'format'
  | 'ref'

const each = (kind: Kind, names: string[]): Array<[string, Kind]> => names.map(name => [name, kind])

/** The keywords the validator implements (plus annotations), with the kind of value each takes. */
const KEYWORDS: Record<string, Kind> = Object.fromEntries([
  ...each('schema', ['not', 'if', 'then', 'else', 'additionalProperties', 'unevaluatedProperties', 'propertyNames']),
  ...each('schema', ['items', 'contains', 'unevaluatedItems']),
  ...each('schemas', ['allOf', 'anyOf', 'oneOf', 'prefixItems']),
  ...each('schema-map', ['properties', 'dependentSchemas', '$defs']),
  ...each('count', ['minProperties', 'maxProperties', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minContains', 'maxContains']),
  ...each('number', ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']),
  ...each('string', ['title', 'description', '$comment']),
  ...each('boolean', ['uniqueItems', 'deprecated', 'readOnly', 'writeOnly']),
  ...each('array', ['enum', 'examples']),
  ...each('any', ['const', 'default']),
  ['patternProperties', 'pattern-map'],
  ['required', 'strings'],
  ['dependentRequired', 'string-arrays'],
  ['multipleOf', 'positive'],
  ['type', 'type'],
  ['pattern', 'pattern'],
  ['format', 'format'],
  ['$ref', 'ref']
])

const TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'])

/** Deeper than this is not a payload schema. */
const MAX_DEPTH = 32

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** What is wrong with a payload schema, or undefined when it may be compiled. */
export function schemaProblem(schema: unknown): string | undefined {
  if (!isObject(schema)) return 'payload must be a JSON Schema object'
  const dialect = schema['$schema']
  if (dialect !== undefined && dialect !== SCHEMA_DIALECT)
    return `payload: $schema must be '${SCHEMA_DIALECT}' (JSON Schema 2020-12) or absent`
  return walk(schema, schema, '', 0)
}

function walk(schema: unknown, root: Record<string, unknown>, at: string, depth: number): string | undefined {
  if (typeof schema === 'boolean') return undefined
  if (!isObject(schema)) return `payload${at || '/'}: a schema must be an object or a boolean`
  if (depth > MAX_DEPTH) return `payload${at}: nested deeper than ${MAX_DEPTH} levels`
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === '$schema' && depth === 0) continue
    const kind = KEYWORDS[keyword]
    const here = `${at}/${keyword}`
    if (kind === undefined)
      return `payload${here}: unknown or unsupported keyword '${keyword}' (a misspelt keyword would be ignored, so it is refused)`
    const problem = checkValue(kind, value, root, here, depth)
    if (problem !== undefined) return problem
  }
  return undefined
}

/** The problem with one keyword's value, naming where it is, or undefined. */
function checkValue(kind: Kind, value: unknown, root: Record<string, unknown>, at: string, depth: number): string | undefined {
  const nested = (child: unknown, path: string) => (): string | undefined => walk(child, root, path, depth + 1)
  if (kind === 'schema') return nested(value, at)()
  if (kind === 'schemas' && Array.isArray(value) && value.length > 0) return first(value.map((child, i) => nested(child, `${at}/${i}`)))
  if ((kind === 'schema-map' || kind === 'pattern-map') && isObject(value)) {
    const keyProblem = (key: string) => (): string | undefined => {
      const problem = kind === 'pattern-map' ? patternProblem(key) : undefined
      return problem === undefined ? undefined : `payload${at}: ${problem}`
    }
    return first(Object.entries(value).flatMap(([key, child]) => [keyProblem(key), nested(child, `${at}/${key}`)]))
  }
  const problem = leafProblem(kind, value, root)
  return problem === undefined ? undefined : `payload${at}: ${problem}`
}

/** The problem with a value that holds no schema, or undefined. */
function leafProblem(kind: Kind, value: unknown, root: Record<string, unknown>): string | undefined {
  switch (kind) {
    case 'schema':
      return undefined
    case 'schemas':
      return 'must be a non-empty list of schemas'
    case 'schema-map':
    case 'pattern-map':
      return 'must be a map of schemas'
    case 'strings':
      return Array.isArray(value) && value.every(v => typeof v === 'string') ? undefined : 'must be a list of strings'
    case 'string-arrays':
      return isObject(value) && Object.values(value).every(v => Array.isArray(v) && v.every(s => typeof s === 'string'))
        ? undefined
        : 'must map names to lists of strings'
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'must be a whole number, 0 or more'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number'
    case 'positive':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'must be a number above 0'
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string'
    case 'type': {
      const list: unknown[] = Array.isArray(value) ? value : [value]
      const known = list.length > 0 && list.every(t => typeof t === 'string' && TYPES.has(t))
      return known ? undefined : `must be one of ${[...TYPES].join(', ')}, or a list of them`
    }
    case 'array':
      return Array.isArray(value) ? undefined : 'must be a list'
    case 'any':
      return undefined
    case 'pattern':
      return typeof value === 'string' ? patternProblem(value) : 'must be a string'
    case 'format':
      return typeof value === 'string' && Object.hasOwn(format, value)
        ? undefined
        : `must be one of the formats the broker checks: ${Object.keys(format).join(', ')}`
    case 'ref':
      return refProblem(value, root)
  }
}

function first(checks: Array<() => string | undefined>): string | undefined {
  for (const check of checks) {
    const problem = check()
    if (problem !== undefined) return problem
  }
  return undefined
}

function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u')
    return undefined
  } catch {
    return `'${pattern}' is not a valid regular expression (ECMAScript, unicode mode)`
  }
}

/** `$ref` may only point into the same schema: `#` or `#/a/json/pointer` that resolves. */
function refProblem(ref: unknown, root: Record<string, unknown>): string | undefined {
  if (typeof ref !== 'string' || (ref !== '#' && !ref.startsWith('#/')))
    return "must be '#' or a JSON pointer into this schema such as '#/$defs/name'"
  let target: unknown = root
  for (const raw of ref === '#' ? [] : ref.slice(2).split('/')) {
    let part: string
    try {
      part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    } catch {
      return `'${ref}' is not a valid JSON pointer`
    }
    target = isObject(target) && Object.hasOwn(target, part) ? target[part] : Array.isArray(target) ? target[Number(part)] : undefined
    if (target === undefined) return `'${ref}' points to nothing in this schema`
  }
  return isObject(target) || typeof target === 'boolean' ? undefined : `'${ref}' points to something that is not a schema`
}
