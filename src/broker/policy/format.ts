/**
 * The policy a target repository owns (`.github/app-dispatch.yml` on its
 * default branch) and the organisation's ceiling, as parsed (parse.ts,
 * ceiling.ts) and evaluated (evaluate.ts). Types and constants only.
 *
 *   version: 1
 *   allow:
 *     - from: { repository: octo-org/app, environment: production }
 *       repository_dispatch: [deploy]
 *       workflow_dispatch: [{ workflow: deploy.yml, ref: main }]
 *       payload: { type: object, … }        # JSON Schema 2020-12
 *       wait: true
 *       approval: { channel: C0123, users: [U0123] }
 */
import type { PayloadSchema } from './payload-schema.js'

export const POLICY_PATH = '.github/app-dispatch.yml'

/** The largest policy or ceiling file read, in bytes (a policy is a few rules; GitHub's contents API stops at 1 MB). */
export const MAX_POLICY_BYTES = 64 * 1024

/** The token claims a rule's `from` (and a ceiling's) may match. */
export const FROM_KEYS = [
  'repository',
  'repository_id',
  'repository_owner_id',
  'job_workflow_ref',
  'workflow_ref',
  'ref',
  'environment',
  'event_name'
] as const

export type FromKey = (typeof FROM_KEYS)[number]

/**
 * Events whose runs act for someone else (a fork's pull request, the base
 * repository's identity on an untrusted head): a token from one matches only
 * a rule whose `from.event_name` names that event literally.
 */
export const GUARDED_EVENTS: readonly string[] = ['pull_request_target', 'workflow_run', 'pull_request']

/** One `from` value: exact text, or a glob whose `*` never crosses `/`, `:` or `@` (glob.ts). */
export interface ClaimPattern {
  /** As written (numbers as text), for reasons. */
  text: string
  /** Whether it holds a `*`. */
  glob: boolean
}

export type FromClaims = Partial<Record<FromKey, ClaimPattern>>

export interface WorkflowEntry {
  /** File name (deploy.yml) or numeric id, compared exactly with the request's. */
  workflow: string
  /** Exact or glob; absent: only the target's default branch (a request without ref). */
  ref?: ClaimPattern
}

export interface Approval {
  channel: string
  users: string[]
}

export interface PolicyRule {
  from: FromClaims
  repositoryDispatch?: string[]
  workflowDispatch?: WorkflowEntry[]
  payload?: PayloadSchema
  wait: boolean
  approval?: Approval
}

export interface Policy {
  /** Where it was read, e.g. `octo-org/deploy-service:.github/app-dispatch.yml`. */
  source: string
  /** In file order; the first rule that matches decides. */
  rules: PolicyRule[]
}

export interface CeilingRule {
  from: FromClaims
  /** Target repositories (owner/name, the name may be a glob). */
  to: ClaimPattern[]
}

export interface Ceiling {
  source: string
  rules: CeilingRule[]
}

/** What the caller asks for, as the broker read it from the request. */
export interface PolicyAsk {
  /** owner/repo of the target. */
  repository: string
  kind: 'repository_dispatch' | 'workflow_dispatch'
  eventType?: string
  workflow?: string
  /** workflow_dispatch: undefined means the target's default branch. */
  ref?: string
  /** client_payload, or the workflow's inputs. */
  payload: Record<string, unknown>
  wait: boolean
}

export type PolicyDecision = { allowed: true; rule: number; wait: boolean; approval?: Approval } | { allowed: false; reasons: string[] }
