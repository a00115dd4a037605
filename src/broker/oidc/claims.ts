/**
 * The claims of a verified GitHub Actions OIDC token, as GitHub sends them
 * (ids, run ids and attempts are strings), and the check that a payload has
 * the ones the broker decides on. A token without them is refused: the broker
 * decides only on verified claims, never on defaults.
 */
import { BrokerAuthError, shown } from './errors.js'

export interface CallerClaims {
  iss: string
  sub: string
  aud: string
  jti: string
  /** Seconds since the epoch. */
  exp: number
  iat: number
  nbf: number
  repository: string
  repository_id: string
  repository_owner: string
  repository_owner_id: string
  ref: string
  ref_type: string
  sha: string
  workflow_ref: string
  job_workflow_ref: string
  event_name: string
  environment?: string
  run_id: string
  run_attempt: string
  actor: string
  runner_environment: string
  repository_visibility?: string
  /** Every claim of the token, as sent (verified, but unchecked beyond the fields above). */
  raw: Readonly<Record<string, unknown>>
}

/** Claims without which the broker refuses: what policies, idempotency, replay and the audit line rest on. */
export const REQUIRED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'jti',
  'repository',
  'repository_id',
  'repository_owner_id',
  'workflow_ref',
  'job_workflow_ref',
  'event_name',
  'ref',
  'run_id',
  'run_attempt'
] as const

/**
 * Claims GitHub sends to every job but the broker does not decide on: '' when absent (older GHES
 * versions lack some, e.g. runner_environment), refused when present with another type.
 */
const INFORMATIVE_CLAIMS = ['repository_owner', 'ref_type', 'sha', 'actor', 'runner_environment'] as const
const OPTIONAL_CLAIMS = ['environment', 'repository_visibility'] as const
const TIME_CLAIMS = ['exp', 'iat', 'nbf'] as const

/** The payload's claims in CallerClaims form; throws BrokerAuthError naming the first missing or mistyped claim. */
export function callerClaimsFrom(payload: Record<string, unknown>): CallerClaims {
  const text = (name: string, required: boolean): string | undefined => {
    const value = payload[name]
    if (value === undefined && !required) return undefined
    if (typeof value !== 'string' || (required && value === ''))
      throw new BrokerAuthError(
        value === undefined
          ? `The OIDC token has no '${name}' claim; the broker decides only on GitHub Actions OIDC claims: send a token issued to a workflow job.`
          : `The OIDC token's '${name}' claim is ${shown(value)}, not a non-empty string as GitHub sends it.`
      )
    return value
  }
  const time = (name: string): number => {
    const value = payload[name]
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new BrokerAuthError(
        value === undefined
          ? `The OIDC token has no '${name}' claim; the broker accepts only tokens that say when they were issued and expire.`
          : `The OIDC token's '${name}' claim is ${shown(value)}, not a time in whole seconds.`
      )
    return value
  }
  const claims: Record<string, unknown> = { raw: Object.freeze({ ...payload }) }
  for (const name of REQUIRED_CLAIMS) claims[name] = text(name, true)
  for (const name of INFORMATIVE_CLAIMS) claims[name] = text(name, false) ?? ''
  for (const name of OPTIONAL_CLAIMS) {
    const value = text(name, false)
    if (value !== undefined) claims[name] = value
  }
  for (const name of TIME_CLAIMS) claims[name] = time(name)
  return claims as unknown as CallerClaims
}
