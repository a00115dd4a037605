/**
 * The dispatch broker's wire contract, shared by the broker (src/broker/) and
 * the step that calls it (the action, the CLI, the library with `brokerUrl`).
 * Types and constants only.
 *
 *   POST {broker-url}/dispatch
 *   Authorization: Bearer <the calling job's GitHub OIDC token, aud = the broker's audience>
 *   Content-Type: application/json
 *   body: BrokerRequest
 *
 * Answers are JSON: 200 BrokerDispatchAnswer (dispatched true or "unknown"),
 * 202 BrokerDispatchAnswer with dispatched "pending-approval", otherwise a
 * BrokerErrorAnswer with the status of BROKER_ERROR_STATUS.
 *
 * Idempotency: (repository, distinct_id) is claimed once with the hash of the
 * body. The same body again gets the first answer and sends nothing; a
 * different body under the same key gets 409. A step may therefore re-send a
 * request whose answer it lost, with a fresh OIDC token.
 */

export const BROKER_DISPATCH_PATH = '/dispatch'

/** A distinct_id the broker accepts: it ends up in a run name and a claim key. */
export const BROKER_DISTINCT_ID = /^[A-Za-z0-9_-]{8,64}$/

export interface BrokerRequestBase {
  /** owner/repo of the target. */
  repository: string
  /** Chosen by the step, unique per dispatch: the idempotency key and how the run is found. */
  distinct_id: string
  /** Ask for a token that can read the target's Actions data (runs, jobs, logs, artifacts) to wait with. */
  wait?: boolean
}

export interface BrokerRepositoryDispatchRequest extends BrokerRequestBase {
  event_type: string
  /** Sent as client_payload, with distinct_id added by the broker. */
  client_payload?: Record<string, unknown>
}

export interface BrokerWorkflowDispatchRequest extends BrokerRequestBase {
  /** File name (deploy.yml) or numeric id. */
  workflow: string
  /** Default: the target's default branch. */
  ref?: string
  inputs?: Record<string, string | number | boolean>
}

export type BrokerRequest = BrokerRepositoryDispatchRequest | BrokerWorkflowDispatchRequest

/** A token the step may wait with: `actions: read` on exactly one repository. Revoked by the step. */
export interface BrokerReadToken {
  token: string
  expires_at: string
  repository: string
  permissions: { actions: 'read' }
}

export interface BrokerDispatchAnswer {
  /** true: GitHub took it; "unknown": its answer was lost and it was not sent again; "pending-approval": a person decides first. */
  dispatched: true | 'unknown' | 'pending-approval'
  repository: string
  /** The event type, or the workflow for workflow_dispatch. */
  event: string
  distinct_id: string
  installation_id: number | null
  workflow?: string
  ref?: string
  run_id?: number | null
  run_url?: string | null
  /** Only when the matching rule has `wait: true` and the request asked for it. */
  read_token?: BrokerReadToken
  /** With pending-approval: where the request waits, and until when. */
  approval?: {
    message_url: string | null
    channel: string
    expires_at: string
    decision?: 'approved' | 'rejected'
    /** Who decided, as Slack names them (shown to the caller when a request is rejected). */
    decided_by?: string
  }
  /** Whether this answer repeats the first one for the same idempotency key (nothing was sent this time). */
  replayed: boolean
  /** When dispatched is "unknown": why, for people. */
  message?: string
}

/** The codes a broker refusal carries; the step switches on these, never on the wording. */
export type BrokerErrorCode =
  'bad-request' | 'unauthenticated' | 'policy-denied' | 'idempotency-conflict' | 'approval-rejected' | 'github-refused' | 'broker-error'

export const BROKER_ERROR_STATUS: Record<BrokerErrorCode, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  'policy-denied': 403,
  'idempotency-conflict': 409,
  'approval-rejected': 403,
  'github-refused': 502,
  'broker-error': 500
}

export interface BrokerErrorAnswer {
  error: BrokerErrorCode
  /** One line for people, naming what to fix. Never holds another repository's policy. */
  message: string
  /** policy-denied: the claims the caller presented (the ones rules can match on). */
  claims?: Record<string, string>
  /** policy-denied: why each rule (by its position in the file) did not match the request. */
  reasons?: string[]
  /** github-refused: GitHub's status, when GitHub answered one. */
  status?: number
  /** github-refused with a status: what the broker was doing (installation-lookup, token, dispatch…), as a result's error_step. */
  step?: string
  /** approval-rejected (and a failed approved dispatch): the approval it was about. */
  approval?: BrokerDispatchAnswer['approval']
}
