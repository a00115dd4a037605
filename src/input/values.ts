/**
 * The raw values of the inputs, by kind (model/input-declaration.ts): text
 * from a workflow's `with:`, a CLI flag or a variable, or the library's
 * typed value, which is taken as given (an array is not split again, an
 * object is not turned into text to be parsed again). Checks each value's
 * type first, in the table's order, so a JavaScript caller (or a JSON
 * config) passing the wrong type learns it as clearly as a wrong value.
 */
import { InputError } from '../model/errors.js'
import { INPUTS, type InputDeclaration, type InputKind } from '../model/input-table.js'
import { checkSingleLine } from './parsers.js'

/** A value as a front end holds it; undefined (or null) is not given: the input's default applies. */
export type InputValue = string | number | boolean | readonly string[] | Readonly<Record<string, unknown>> | null | undefined

/** Reads one raw input by its action.yml name. */
export type InputSource = (name: string) => InputValue

type Scalar = string | number | boolean

/** What each kind takes besides a string, number or boolean, and how a wrong type is answered. */
const TYPED: Partial<Record<InputKind, { accepts: (value: object) => boolean; expected: string }>> = {
  list: {
    accepts: value => Array.isArray(value) && value.every(item => typeof item === 'string'),
    expected: 'a string or an array of strings'
  },
  'json-object': { accepts: value => !Array.isArray(value), expected: 'an object or JSON text' }
}

/** Kinds that hold one line of text when given as text. */
const ONE_LINE: ReadonlySet<InputKind> = new Set(['line', 'boolean', 'count', 'seconds'])

function checkType(input: InputDeclaration, value: unknown): void {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return
  const typed = TYPED[input.kind]
  if (typed && typeof value === 'object' && value !== null && typed.accepts(value)) return
  const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`
  throw new InputError(input.name, `is ${kind}; expected ${typed?.expected ?? 'a string, number or boolean'}.`)
}

export interface InputValues {
  /** A line or text input (or any scalar) as text, trimmed; a one-line kind's text is checked to be one line. */
  text: (name: string) => string
  /** Whether the input holds anything (not '' nor only blank elements). */
  given: (name: string) => boolean
  /** A list: its text, or the library's array as given. */
  list: (name: string) => string | readonly string[]
  /** A JSON object: its text, or the library's object as given. */
  object: (name: string) => string | Readonly<Record<string, unknown>>
  /** A boolean: its text, or the library's boolean. */
  flag: (name: string) => string | boolean
  /** A count or seconds: its text, or the library's number. */
  number: (name: string) => string | number
}

export function inputValues(get: InputSource): InputValues {
  const values = new Map<string, Exclude<InputValue, null | undefined>>()
  for (const input of INPUTS) {
    const value = get(input.name) ?? input.default ?? ''
    checkType(input, value)
    values.set(input.name, typeof value === 'string' ? value.trim() : value)
  }
  const raw = (name: string): Exclude<InputValue, null | undefined> => values.get(name) ?? ''
  const scalar = (name: string): Scalar | undefined => {
    const value = raw(name)
    return typeof value === 'object' ? undefined : value
  }
  const text = (name: string): string => {
    const value = raw(name)
    if (typeof value !== 'string') return typeof value === 'object' ? '' : String(value)
    const kind = INPUTS.find(input => input.name === name)?.kind
    return kind && ONE_LINE.has(kind) ? checkSingleLine(name, value) : value
  }
  return {
    text,
    given: name => {
      const value = raw(name)
      if (Array.isArray(value)) return value.some((item: string) => item.trim() !== '')
      return typeof value === 'object' || String(value) !== ''
    },
    list: name => {
      const value = raw(name)
      return Array.isArray(value) ? (value as readonly string[]) : text(name)
    },
    object: name => {
      const value = raw(name)
      return typeof value === 'object' && !Array.isArray(value) ? (value as Readonly<Record<string, unknown>>) : text(name)
    },
    flag: name => {
      const value = scalar(name)
      return typeof value === 'boolean' ? value : text(name)
    },
    number: name => {
      const value = scalar(name)
      return typeof value === 'number' ? value : text(name)
    }
  }
}
