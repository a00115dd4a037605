/**
 * What an approval button carries: the dispatch (repository, event type,
 * payload as canonical JSON), the requester's summary, a unique approval id
 * and an expiry, bound with HMAC-SHA256 under a key only the posting pipeline
 * and the handler hold. Whoever can post as the Slack app (bot token,
 * webhook) still cannot make the handler send anything a pipeline did not
 * sign, or change it, or pair it with another summary, or use it after it
 * expires. Everyone in the channel can read the value: it is signed, not
 * secret.
 *
 * Format: `ad3.<base64url JSON>.<base64url HMAC of the first two parts>`.
 * `ad2` (1.0.0) did not sign the summary, and its message did not show the
 * payload: such values are refused. Hand-written on node:crypto: a JWT
 * library would do, but this is one HMAC and a comparison, and the format
 * must stay inside Slack's 2,000 characters.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { AppDispatchError, InputError } from '../model/errors.js'
import { parseClientPayload, parseEventType, parseRepository } from '../input/parsers.js'
import { canonicalJson } from './payload-view.js'

const PREFIX = 'ad3'
/** 1.0.0's format, refused: its summary was not signed and its message did not show the payload. */
const OLD_PREFIX = 'ad2'
/** Slack's limit for a button's value. */
export const BUTTON_VALUE_MAX_LENGTH = 2000
export const DEFAULT_APPROVAL_TTL_SECONDS = 24 * 3600
/** The least key length accepted (bytes of text). */
export const MIN_APPROVAL_KEY_LENGTH = 32

export interface Approval {
  /** Unique per approval message; claimed once. */
  id: string
  repository: string
  eventType: string
  /** The payload as compact canonical JSON (payload-view.ts): the text that is shown and sent. */
  clientPayloadJson: string
  /** The requester's words for what is approved (Slack mrkdwn), signed with the dispatch. */
  summary: string
  /** Epoch seconds after which the approval is refused. */
  expiresAt: number
  /** When set, only these Slack users may decide it (signed with it: the broker names each rule's approvers). */
  approvers?: string[]
}

/** A Slack user id (U… or W…). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/

export class ApprovalRefused extends AppDispatchError {
  override readonly name = 'ApprovalRefused'
  constructor(message: string) {
    super('approval-refused', message)
  }
}

const mac = (key: string, data: string): Buffer => createHmac('sha256', key).update(data).digest()

export function checkApprovalKey(key: unknown, name = 'approvalKey'): string {
  if (typeof key !== 'string' || key.length < MIN_APPROVAL_KEY_LENGTH) {
    throw new InputError(
      name,
      `must be a secret of at least ${MIN_APPROVAL_KEY_LENGTH} characters shared by the pipeline that posts approvals and the handler, e.g. from \`openssl rand -hex 32\`.`
    )
  }
  return key
}

/** The key the handler adds to every approved dispatch's payload: who approved it. */
export const APPROVED_BY_KEY = 'approved_by'
/** GitHub's limit of top-level keys in client_payload, approved_by included. */
const MAX_PAYLOAD_KEYS = 10

/**
 * Why a payload cannot carry the handler's approved_by, or undefined: the
 * handler's word must be the only one, so a requester may not pre-fill it
 * nor leave it no room.
 */
export function approvedByProblem(clientPayloadJson: string): string | undefined {
  const keys = Object.keys(JSON.parse(clientPayloadJson) as Record<string, unknown>)
  if (keys.includes(APPROVED_BY_KEY)) {
    return `holds ${APPROVED_BY_KEY}, which is set by the handler to whoever approves: leave it out.`
  }
  if (keys.length >= MAX_PAYLOAD_KEYS) {
    return `has ${keys.length} top-level keys; leave room for ${APPROVED_BY_KEY}, which the handler adds: at most ${MAX_PAYLOAD_KEYS - 1} keys.`
  }
  return undefined
}

/**
 * A new approval for a dispatch: validated like any input (approved_by left
 * to the handler), the payload in canonical form, with a fresh id and an expiry.
 */
export function newApproval(
  dispatch: {
    repository: string
    eventType: string
    clientPayload?: Record<string, unknown> | string
    summary?: string
    approvers?: string[] | undefined
  },
  options: { ttlSeconds?: number; now?: number } = {}
): Approval {
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const payload = typeof dispatch.clientPayload === 'string' ? dispatch.clientPayload : JSON.stringify(dispatch.clientPayload ?? {})
  const clientPayloadJson = canonicalJson(parseClientPayload(payload))
  const problem = approvedByProblem(clientPayloadJson)
  if (problem !== undefined) throw new InputError('client-payload', problem)
  if (dispatch.summary !== undefined && typeof dispatch.summary !== 'string') {
    throw new InputError('summary', 'must be text (Slack mrkdwn) saying what is approved.')
  }
  const approvers = dispatch.approvers
  if (
    approvers !== undefined &&
    (!Array.isArray(approvers) || approvers.length === 0 || !approvers.every(u => SLACK_USER_ID.test(String(u))))
  ) {
    throw new InputError('approvers', 'must be a non-empty list of Slack user ids (U…).')
  }
  return {
    id: randomUUID(),
    repository: parseRepository(dispatch.repository).fullName,
    eventType: parseEventType(dispatch.eventType),
    clientPayloadJson,
    summary: dispatch.summary ?? '',
    expiresAt: now + (options.ttlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS),
    ...(approvers ? { approvers: [...approvers] } : {})
  }
}

export function signApproval(approval: Approval, key: string): string {
  const fields = {
    id: approval.id,
    r: approval.repository,
    e: approval.eventType,
    p: approval.clientPayloadJson,
    s: approval.summary,
    x: approval.expiresAt,
    ...(approval.approvers ? { u: approval.approvers } : {})
  }
  const body = Buffer.from(JSON.stringify(fields)).toString('base64url')
  const value = `${PREFIX}.${body}.${mac(key, `${PREFIX}.${body}`).toString('base64url')}`
  if (value.length > BUTTON_VALUE_MAX_LENGTH) {
    // Name the larger of the two: that is the one to shorten.
    const input = approval.summary.length > approval.clientPayloadJson.length ? 'summary' : 'client-payload'
    throw new InputError(
      input,
      `makes the button value ${value.length} characters (summary and client_payload are both signed into it); Slack allows ${BUTTON_VALUE_MAX_LENGTH}. Shorten the summary, and send a reference (a URL, a commit SHA) instead of data.`
    )
  }
  return value
}

/** The approval a button value carries; throws ApprovalRefused when it is unsigned, changed, expired or not a valid dispatch. */
export function verifyApproval(value: unknown, key: string, nowSeconds = Math.floor(Date.now() / 1000)): Approval {
  const parts = typeof value === 'string' ? value.split('.') : []
  if (parts.length === 3 && parts[0] === OLD_PREFIX) {
    throw new ApprovalRefused(
      'The approval was posted by app-dispatch 1.0.0, whose message did not show the payload and whose summary was not signed: post a new request.'
    )
  }
  if (parts.length !== 3 || parts[0] !== PREFIX) throw new ApprovalRefused('The button value is not a signed app-dispatch approval.')
  const [prefix, body, signature] = parts as [string, string, string]
  const given = Buffer.from(signature, 'base64url')
  const wanted = mac(key, `${prefix}.${body}`)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new ApprovalRefused("The approval is not signed with this handler's key, or was changed after signing.")
  }
  let fields: { id?: unknown; r?: unknown; e?: unknown; p?: unknown; s?: unknown; x?: unknown; u?: unknown }
  try {
    fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof fields
  } catch {
    throw new ApprovalRefused('The approval does not hold valid JSON.')
  }
  if (typeof fields.x !== 'number' || fields.x < nowSeconds) throw new ApprovalRefused('The approval has expired: post a new request.')
  if (typeof fields.id !== 'string' || !/^[\w-]{8,64}$/.test(fields.id)) throw new ApprovalRefused('The approval has no valid id.')
  if (typeof fields.s !== 'string') throw new ApprovalRefused('The approval has no summary.')
  const approvers = fields.u
  if (
    approvers !== undefined &&
    !(Array.isArray(approvers) && approvers.length > 0 && approvers.every(u => typeof u === 'string' && SLACK_USER_ID.test(u)))
  )
    throw new ApprovalRefused('The approval names its approvers in a form this handler does not read.')
  try {
    return {
      id: fields.id,
      repository: parseRepository(typeof fields.r === 'string' ? fields.r : '').fullName,
      eventType: parseEventType(typeof fields.e === 'string' ? fields.e : ''),
      // Canonical again: a value signed elsewhere is shown and sent in the one form.
      clientPayloadJson: canonicalJson(parseClientPayload(typeof fields.p === 'string' ? fields.p : '')),
      summary: fields.s,
      expiresAt: fields.x,
      ...(approvers ? { approvers: approvers as string[] } : {})
    }
  } catch (error) {
    throw new ApprovalRefused(`The approval is not a valid dispatch: ${(error as Error).message}`)
  }
}
