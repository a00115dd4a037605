/**
 * Reading a policy or ceiling file: YAML with the limits a file from another
 * repository needs, and the small checks parse.ts and ceiling.ts share.
 */
import { parseDocument } from 'yaml'
import { hasControlCharacters } from '../../util/inert.js'
import { MAX_POLICY_BYTES } from './format.js'

/** Aliases a policy may resolve: enough to reuse a `from:` block, far too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 16

export type Read<T> = { value: T } | { problem: string }

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A value from a policy or a token, quoted for a reason: one line, whatever it holds. */
export function quote(text: string): string {
  return hasControlCharacters(text) || text.includes("'") ? JSON.stringify(text) : `'${text}'`
}

/**
 * The YAML document as plain data. YAML 1.2's core schema: no custom tags
 * (an unknown tag is a problem, not a string), no merge keys, unique keys,
 * one document.
 */
export function readYaml(text: string): Read<unknown> {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_POLICY_BYTES) return { problem: `the file is ${bytes} bytes; at most ${MAX_POLICY_BYTES} are read` }
  const document = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    customTags: [],
    merge: false,
    uniqueKeys: true,
    prettyErrors: false
  })
  const trouble = document.errors[0] ?? document.warnings[0]
  if (trouble !== undefined) return { problem: `not valid YAML: ${trouble.message.split('\n')[0]}` }
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown }
  } catch (error) {
    return { problem: `not usable YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }
  }
}

/** The problem with keys outside `allowed`, or undefined. */
export function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): string | undefined {
  const unknown = Object.keys(value).filter(key => !allowed.includes(key))
  if (unknown.length === 0) return undefined
  return `${where}unknown key ${unknown.map(quote).join(', ')} (allowed: ${allowed.join(', ')})`
}

/** `version: 1` and an `allow:` list, the top of both files. */
export function readTop(value: unknown, allowed: readonly string[]): Read<unknown[]> {
  if (!isObject(value)) return { problem: 'the file must be a YAML map with version: 1 and allow: [rules]' }
  const unknown = unknownKeys(value, allowed, '')
  if (unknown !== undefined) return { problem: unknown }
  const version = value['version']
  if (version !== 1) return { problem: `version must be 1 (found ${version === undefined ? 'none' : quote(JSON.stringify(version))})` }
  const allow = value['allow']
  if (!Array.isArray(allow)) return { problem: 'allow must be a list of rules' }
  return { value: allow }
}

/** A non-empty list of non-empty strings. */
export function stringList(value: unknown, what: string): Read<string[]> {
  if (!Array.isArray(value) || value.length === 0 || !value.every(v => typeof v === 'string' && v !== '')) {
    return { problem: `${what} must be a non-empty list of names` }
  }
  return { value: value as string[] }
}
