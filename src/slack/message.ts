/**
 * The "Approve / Reject" Block Kit message for a pending dispatch, typed
 * against @slack/types. The buttons carry a signed approval (see
 * approval-token.ts); the text and the confirm dialog say exactly what will
 * be sent, from the same values that are signed.
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types'
import { checkApprovalKey, newApproval, signApproval, type Approval } from './approval-token.js'

export const APPROVE_ACTION_ID = 'app_dispatch_approve'
export const REJECT_ACTION_ID = 'app_dispatch_reject'

export interface ApprovalMessageOptions {
  /** `owner/repo` to dispatch to. */
  repository: string
  eventType: string
  clientPayload?: Record<string, unknown> | string | undefined
  /** What is being approved, in Slack mrkdwn, e.g. "Deploy *api* `1.4.2` to *production*". */
  summary: string
  /** The key shared with the handler (APPROVAL_SIGNING_KEY). */
  approvalKey: string
  /** How long the approval stays valid; default 24 h. */
  ttlSeconds?: number | undefined
}

export interface ApprovalMessage {
  approvalId: string
  expiresAt: number
  text: string
  blocks: KnownBlock[]
}

/** Slack mrkdwn needs &, < and > escaped. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * A value in a mrkdwn code span, shown as it is: `&`, `<` and `>` escaped as
 * Slack asks; a backtick, which would close the span (mrkdwn has no escape
 * for it) and let the rest read as markup, shown as the look-alike ˋ (U+02CB).
 */
export const mrkdwnCode = (value: string): string => `\`${escapeMrkdwn(value).replace(/`/g, '\u02cb')}\``

/** "`deploy` to `octo-org/deploy`", escaped for mrkdwn. */
export function describeDispatch(approval: Pick<Approval, 'eventType' | 'repository'>): string {
  return `${mrkdwnCode(approval.eventType)} to ${mrkdwnCode(approval.repository)}`
}

/** The message to post (chat.postMessage) for a pending dispatch. Throws InputError for a dispatch GitHub or Slack would not take. */
export function approvalMessage(options: ApprovalMessageOptions): ApprovalMessage {
  const key = checkApprovalKey(options.approvalKey)
  const approval = newApproval(options, { ttlSeconds: options.ttlSeconds })
  const value = signApproval(approval, key)
  const what = describeDispatch(approval)
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: `*Approval needed*\n${options.summary}` } }
  const context: ContextBlock = {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `Sends ${what} when approved. Expires <!date^${approval.expiresAt}^{date_short_pretty} {time}|in 24 hours>.` }
    ]
  }
  const approve: Button = {
    type: 'button',
    action_id: APPROVE_ACTION_ID,
    style: 'primary',
    text: { type: 'plain_text', text: 'Approve' },
    value,
    confirm: {
      title: { type: 'plain_text', text: 'Approve?' },
      text: { type: 'mrkdwn', text: `${options.summary}\n\nThis sends ${what}.` },
      confirm: { type: 'plain_text', text: 'Approve' },
      deny: { type: 'plain_text', text: 'Cancel' }
    }
  }
  const reject: Button = {
    type: 'button',
    action_id: REJECT_ACTION_ID,
    style: 'danger',
    text: { type: 'plain_text', text: 'Reject' },
    value
  }
  const actions: ActionsBlock = { type: 'actions', block_id: `app_dispatch_${approval.id}`, elements: [approve, reject] }
  return {
    approvalId: approval.id,
    expiresAt: approval.expiresAt,
    text: `Approval needed: ${options.summary}`,
    blocks: [section, context, actions]
  }
}

/** The message that replaces the buttons once someone acted. */
export function outcomeMessage(text: string): { replace_original: true; text: string; blocks: KnownBlock[] } {
  return { replace_original: true, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }
}

/** A note only the clicker sees, leaving the message as it is. */
export function ephemeralNote(text: string): { response_type: 'ephemeral'; replace_original: false; text: string } {
  return { response_type: 'ephemeral', replace_original: false, text }
}
