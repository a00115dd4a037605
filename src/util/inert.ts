/**
 * The one place that makes outside strings inert where they are shown.
 *
 * Inputs, GitHub's answers (error messages, run titles, URLs) and downstream
 * logs are data. The runner reads every stdout/stderr line whose start (after
 * white space) is `::` as a workflow command (and `##[` anywhere as the old
 * form), and the job summary renders markdown and HTML. So:
 * - `inertLine`: one log line that cannot be a command: `%`, CR, LF and other
 *   control characters escaped the way the runner escapes command data
 *   (`%25`, `%0D`, `%0A`, …), a leading `::` turned into `%3A:` and `##[` into
 *   `##%5B`.
 * - `inertHtml`: text for the summary's HTML: the same escaping of line breaks
 *   (so a table cell stays one line), then every character that HTML or
 *   markdown treats specially as a numeric entity (renders the same, means
 *   nothing).
 *
 * Hand-written: no maintained package does the runner's escaping (core escapes
 * only inside its own commands), and it is a few lines.
 */

// C0 controls but tab, DEL, C1 controls (NEL among them), and the Unicode line
// and paragraph separators; `%` first so the escapes stay unambiguous.
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const ESCAPED = /[%\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g

const percent = (c: string): string => {
  const code = c.charCodeAt(0)
  return code > 0xff ? `%u${code.toString(16).toUpperCase()}` : `%${code.toString(16).toUpperCase().padStart(2, '0')}`
}

/** True when the text holds a line break or another control character (tab allowed). */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is this module's job
  return /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/.test(text)
}

/** One line of log text that the runner shows and never executes. */
export function inertLine(text: string): string {
  return text
    .replace(ESCAPED, percent)
    .replace(/^(\s*)::/, (_, space: string) => `${space}%3A:`)
    .replace(/##\[/g, '##%5B')
}

/** Several log lines from outside (a downstream log): each made inert. */
export function inertLines(text: string): string[] {
  return text.split(/\r?\n|\r/).map(inertLine)
}

/** Text for the job summary's HTML: one line, no tags, no markdown. */
export function inertHtml(text: string): string {
  return text.replace(ESCAPED, c => (c === '%' ? c : percent(c))).replace(/[&<>"'`[\]*_#|~\\!()]/g, c => `&#${c.charCodeAt(0)};`)
}

/** An http(s) URL for an href, made inert; undefined for anything else (javascript:, data:, junk). */
export function inertHref(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? inertHtml(parsed.href) : undefined
  } catch {
    return undefined
  }
}

/**
 * Text for the message of a command that @actions/core issues (`::group::`):
 * core escapes `%`, CR and LF, and the runner unescapes them before it writes
 * `##[group]<title>` to the log, where a line break would fake log structure.
 * So line breaks and other control characters become their `%XX` form here
 * (shown as such, since core escapes this `%` again), and `##[` becomes `##%5B`.
 */
export function inertCommandMessage(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is this module's job
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, percent).replace(/##\[/g, '##%5B')
}

/**
 * JSON text for stdout that parses back to exactly the same values while no
 * line of it is a runner command: `##[` can only occur inside strings, where
 * its first `#` is written `\u0023`; U+2028/U+2029 are escaped too. (JSON
 * already escapes CR and LF inside strings, and no line of JSON.stringify's
 * output starts with `:`.)
 */
export function inertJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent)
    .replace(/#(?=#\[)/g, '\\u0023')
    .replace(/[\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16)}`)
}
