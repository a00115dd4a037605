// @ts-check
/**
 * Clicks Approve (or Reject) on an approval request the way Slack would
 * deliver the click to the handler, for trying the handler against
 * `npm run emulator`: builds the message `app-dispatch request-approval`
 * would post (signed with APPROVAL_SIGNING_KEY), then POSTs its button's
 * `block_actions` payload to the handler, signed with SLACK_SIGNING_SECRET,
 * from the first user in SLACK_ALLOWED_USERS, with SLACK_RESPONSE_URL as the
 * message's response_url. Prints the handler's answer.
 *
 *   node scripts/slack-click.js --repository OWNER/REPO --event-type TYPE [--client-payload JSON] [--reject] [--handler URL]
 *   node scripts/slack-click.js --posted [--reject] [--handler URL]
 *
 * With --posted, the click is on the last message posted to the emulator's
 * Slack stand-in (`npm run emulator -- --scenario slack`, SLACK_API_URL), as
 * `app-dispatch request-approval` posted it, with that message's response_url.
 *
 * The handler defaults to http://127.0.0.1:$APPROVAL_HANDLER_PORT; a handler
 * that is still starting gets up to 10 s to listen.
 */
/* global fetch */
import './require-node.js' // first: one clear line on a Node.js too old
import { parseArgs } from 'node:util'
import { APPROVE_ACTION_ID, REJECT_ACTION_ID, approvalMessage, signSlackRequest } from '../lib/slack/index.js'

/** @param {string} name */
function required(name) {
  const value = process.env[name]
  if (!value) {
    console.error(`$${name} is not set: paste the environment \`npm run emulator\` printed.`)
    process.exit(2)
  }
  return value
}

/** POSTs, retrying while nothing listens yet (the handler may still be starting). @param {string} url @param {RequestInit} init */
async function postWhenListening(url, init) {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      return await fetch(url, init)
    } catch (error) {
      const refused = error instanceof Error && /ECONNREFUSED/.test(String(error.cause))
      if (!refused || Date.now() > deadline) throw error
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}

const { values } = parseArgs({
  options: {
    repository: { type: 'string' },
    'event-type': { type: 'string' },
    'client-payload': { type: 'string', default: '{}' },
    reject: { type: 'boolean', default: false },
    posted: { type: 'boolean', default: false },
    handler: { type: 'string' }
  }
})
if (!values.posted && (!values.repository || !values['event-type'])) {
  console.error(
    'Usage: node scripts/slack-click.js --repository OWNER/REPO --event-type TYPE [--client-payload JSON] [--reject] [--handler URL]\n' +
      '   or: node scripts/slack-click.js --posted [--reject] [--handler URL]'
  )
  process.exit(2)
}

/**
 * The message to click on, its channel and its response_url: the last one posted to the Slack stand-in,
 * or the one request-approval would post for the flags.
 * @returns {Promise<{ blocks: Array<any>, channel: string, responseUrl: string }>}
 */
async function messageToClick() {
  if (values.posted) {
    const base = required('SLACK_API_URL').replace(/\/api\/?$/, '')
    const response = await fetch(`${base}/local/messages/latest`)
    if (!response.ok) {
      console.error(`The Slack stand-in at ${base} has no message yet: post one with app-dispatch request-approval first.`)
      process.exit(2)
    }
    return /** @type {{ blocks: Array<any>, channel: string, responseUrl: string }} */ (await response.json())
  }
  const message = approvalMessage({
    repository: values.repository ?? '',
    eventType: values['event-type'] ?? '',
    clientPayload: values['client-payload'],
    summary: `Deploy \`${values.repository}\``,
    approvalKey: required('APPROVAL_SIGNING_KEY')
  })
  return { blocks: message.blocks, channel: 'C0LOCAL', responseUrl: required('SLACK_RESPONSE_URL') }
}

const handler = values.handler ?? `http://127.0.0.1:${required('APPROVAL_HANDLER_PORT')}`
const message = await messageToClick()
const actionId = values.reject ? REJECT_ACTION_ID : APPROVE_ACTION_ID
const buttons = message.blocks.flatMap(block => (block.type === 'actions' ? block.elements : []))
const button = buttons.find(element => 'action_id' in element && element.action_id === actionId)
const value = button && 'value' in button ? button.value : undefined
const user = required('SLACK_ALLOWED_USERS').split(',')[0]?.trim()
const payload = {
  type: 'block_actions',
  user: { id: user },
  channel: { id: message.channel },
  response_url: message.responseUrl,
  actions: [{ action_id: actionId, value }]
}
const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`
const timestamp = String(Math.floor(Date.now() / 1000))
const response = await postWhenListening(handler, {
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signSlackRequest(required('SLACK_SIGNING_SECRET'), timestamp, body)
  },
  body
})
const answer = await response.text()
console.log(`${user} clicked ${values.reject ? 'Reject' : 'Approve'}; the handler answered ${response.status}${answer ? ` ${answer}` : ''}`)
process.exitCode = response.ok ? 0 : 1
