/**
 * The client_payload as the approver reads it, rendered from the signed
 * value: canonical JSON (keys sorted at every level, so the same value always
 * reads the same), in a mrkdwn code block that no value can end or style,
 * cut at a readable length with a short hash of the whole when it is longer.
 *
 * The approval signs the canonical text, and the handler sends exactly that
 * text (with approved_by added), so what is shown is what is sent: a
 * duplicate key or a number JavaScript cannot hold exactly shows as it will
 * arrive.
 */
import { createHash } from 'node:crypto'
import { escapeMrkdwn, fitMrkdwn } from './mrkdwn.js'

/** How much of the payload the message shows (Slack's section text holds 3,000 characters). */
export const MESSAGE_PAYLOAD_MAX = 1500
/** Hex digits of the payload's sha256 shown when it is cut. */
const DIGEST_HEX = 12

/**
 * JSON text of a parsed value with the keys of every object sorted by UTF-16
 * code units (as RFC 8785 does). Hand-written rather than JSON.stringify of a
 * re-keyed object: JavaScript puts integer-like keys ("9", "10") first in
 * numeric order whatever the insertion order.
 */
function stringify(value: unknown, indent: number, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const record = value as Record<string, unknown>
  const items = Array.isArray(value)
    ? value.map(item => stringify(item, indent, depth + 1))
    : Object.keys(record)
        .sort()
        .map(key => `${JSON.stringify(key)}:${indent ? ' ' : ''}${stringify(record[key], indent, depth + 1)}`)
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (items.length === 0) return `${open}${close}`
  const inner = indent ? `\n${' '.repeat(indent * (depth + 1))}` : ''
  const outer = indent ? `\n${' '.repeat(indent * depth)}` : ''
  return `${open}${inner}${items.join(`,${inner}`)}${outer}${close}`
}

/**
 * JSON text with the keys of every object sorted; compact unless `indent` is
 * given. For ordinary payloads the compact form is what `jq -cS .` prints.
 */
export function canonicalJson(json: string, indent = 0): string {
  return stringify(JSON.parse(json), indent, 0)
}

/** The first hex digits of the sha256 of the payload's compact canonical JSON. */
export function payloadDigest(json: string): string {
  return createHash('sha256').update(canonicalJson(json), 'utf8').digest('hex').slice(0, DIGEST_HEX)
}

/**
 * JSON text that reads as the same value and cannot steer how Slack shows it:
 * a backtick (it would end the code block), the C1 controls, and invisible
 * format characters (bidirectional overrides and isolates, zero-width
 * characters, line and paragraph separators) are written as JSON `\u`
 * escapes. They can occur only inside strings, where the escape means the
 * same character.
 */
export function shownJson(json: string): string {
  return json.replace(/[`\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu, char =>
    Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')
  )
}

export interface PayloadBlock {
  /** The mrkdwn code block. */
  text: string
  /** Whether the block shows less than the whole payload. */
  cut: boolean
  /** Characters of the whole payload as shown. */
  length: number
}

/** Strings longer than `max` code points, keys left whole, cut to `max` and marked `…`. */
const shortened = (value: unknown, max: number): unknown => {
  if (typeof value === 'string') {
    const chars = [...value]
    return chars.length > max ? `${chars.slice(0, max).join('')}…` : value
  }
  if (Array.isArray(value)) return value.map(item => shortened(item, max))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shortened(item, max)]))
}

const longestString = (value: unknown): number =>
  typeof value === 'string'
    ? [...value].length
    : value !== null && typeof value === 'object'
      ? Math.max(0, ...Object.values(value).map(longestString))
      : 0

/** Fewest characters a shortened string keeps. */
const MIN_STRING = 8

const codeBlock = (shown: string, cut: boolean): string => `\`\`\`\n${escapeMrkdwn(shown)}${cut ? '\n…' : ''}\n\`\`\``

/**
 * The payload in a mrkdwn code block of at most `max` characters of content
 * (escaped). A longer payload first has its long strings shortened (each
 * ends with `…`), so every key stays in view, to the longest length that
 * fits; if even that is too long, the text is cut (pretty-printed, with
 * `indent`, at a line's end) and ends with a line `…`.
 */
export function payloadCodeBlock(json: string, max: number, indent = 0): PayloadBlock {
  const value: unknown = JSON.parse(json)
  const render = (shown: unknown): string => shownJson(stringify(shown, indent, 0))
  const fits = (text: string): boolean => escapeMrkdwn(text).length <= max
  const whole = render(value)
  if (fits(whole)) return { text: codeBlock(whole, false), cut: false, length: whole.length }
  let best: string | undefined
  for (let low = MIN_STRING, high = longestString(value) - 1; low <= high;) {
    const middle = Math.floor((low + high) / 2)
    const text = render(shortened(value, middle))
    if (fits(text)) [best, low] = [text, middle + 1]
    else high = middle - 1
  }
  if (best !== undefined) return { text: codeBlock(best, false), cut: true, length: whole.length }
  let fitted = fitMrkdwn(whole, max)
  if (indent > 0 && fitted.includes('\n')) fitted = fitted.slice(0, fitted.lastIndexOf('\n'))
  // Never end on half an escape: `\u00` would read as something else.
  fitted = fitted.replace(/\\(u[0-9a-f]{0,3})?$/, '')
  return { text: codeBlock(fitted, true), cut: true, length: whole.length }
}
