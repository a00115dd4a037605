/**
 * Where the approval handler's log lines go. Refusals and outcomes are
 * logged by default (to stderr), because a handler that answers Slack with a
 * bare status and logs nothing cannot be debugged. A `logger` option replaces
 * the default; it may have this library's shape (`info`, `warning`) or
 * console's (`info`, `warn`), so `logger: console` works as written.
 */
import { InputError } from '../model/errors.js'
import { inertLine } from '../util/inert.js'
import { SLACK_WORDING } from './wording.js'

/** A logger for the handler: `console`, a pino/winston-style object, or your own. */
export interface SlackLogger {
  info?: (line: string) => void
  /** Refusals and failures; `warn` is used when there is no `warning` (console's shape). */
  warning?: (line: string) => void
  warn?: (line: string) => void
}

export interface HandlerLog {
  info: (line: string) => void
  warning: (line: string) => void
}

// One line per message: a value from a request (a user id, a reason) cannot
// start a forged line in the log.
const toStderr =
  (prefix: string) =>
  (line: string): void => {
    process.stderr.write(`${prefix}${inertLine(line)}\n`)
  }

/** The default: info lines as they are, warnings with a `Warning:` prefix, all to stderr. */
export const STDERR_LOG: HandlerLog = { info: toStderr(''), warning: toStderr('Warning: ') }

/** The log the handler writes to, from the `logger` option (undefined: stderr). Throws InputError for something that cannot log. */
export function handlerLog(logger: SlackLogger | undefined): HandlerLog {
  if (logger === undefined) return STDERR_LOG
  const warning = logger?.warning ?? logger?.warn
  if (typeof logger?.info !== 'function' && typeof warning !== 'function') {
    throw new InputError('logger', 'must be an object with info and warning (or warn) methods, such as console.', SLACK_WORDING)
  }
  return {
    info: typeof logger.info === 'function' ? line => logger.info?.(line) : () => undefined,
    warning: typeof warning === 'function' ? line => warning.call(logger, line) : () => undefined
  }
}
