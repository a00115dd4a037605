/**
 * Typed errors. Every error the tool reports on purpose is one of these, so
 * the adapters (action, CLI, library) can tell a user mistake from a GitHub
 * refusal and print one clear line instead of a stack trace.
 */
import { ACTION_TERMS, renderTerms, type Terms } from './input-table.js'

/** How a front end words an input error: its name for the input, and for inputs the detail mentions. */
export interface Wording {
  label: (input: string) => string
  terms: Terms
}

export const ACTION_WORDING: Wording = { label: input => `Input '${input}'`, terms: ACTION_TERMS }

/**
 * A bad input: nothing has been sent to GitHub when this is thrown. Carries
 * the input and the detail as fields, so each front end words its own
 * message (`reword`); `message` is the action's wording unless reworded.
 */
export class InputError extends Error {
  override readonly name = 'InputError'

  constructor(
    /** The input's action.yml name, e.g. `client-payload`. */
    readonly input: string,
    /** What is wrong and what is expected; other inputs appear as `{name}`. */
    readonly detail: string,
    wording: Wording = ACTION_WORDING
  ) {
    super(`${wording.label(input)}: ${renderTerms(detail, wording.terms)}`)
  }

  /** The same error in another front end's words. */
  reword(wording: Wording): InputError {
    return new InputError(this.input, this.detail, wording)
  }
}

/** What the tool was doing when GitHub said no; picks the advice. 'app-jwt': signing the App's JWT outside this process (AWS KMS, createJwt). */
export type GitHubStep = 'installation-lookup' | 'token' | 'default-branch' | 'dispatch' | 'revoke' | 'app-jwt'

/** GitHub refused a request (or could not be reached) and retrying did not help. */
export class GitHubError extends Error {
  override readonly name = 'GitHubError'
  readonly step: GitHubStep
  /** HTTP status, or undefined when no answer came back (network failure). */
  readonly status: number | undefined

  constructor(step: GitHubStep, status: number | undefined, message: string) {
    super(message)
    this.step = step
    this.status = status
  }
}

/**
 * The step was cancelled (SIGINT/SIGTERM, or the library caller's signal).
 * `inFlight`: a request was already on the wire and was abandoned, so for a
 * dispatch nobody knows whether GitHub received it.
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError'
  constructor(readonly inFlight: boolean) {
    super(inFlight ? 'Cancelled while the request was in flight.' : 'Cancelled before the request was sent.')
  }
}

/**
 * A dispatch may or may not have reached GitHub (a 5xx, a dropped connection
 * or a timeout after it was sent) and nothing could prove which: it is not
 * sent again, and the target's outcome is "unknown".
 */
export class DeliveryUnknownError extends Error {
  override readonly name = 'DeliveryUnknownError'
  constructor(
    /** What happened to the answer, e.g. "HTTP 502" or "the connection was reset". */
    readonly reason: string,
    message: string
  ) {
    super(message)
  }
}

/** The message of any thrown value, never its stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
