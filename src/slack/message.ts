/**
 * The "Approve / Reject" Block Kit message for a pending deploy, and the
 * button value format both ends agree on. The value is validated like any
 * other input when the click comes back.
 */
import { InputError } from '../errors.js'
import { parseClientPayload, parseEventType, parseRepository } from '../inputs.js'

export const APPROVE_ACTION_ID = 'app_dispatch_approve'
export const REJECT_ACTION_ID = 'app_dispatch_reject'
/** Slack's limit for a button's value. */
export const BUTTON_VALUE_MAX_LENGTH = 2000

export interface PendingDispatch {
  /** `owner/repo` to dispatch to. */
  repository: string
  eventType: string
  clientPayload?: Record<string, unknown>
}

export interface ApprovalMessageOptions extends PendingDispatch {
  /** What is being approved, in Slack mrkdwn, e.g. "Deploy *api* `1.4.2` to *production*". */
  summary: string
}

/** Encodes the dispatch as a button value; throws InputError if Slack would not take it. */
export function encodeButtonValue(pending: PendingDispatch): string {
  const value = JSON.stringify({ v: 1, repository: pending.repository, event_type: pending.eventType, client_payload: pending.clientPayload ?? {} })
  decodeButtonValue(value) // the same checks as on the way back
  if (value.length > BUTTON_VALUE_MAX_LENGTH) {
    throw new InputError('client_payload', `makes the button value ${value.length} characters; Slack allows ${BUTTON_VALUE_MAX_LENGTH}. Send a reference instead of the data.`)
  }
  return value
}

export interface DecodedDispatch {
  repository: string
  eventType: string
  /** JSON text of the payload. */
  clientPayloadJson: string
}

/** Decodes and validates a button value; throws InputError naming what is wrong. */
export function decodeButtonValue(value: unknown): DecodedDispatch {
  let parsed: unknown
  try {
    parsed = JSON.parse(String(value))
  } catch {
    throw new InputError('value', 'is not the JSON this handler puts in its buttons.')
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { v?: unknown }).v !== 1) {
    throw new InputError('value', 'is not an app-dispatch button value (version 1).')
  }
  const { repository, event_type: eventType, client_payload: payload } = parsed as Record<string, unknown>
  const target = parseRepository(typeof repository === 'string' ? repository : '')
  return {
    repository: target.fullName,
    eventType: parseEventType(typeof eventType === 'string' ? eventType : ''),
    clientPayloadJson: parseClientPayload(JSON.stringify(payload ?? {}))
  }
}

/** The message to post (chat.postMessage or an incoming webhook) for a pending deploy. */
export function approvalMessage(options: ApprovalMessageOptions): { text: string; blocks: object[] } {
  const value = encodeButtonValue(options)
  return {
    text: `Approval needed: ${options.summary}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Approval needed*\n${options.summary}` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Sends \`${options.eventType}\` to \`${options.repository}\` when approved.` }]
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: APPROVE_ACTION_ID,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value,
            confirm: {
              title: { type: 'plain_text', text: 'Approve?' },
              text: { type: 'mrkdwn', text: options.summary },
              confirm: { type: 'plain_text', text: 'Approve' },
              deny: { type: 'plain_text', text: 'Cancel' }
            }
          },
          { type: 'button', action_id: REJECT_ACTION_ID, style: 'danger', text: { type: 'plain_text', text: 'Reject' }, value }
        ]
      }
    ]
  }
}

/** The message that replaces the buttons once someone acted. */
export function outcomeMessage(text: string): { replace_original: true; text: string; blocks: object[] } {
  return { replace_original: true, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }
}
