/**
 * The workflow commands the action needs before its inputs are known to be valid: read an input, mask a
 * secret, fail the step, log a debug line. Written here rather than taken from @actions/core because its
 * index loads, at start-up, `fs.promises` (for the job summary; with it readline and the stream
 * machinery) and `node:crypto` (for its file commands), which every run pays, including one that stops at an input error
 * (docs/performance.md). The rest of the action loads @actions/core once the inputs are valid.
 *
 * Each is what @actions/core 3.x does: `getInput` reads `INPUT_<NAME>` (spaces as `_`, upper case) and
 * trims it; a command is one line, `::name::message`, with `%`, CR and LF in the message escaped
 * (`%25`, `%0D`, `%0A`), so that the runner reads it back as one line and decodes it.
 * startup.e2e.test.ts compares their output with @actions/core's.
 */
import { EOL } from 'node:os'

/** The input's value as the runner passed it, trimmed; '' when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** `::name::message`, the message escaped as the runner decodes it. */
export function command(name: 'add-mask' | 'error' | 'debug' | 'warning', message: string): string {
  return `::${name}::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}${EOL}`
}

/** Masks `secret` in every later line of the log. */
export function setSecret(secret: string): void {
  process.stdout.write(command('add-mask', secret))
}

/** One error annotation, and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1
  process.stdout.write(command('error', message))
}

/** A line shown only with step debug logging on. */
export function debug(message: string): void {
  process.stdout.write(command('debug', message))
}

/** A warning annotation. */
export function warning(message: string): void {
  process.stdout.write(command('warning', message))
}
