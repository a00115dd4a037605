/** JSON inputs: parsed with errors that say where the text breaks, or what it holds instead of an object. */
import { InputError } from '../model/errors.js'
import { detail } from '../model/wording.js'

/** JSON text that must hold an object; errors say where the JSON breaks, or what it is instead. */
export function parseJsonObject(input: string, value: string, expected: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new InputError(input, detail`is not valid JSON: ${describeJsonError(value, error)}`)
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
