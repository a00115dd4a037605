/**
 * `wait-jobs`: the names of the downstream jobs a wait ends with. Parsing
 * (a shared leaf, used by inputs.ts) and matching (used by wait/jobs.ts).
 *
 * Names are separated by newlines, or by commas outside parentheses, so a
 * matrix job's full name (`build (ubuntu, 22)`) stays one name. A name
 * matches a job whose name is the same, or, for matrix jobs, whose name is
 * that name followed by ` (…)`: `build` matches `build (ubuntu, 22)`.
 */
import { InputError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import { hasControlCharacters } from '../util/inert.js'

/** GitHub shows job names of up to this length; a longer one cannot match. */
export const MAX_JOB_NAME_LENGTH = 1000

/**
 * The names in the input, trimmed, without duplicates, in order; [] when
 * empty. Text is split as above; each element of an array (the library's) is
 * one name, commas and all.
 */
export function parseJobNames(value: string | readonly string[]): string[] {
  const names: string[] = []
  const parts = typeof value === 'string' ? value.split(/\r?\n/).flatMap(splitOutsideParentheses) : value
  if (typeof value !== 'string') {
    // An element is one name: a blank one is a mistake (text, once split, may hold blank entries between separators).
    const blank = value.findIndex(name => name.trim() === '')
    if (blank >= 0)
      throw new InputError('wait-jobs', `has an empty name (element ${blank + 1} of the array). Give one job name per element.`)
  }
  for (const part of parts) {
    const name = part.trim()
    if (name === '') continue
    if (hasControlCharacters(name)) {
      throw new InputError('wait-jobs', 'contains a control character. Give job names separated by commas or newlines.')
    }
    if (name.length > MAX_JOB_NAME_LENGTH) {
      throw new InputError('wait-jobs', `has a name longer than ${MAX_JOB_NAME_LENGTH} characters; no job is named so.`)
    }
    if (!names.includes(name)) names.push(name)
  }
  if (names.length === 0 && typeof value === 'string' && value.trim() !== '') {
    throw new InputError('wait-jobs', 'holds no job name. Give job names separated by commas or newlines, e.g. build, test.')
  }
  return names
}

/** Splits at commas that are not inside parentheses; refuses unbalanced parentheses. */
function splitOutsideParentheses(line: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    if (depth < 0) break
    if (c === ',' && depth === 0) {
      parts.push(line.slice(start, i))
      start = i + 1
    }
  }
  if (depth !== 0) {
    throw new InputError(
      'wait-jobs',
      msg`has unbalanced parentheses in '${line.trim()}'. Write a matrix job by its full name, e.g. build (ubuntu, 22), or by the name before ' (': build.`
    )
  }
  parts.push(line.slice(start))
  return parts
}

/** Whether the job named `jobName` is one the name `wanted` stands for (itself, or a matrix leg of it). */
export function matchesJobName(wanted: string, jobName: string): boolean {
  return jobName === wanted || (jobName.startsWith(`${wanted} (`) && jobName.endsWith(')'))
}
