/**
 * Outside text shown in Slack mrkdwn, inert: Slack asks for `&`, `<` and `>`
 * to be escaped (they start entities, links and mentions), and a backtick
 * would end the code span or block a value is shown in, so the rest would
 * read as markup. Lengths are counted on the escaped text, which is what
 * Slack's limits apply to.
 *
 * Hand-written: three replacements and a cut; no maintained package does
 * Slack's escaping (the official SDKs leave it to the caller).
 */

/** Slack mrkdwn needs &, < and > escaped. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * The longest start of `text` whose escaped form has at most `max`
 * characters, cut between code points (never inside a surrogate pair or an
 * entity).
 */
export function fitMrkdwn(text: string, max: number): string {
  let length = 0
  let end = 0
  for (const char of text) {
    length += escapeMrkdwn(char).length
    if (length > max) return text.slice(0, end)
    end += char.length
  }
  return text
}

/**
 * A value in a mrkdwn code span, shown as it is: `&`, `<` and `>` escaped as
 * Slack asks; a backtick, which would close the span (mrkdwn has no escape
 * for it) and let the rest read as markup, shown as the look-alike ˋ (U+02CB).
 * With `max`, a longer value is cut to that many characters inside the span,
 * ending with `…`.
 */
export function mrkdwnCode(value: string, max = Infinity): string {
  const shown = value.replace(/`/g, '\u02cb')
  const fitted = escapeMrkdwn(shown).length > max ? `${fitMrkdwn(shown, max - 1)}…` : shown
  return `\`${escapeMrkdwn(fitted)}\``
}
