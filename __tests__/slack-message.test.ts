/**
 * The approval message says what will be sent, and a value cannot rewrite it:
 * an event type holding backticks, `<!channel>` or `&` stays inside its code
 * span, escaped as Slack's mrkdwn asks.
 */
import { expect, test } from '@jest/globals'
import { approvalMessage, type ApprovalMessage } from '../src/slack/index.js'

const KEY = 'message-approval-signing-key-0123456789abcdef'

function texts(message: ApprovalMessage): { context: string; confirm: string } {
  const blocks = message.blocks as unknown as Array<{
    type: string
    elements?: Array<{ text?: string; confirm?: { text: { text: string } } }>
  }>
  return {
    context: blocks.find(b => b.type === 'context')?.elements?.[0]?.text ?? '',
    confirm: blocks.find(b => b.type === 'actions')?.elements?.[0]?.confirm?.text.text ?? ''
  }
}

/** The code spans of a mrkdwn line, as Slack pairs the backticks. */
const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]*)`/g)].map(m => m[1] ?? '')

test('an event type with backticks cannot close its code span and name another repository', () => {
  const eventType = 'deploy` to `evil-org/prod` <!channel> & `'
  const message = approvalMessage({ repository: 'octo-org/deploy', eventType, summary: 'Deploy', approvalKey: KEY })
  const { context, confirm } = texts(message)
  for (const text of [context, confirm]) {
    const line = text.split('\n').find(l => l.includes('to `octo-org/deploy`')) ?? ''
    expect(codeSpans(line)).toEqual(['deployˋ to ˋevil-org/prodˋ &lt;!channel&gt; &amp; ˋ', 'octo-org/deploy'])
    expect(line).not.toContain('<!channel>')
  }
})

test('an ordinary event type reads as before', () => {
  const { context, confirm } = texts(
    approvalMessage({ repository: 'octo-org/deploy', eventType: 'deploy', summary: 'Deploy', approvalKey: KEY })
  )
  expect(context).toMatch(/^Sends `deploy` to `octo-org\/deploy` when approved\./)
  expect(confirm).toBe('Deploy\n\nThis sends `deploy` to `octo-org/deploy`.')
})
