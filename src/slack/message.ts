/**
 * The "Approve / Reject" Block Kit message for a pending dispatch, typed
 * against @slack/types. The buttons carry a signed approval (see
 * approval-token.ts); the message and the confirm dialog show exactly what
 * will be sent (repository, event type and the client_payload itself), from
 * the same values that are signed. The summary is the requester's words; the
 * payload is what the receiving workflow acts on.
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types'
import { APPROVED_BY_KEY, checkApprovalKey, newApproval, signApproval, type Approval } from './approval-token.js'
import { mrkdwnCode } from './mrkdwn.js'
import { MESSAGE_PAYLOAD_MAX, payloadCodeBlock, payloadDigest } from './payload-view.js'

export const APPROVE_ACTION_ID = 'app_dispatch_approve'
export const REJECT_ACTION_ID = 'app_dispatch_reject'
/** Slack's limit for the text of a confirm dialog (@slack/types, Confirm.text). */
const CONFIRM_TEXT_MAX = 300
/** The event type and repository in the confirm dialog: longer ones are cut, to leave room for the payload. */
const CONFIRM_NAME_MAX = 60

export interface ApprovalMessageOptions {
  /** `owner/repo` to dispatch to. */
  repository: string
  eventType: string
  clientPayload?: Record<string, unknown> | string | undefined
  /** What is being approved, in Slack mrkdwn, e.g. "Deploy *api* `1.4.2` to *production*". Signed with the payload. */
  summary: string
  /** The key shared with the handler (APPROVAL_SIGNING_KEY). */
  approvalKey: string
  /** How long the approval stays valid; default 24 h. */
  ttlSeconds?: number | undefined
  /** Only these Slack users (U…) may decide it: signed into the approval, shown in the message. */
  approvers?: string[] | undefined
}

export interface ApprovalMessage {
  approvalId: string
  expiresAt: number
  text: string
  blocks: KnownBlock[]
}

/** "`deploy` to `octo-org/deploy`", escaped for mrkdwn; with `max`, each name cut to that length. */
export function describeDispatch(approval: Pick<Approval, 'eventType' | 'repository'>, max?: number): string {
  return `${mrkdwnCode(approval.eventType, max)} to ${mrkdwnCode(approval.repository, max)}`
}

/** The payload section: what the receiving workflow gets, exactly as signed, and what the handler adds. */
export function payloadSection(approval: Pick<Approval, 'clientPayloadJson'>): SectionBlock {
  const block = payloadCodeBlock(approval.clientPayloadJson, MESSAGE_PAYLOAD_MAX, 2)
  const cut = block.cut
    ? `\n_Cut to fit: the whole payload is ${block.length} characters; the sha256 of its canonical JSON (sorted keys, no spaces) starts \`${payloadDigest(approval.clientPayloadJson)}\`._`
    : ''
  const text = `*client_payload* (as signed; the handler adds \`${APPROVED_BY_KEY}\`, the approver's Slack user ID):\n${block.text}${cut}`
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }
}

/**
 * The confirm dialog's text, within Slack's 300 characters: where it goes,
 * the payload (compact, cut with its hash when longer), and the summary when
 * there is room left for all of it.
 */
function confirmText(approval: Approval): string {
  const what = `This sends ${describeDispatch(approval, CONFIRM_NAME_MAX)}.`
  const cutNote = `\n_Cut to fit; the message shows more (sha256 \`${payloadDigest(approval.clientPayloadJson)}\`)._`
  const fences = '```\n\n…\n```'.length
  const block = payloadCodeBlock(approval.clientPayloadJson, CONFIRM_TEXT_MAX - what.length - 1 - cutNote.length - fences)
  const sent = `${what}\n${block.text}${block.cut ? cutNote : ''}`
  const withSummary = `${approval.summary}\n\n${sent}`
  return approval.summary !== '' && withSummary.length <= CONFIRM_TEXT_MAX ? withSummary : sent
}

/** The message to post (chat.postMessage) for a pending dispatch. Throws InputError for a dispatch GitHub or Slack would not take. */
export function approvalMessage(options: ApprovalMessageOptions): ApprovalMessage {
  const key = checkApprovalKey(options.approvalKey)
  const approval = newApproval(options, { ttlSeconds: options.ttlSeconds })
  const value = signApproval(approval, key)
  const what = describeDispatch(approval)
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: `*Approval needed*\n${approval.summary}` } }
  const expires = new Date(approval.expiresAt * 1000).toISOString()
  const context: ContextBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text:
          `Sends ${what} when approved. Expires <!date^${approval.expiresAt}^{date_short_pretty} {time}|${expires}>.` +
          (approval.approvers ? ` Only ${approval.approvers.map(user => `<@${user}>`).join(', ')} may decide.` : '')
      }
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
      text: { type: 'mrkdwn', text: confirmText(approval), verbatim: true },
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
    text: `Approval needed: ${approval.summary}`,
    blocks: [section, payloadSection(approval), context, actions]
  }
}

/**
 * The message that replaces the buttons once someone acted: the outcome, then
 * (for a verified approval) the summary and payload it carried, from the
 * signed value, so the channel keeps a record of what was or was not sent.
 */
export function outcomeMessage(text: string, approval?: Approval): { replace_original: true; text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }]
  if (approval !== undefined) {
    if (approval.summary !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Requested*\n${approval.summary}` } })
    blocks.push(payloadSection(approval))
  }
  return { replace_original: true, text, blocks }
}

/** A note only the clicker sees, leaving the message as it is. */
export function ephemeralNote(text: string): { response_type: 'ephemeral'; replace_original: false; text: string } {
  return { response_type: 'ephemeral', replace_original: false, text }
}
