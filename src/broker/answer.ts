/** The broker's HTTP answers and its one audit line per decision. */
import { BROKER_ERROR_STATUS, type BrokerDispatchAnswer, type BrokerErrorAnswer, type BrokerErrorCode } from '../model/broker-protocol.js'
import type { CallerClaims } from './oidc/claims.js'
import type { DispatchAsk } from './request.js'

export interface BrokerHttpRequest {
  method: string
  /** The path without the query. */
  path: string
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>
  rawBody: string
}

export interface BrokerHttpResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export const json = (status: number, body: unknown): BrokerHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body)
})

/** A refusal: a code for programs, one line for people. */
export class BrokerRefusal extends Error {
  constructor(
    readonly code: BrokerErrorCode,
    message: string,
    readonly extra: Omit<BrokerErrorAnswer, 'error' | 'message'> = {}
  ) {
    super(message)
  }

  get answer(): BrokerErrorAnswer {
    return { error: this.code, message: this.message, ...this.extra }
  }

  get status(): number {
    return BROKER_ERROR_STATUS[this.code]
  }
}

export const refusalResponse = (refusal: BrokerRefusal): BrokerHttpResponse => json(refusal.status, refusal.answer)

/** The audit line: who asked, for what, which rule, what became of it. Never a token, a key or a payload value. */
export interface AuditEntry {
  caller?: CallerClaims | undefined
  ask?: DispatchAsk | undefined
  rule?: number | undefined
  outcome: string
  status: number
  replayed?: boolean
  startedAt: number
  now: number
}

export function auditLine(entry: AuditEntry): string {
  const { caller, ask } = entry
  return JSON.stringify({
    audit: 'app-dispatch-broker',
    caller: caller && {
      repository: caller.repository,
      repository_id: caller.repository_id,
      workflow_ref: caller.workflow_ref,
      job_workflow_ref: caller.job_workflow_ref,
      event_name: caller.event_name,
      ref: caller.ref,
      environment: caller.environment ?? null,
      run_id: caller.run_id,
      run_attempt: caller.run_attempt
    },
    target: ask?.target.fullName,
    mode: ask?.kind,
    event: ask?.kind === 'repository_dispatch' ? ask.eventType : undefined,
    workflow: ask?.kind === 'workflow_dispatch' ? ask.workflow : undefined,
    ref: ask?.kind === 'workflow_dispatch' ? (ask.ref ?? null) : undefined,
    distinct_id: ask?.distinctId,
    // The payload's keys, never its values: enough to audit its shape.
    payload_keys: ask ? Object.keys(ask.kind === 'repository_dispatch' ? ask.clientPayload : ask.inputs).sort() : undefined,
    rule: entry.rule ?? null,
    outcome: entry.outcome,
    status: entry.status,
    replayed: entry.replayed ?? false,
    duration_ms: entry.now - entry.startedAt
  })
}

/** The fields every answer about this ask carries. */
export function answerBase(ask: DispatchAsk, installationId: number | null): Omit<BrokerDispatchAnswer, 'dispatched' | 'replayed'> {
  return {
    repository: ask.target.fullName,
    event: ask.kind === 'repository_dispatch' ? ask.eventType : ask.workflow,
    distinct_id: ask.distinctId,
    installation_id: installationId,
    ...(ask.kind === 'workflow_dispatch' ? { workflow: ask.workflow } : {})
  }
}
