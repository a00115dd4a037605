/**
 * The approval message says what will be sent, and a value cannot rewrite it:
 * an event type holding backticks, `<!channel>` or `&` stays inside its code
 * span, escaped as Slack's mrkdwn asks. The message and the Approve button's
 * confirm dialog show the client_payload itself (canonical JSON, inert, cut
 * with a hash when long), and the summary is signed with it.
 */
import { describe, expect, test } from '@jest/globals'
import { createHash, createHmac } from 'node:crypto'
import { approvalMessage, ApprovalRefused, verifyApproval, type ApprovalMessage } from '../../../src/slack/index.js'

const KEY = 'message-approval-signing-key-0123456789abcdef'

function texts(message: ApprovalMessage): { context: string; confirm: string; payload: string } {
  const blocks = message.blocks as unknown as Array<{
    type: string
    text?: { text: string }
    elements?: Array<{ text?: string; confirm?: { text: { text: string } } }>
  }>
  return {
    context: blocks.find(b => b.type === 'context')?.elements?.[0]?.text ?? '',
    confirm: blocks.find(b => b.type === 'actions')?.elements?.[0]?.confirm?.text.text ?? '',
    payload: blocks.find(b => b.type === 'section' && b.text?.text.startsWith('*client_payload*'))?.text?.text ?? ''
  }
}

const approveValue = (message: ApprovalMessage): string =>
  (message.blocks.find(b => b.type === 'actions') as { elements: Array<{ value: string }> }).elements[0]?.value ?? ''

/** The contents of the mrkdwn code blocks of a text. */
const codeBlocks = (text: string): string[] => [...text.matchAll(/```\n([\s\S]*?)\n```/g)].map(m => m[1] ?? '')

/** Text as Slack shows it from mrkdwn: the three entities read back. */
const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

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
  expect(confirm).toBe('Deploy\n\nThis sends `deploy` to `octo-org/deploy`.\n```\n{}\n```')
})

describe('the approver sees the payload that will be sent', () => {
  const attack = {
    repository: 'octo-org/deploy',
    eventType: 'deploy',
    summary: 'Deploy 1.4.2 to staging',
    clientPayload: { version: '1.4.2', environment: 'production', ref: 'attacker-branch' },
    approvalKey: KEY
  }

  test('a summary saying staging over a payload saying production: the payload is in the message and the confirm dialog', () => {
    const message = approvalMessage(attack)
    const { payload, confirm } = texts(message)
    for (const text of [payload, confirm]) {
      const blocks = codeBlocks(text)
      expect(blocks).toHaveLength(1)
      expect(JSON.parse(unescape(blocks[0] ?? ''))).toEqual(attack.clientPayload)
      expect(blocks[0]).toContain('"environment"')
      expect(blocks[0]).toContain('"production"')
      expect(blocks[0]).toContain('"attacker-branch"')
    }
    // In canonical form: keys sorted, the message pretty-printed, the dialog compact.
    expect(codeBlocks(payload)[0]).toBe(JSON.stringify({ environment: 'production', ref: 'attacker-branch', version: '1.4.2' }, null, 2))
    expect(codeBlocks(confirm)[0]).toBe('{"environment":"production","ref":"attacker-branch","version":"1.4.2"}')
    expect(payload).toContain('the handler adds `approved_by`')
    expect(confirm.startsWith('Deploy 1.4.2 to staging\n\nThis sends `deploy` to `octo-org/deploy`.')).toBe(true)
  })

  test('the summary is signed with the payload: a summary changed after signing is refused', () => {
    const value = approveValue(approvalMessage(attack))
    expect(verifyApproval(value, KEY).summary).toBe('Deploy 1.4.2 to staging')
    const [prefix, body, mac] = value.split('.') as [string, string, string]
    const fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>
    expect(fields['s']).toBe('Deploy 1.4.2 to staging')
    const changed = Buffer.from(JSON.stringify({ ...fields, s: 'Deploy 1.4.2 to production' })).toString('base64url')
    expect(() => verifyApproval(`${prefix}.${changed}.${mac}`, KEY)).toThrow(
      new ApprovalRefused("The approval is not signed with this handler's key, or was changed after signing.")
    )
  })

  test("1.0.0's approvals (ad2: summary not signed, payload not shown) are refused, saying to post a new request", () => {
    const body = Buffer.from(
      JSON.stringify({ id: 'a1b2c3d4-old', r: 'octo-org/deploy', e: 'deploy', p: '{}', x: Math.floor(Date.now() / 1000) + 600 })
    ).toString('base64url')
    const value = `ad2.${body}.${createHmac('sha256', KEY).update(`ad2.${body}`).digest('base64url')}`
    expect(() => verifyApproval(value, KEY)).toThrow(
      /posted by app-dispatch 1\.0\.0, whose message did not show the payload.*post a new request/
    )
  })

  test('markup, mentions, backticks and invisible characters in payload values are inert, and read back as the same JSON', () => {
    const clientPayload = {
      note: '``` <!channel> *bold* <https://evil.example|staging> & `x`',
      'key`<@U0BOSS>': 'a\u202eb\u200bc\u2028d\u0085e',
      ref: 'main'
    }
    const message = approvalMessage({ ...attack, clientPayload })
    const { payload, confirm } = texts(message)
    for (const text of [payload, confirm]) {
      // One code block: no value closes it or opens another.
      expect(text.match(/```/g)).toHaveLength(2)
      const block = codeBlocks(text)[0] ?? ''
      expect(block).not.toMatch(/[`<>\u202e\u200b\u2028\u0085]/)
      expect(block).not.toMatch(/&(?!amp;|lt;|gt;)/)
      expect(block).toContain('\\u0060\\u0060\\u0060 &lt;!channel&gt; *bold* &lt;https://evil.example|staging&gt; &amp; \\u0060x\\u0060')
      expect(JSON.parse(unescape(block))).toEqual(clientPayload)
    }
    expect(message.blocks.find(b => b.type === 'section' && b.text?.text.startsWith('*client_payload*'))).toMatchObject({
      text: { verbatim: true }
    })
  })

  test('a long payload is cut to fit, says so, and shows the sha256 of the whole; every key stays in view', () => {
    const clientPayload = { a: Array.from({ length: 300 }, (_, i) => i), z: 'production' }
    const { payload, confirm } = texts(approvalMessage({ ...attack, clientPayload }))
    const digest = createHash('sha256').update(JSON.stringify(clientPayload)).digest('hex').slice(0, 12)
    expect(payload).toMatch(
      new RegExp(
        `Cut to fit: the whole payload is \\d+ characters; the sha256 of its canonical JSON \\(sorted keys, no spaces\\) starts \`${digest}\``
      )
    )
    expect(codeBlocks(payload)[0]).toMatch(/\n…$/)
    expect(payload.length).toBeLessThanOrEqual(3000)
    expect(confirm).toContain(`Cut to fit; the message shows more (sha256 \`${digest}\`).`)
    expect(confirm.length).toBeLessThanOrEqual(300)

    // A long string is shortened instead, so the key after it is still shown (the message has room for it all).
    const padded = { a: 'x'.repeat(1200), z: 'production' }
    const long = texts(approvalMessage({ ...attack, clientPayload: padded }))
    expect(JSON.parse(codeBlocks(long.payload)[0] ?? '')).toEqual(padded)
    expect(codeBlocks(long.confirm)[0]).toMatch(/^\{"a":"x{100,}…","z":"production"\}$/)
    expect(long.confirm).toMatch(/Cut to fit/)
    expect(long.confirm.length).toBeLessThanOrEqual(300)
  })

  test('a payload that fits is not marked as cut', () => {
    const { payload, confirm } = texts(approvalMessage(attack))
    expect(payload).not.toMatch(/Cut|sha256/)
    expect(confirm).not.toMatch(/Cut|sha256/)
  })

  test("the confirm dialog stays within Slack's 300 characters: a long summary is left to the message, long names are cut", () => {
    const summary = `Deploy ${'*api* '.repeat(60)}`
    const { confirm } = texts(approvalMessage({ ...attack, summary, eventType: 'e'.repeat(100) }))
    expect(confirm.length).toBeLessThanOrEqual(300)
    expect(confirm).not.toContain('*api*')
    expect(confirm).toContain('"attacker-branch"')
    expect(confirm).toMatch(/^This sends `e{59}…` to `octo-org\/deploy`\./)
  })
})
