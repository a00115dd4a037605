/**
 * Typed errors. Every error the tool raises on purpose extends
 * AppDispatchError and carries a stable `code` (callers switch on the code,
 * not on the class or the wording), so the adapters (action, CLI, library,
 * Slack handler) can tell a user mistake from a GitHub refusal, print one
 * clear line instead of a stack trace, and pick the exit code the same way
 * (exitCodeFor).
 */
import { plainMessage } from './placeholders.js'
import { ACTION_WORDING, word, type Wording } from './wording.js'

export { ACTION_WORDING, type Wording } from './wording.js'

/** The stable codes of the errors the tool raises on purpose. */
export type ErrorCode =
  | 'input'
  | 'usage'
  /** GitHub answered an HTTP error status (a result's error_status and error_step say which and where). */
  | 'github-refused'
  /** No answer from GitHub (network, proxy, TLS) after retrying; nothing was sent that may have arrived. */
  | 'github-unreachable'
  /** Signing the App's JWT outside this process failed: AWS KMS, STS, or the caller's createJwt. */
  | 'signer'
  /** The runner did not hand out the job's OIDC token. */
  | 'oidc-token'
  | 'cancelled'
  | 'delivery-unknown'
  /** With wait: no run carrying the dispatch's distinct_id appeared in time. */
  | 'run-not-found'
  /** With wait: the run (or the jobs waited for) did not finish within wait-timeout. */
  | 'wait-timeout'
  /** With wait: the run, or a job waited for, concluded other than success. */
  | 'run-failed'
  /** With wait-jobs: the run completed without a job of that name. */
  | 'job-not-found'
  | 'outputs'
  /** Through a broker: the broker refused the request. */
  | 'broker-refused'
  /** Through a broker: its answer was not one for this request. */
  | 'broker-answer'
  /** Through a broker: still waiting for a person's approval when the wait ended. */
  | 'approval-pending'
  /** Through a broker with wait: the policy allowed the dispatch but not waiting. */
  | 'wait-not-allowed'
  /** A failure the tool did not foresee (a bug): its message says what. */
  | 'unexpected'
  | 'revocation'
  | 'approval-refused'
  | 'slack-request'
  | 'slack-api'
  | 'request-body'
  | 'unauthenticated'

/** The base of every deliberate error: a message for people and a code for programs. */
export class AppDispatchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}

/** A command-line mistake outside the input table (an unknown flag, a missing argument): CLI exit code 2. */
export class UsageError extends AppDispatchError {
  override readonly name = 'UsageError'
  constructor(message: string) {
    super('usage', message)
  }
}

/**
 * The exit code for an error, the same for every front end that has one:
 * bad input is 2 on the command line (as Unix tools do) and 1 in a workflow
 * step (the runner knows only failed or not); everything else is 1.
 */
export function exitCodeFor(error: unknown, surface: 'cli' | 'action'): number {
  const code = codeOf(error)
  return (code === 'input' || code === 'usage') && surface === 'cli' ? 2 : 1
}

/**
 * A bad input: nothing has been sent to GitHub when this is thrown. A parser
 * reports the input, the detail and whether it was missing; the message is
 * the action's wording (the default) until the front end that caught it
 * words it in its own terms, once (`reword`).
 */
export class InputError extends AppDispatchError {
  override readonly name = 'InputError'
  /** The input was missing (not wrong): a front end may name where else the value can come from. */
  readonly required: boolean
  /** What is wrong and what is expected, other inputs as `{name}` (outside values in place). */
  readonly detail: string
  /** The detail as built, its placeholders marked (placeholders.ts). */
  readonly #marked: string

  constructor(
    /** The input's action.yml name, e.g. `client-payload`. */
    readonly input: string,
    /** Built with `msg` (placeholders.ts): only the `{name}` it marked are rendered, never a value quoted back. */
    detail: string,
    wording: Wording = ACTION_WORDING,
    options: { required?: boolean } = {}
  ) {
    const required = options.required ?? false
    super('input', word(input, detail, required, wording))
    this.required = required
    this.#marked = detail
    this.detail = plainMessage(detail)
  }

  /** A missing input: `detail` says what is expected ("is required: …"). */
  static missing(input: string, detail: string, wording: Wording = ACTION_WORDING): InputError {
    return new InputError(input, detail, wording, { required: true })
  }

  /** The same error in a front end's words: each front end calls it once, at its edge, with its one wording. */
  reword(wording: Wording): InputError {
    return new InputError(this.input, this.#marked, wording, { required: this.required })
  }
}

/** What the tool was doing when GitHub said no; picks the advice. 'app-jwt': GitHub's answer to the App's JWT; 'wait': following the run. */
/** What the tool was doing when GitHub refused (a result's error_step). */
export const GITHUB_STEPS = ['installation-lookup', 'token', 'default-branch', 'dispatch', 'revoke', 'app-jwt', 'wait'] as const
export type GitHubStep = (typeof GITHUB_STEPS)[number]

/** GitHub refused a request ('github-refused', with its status) or could not be reached ('github-unreachable'), and retrying did not help. */
export class GitHubError extends AppDispatchError {
  override readonly name = 'GitHubError'
  readonly step: GitHubStep
  /** HTTP status, or undefined when no answer came back (network failure). */
  readonly status: number | undefined

  constructor(step: GitHubStep, status: number | undefined, message: string) {
    super(status === undefined ? 'github-unreachable' : 'github-refused', message)
    this.step = step
    this.status = status
  }
}

/** Signing the App's JWT outside this process failed (AWS KMS, STS, the caller's createJwt); GitHub was not asked. */
export class SignerError extends AppDispatchError {
  override readonly name = 'SignerError'
  constructor(message: string) {
    super('signer', message)
  }
}

/** The runner did not hand out the job's OIDC token (keyless signing, a dispatch broker). */
export class OidcTokenError extends AppDispatchError {
  override readonly name = 'OidcTokenError'
  constructor(message: string) {
    super('oidc-token', message)
  }
}

/**
 * The step was cancelled (SIGINT/SIGTERM, or the library caller's signal).
 * `inFlight`: a request was already on the wire and was abandoned, so for a
 * dispatch nobody knows whether GitHub received it.
 */
export class CancelledError extends AppDispatchError {
  override readonly name = 'CancelledError'
  constructor(readonly inFlight: boolean) {
    super('cancelled', inFlight ? 'Cancelled while the request was in flight.' : 'Cancelled before the request was sent.')
  }
}

/**
 * A dispatch may or may not have reached GitHub (a 5xx, a dropped connection
 * or a timeout after it was sent) and nothing could prove which: it is not
 * sent again, and the target's outcome is "unknown".
 */
export class DeliveryUnknownError extends AppDispatchError {
  override readonly name = 'DeliveryUnknownError'
  constructor(
    /** What happened to the answer, e.g. "HTTP 502" or "the connection was reset". */
    readonly reason: string,
    message: string
  ) {
    super('delivery-unknown', message)
  }
}

/** The code of a deliberate error; undefined for anything else (a bug). Front ends decide on this, not on classes. */
export function codeOf(error: unknown): ErrorCode | undefined {
  return error instanceof AppDispatchError ? error.code : undefined
}

/** The message of any thrown value, never its stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
