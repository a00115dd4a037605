/**
 * The kinds boolean, count and seconds: text (as a workflow, a flag or a
 * variable gives it) or the library's boolean or number, taken as given.
 */
import { InputError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'

export const DEFAULT_MAX_CONCURRENCY = 5
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 1800
export const DEFAULT_POLL_INTERVAL_SECONDS = 10
/** A job runs at most 6 hours on GitHub-hosted runners; self-hosted, up to 5 days. */
export const MAX_WAIT_TIMEOUT_SECONDS = 5 * 24 * 3600
export const DEFAULT_FAILURE_LOG_LINES = 30
export const MAX_FAILURE_LOG_LINES = 1000

/** A whole number, as digits or (from the library) a number. */
function isWhole(value: string | number): boolean {
  return typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : /^\d+$/.test(value)
}

export function parseMaxConcurrency(value: string | number): number {
  if (value === '') return DEFAULT_MAX_CONCURRENCY
  if (!isWhole(value) || Number(value) < 1 || Number(value) > 100) {
    throw new InputError('max-concurrency', msg`'${value}' is not a whole number from 1 to 100 (default ${DEFAULT_MAX_CONCURRENCY}).`)
  }
  return Number(value)
}

/** true/false as @actions/core's getBooleanInput reads them. */
export function parseBoolean(input: string, value: string | boolean, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value
  if (value === '') return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InputError(input, msg`'${value}' is not a boolean. Use true or false.`)
}

export function parseSeconds(input: string, value: string | number, fallback: number, min: number, max: number): number {
  if (value === '') return fallback
  if (!isWhole(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(input, msg`'${value}' is not a whole number of seconds from ${min} to ${max} (default ${fallback}).`)
  }
  return Number(value)
}

export function parseLineCount(value: string | number): number {
  if (value === '') return DEFAULT_FAILURE_LOG_LINES
  if (!isWhole(value) || Number(value) > MAX_FAILURE_LOG_LINES) {
    throw new InputError(
      'failure-log-lines',
      msg`'${value}' is not a whole number from 0 to ${MAX_FAILURE_LOG_LINES} (default ${DEFAULT_FAILURE_LOG_LINES}; 0 turns failure logs off).`
    )
  }
  return Number(value)
}
