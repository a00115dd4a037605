/**
 * Input names in messages, rendered only at each front end's edge: the one
 * design for every message that names an input.
 *
 * The core, GitHub advice, the signers and the input parsers name inputs as
 * `{name}` ("Raise {wait-timeout}"), or a setting to write as
 * `{name=value}`, and do not know how the front end calls them; each front
 * end renders them once with its own terms (the action's input names, CLI
 * flags, library options, Slack and broker options): results and log lines
 * with renderResults and renderingLogger, an input error's detail when the
 * front end words the error (model/wording.ts, InputError.reword).
 *
 * The same messages embed outside text (GitHub's words, job names, AWS's
 * words, a value the user gave, quoted back), which may itself hold
 * `{wait}`. So the renderer does not look for braces: it renders only the
 * placeholders the `msg` tag marked, and a mark is something outside text
 * cannot carry: `msg` marks the `{name}` written in the template's own text
 * (ours), and takes the mark out of every value put into it (outside). A
 * placeholder chosen at run time is made with `placeholder`. Text built
 * without either has no marks, so it is never rendered over (a test checks
 * that every `{input}` in src/ is written in `msg`). The mark is a Unicode
 * noncharacter placed right after the opening brace, so a message that is
 * not rendered still reads as before (`plainMessage` takes the marks out).
 */
import { renderTerms, type Terms } from './input-table.js'
import type { Logger } from './logger.js'
import type { Plan } from './plan.js'

/** U+FDD0, a noncharacter ("not for interchange"): never part of a message's meaning. */
const MARK = '\uFDD0'
const MARKED = /\{\uFDD0([^{}]*)\}/g

/** What a value put into a message becomes: its text, unable to carry a mark (a forged mark becomes U+FFFD). */
function outside(value: unknown): string {
  return String(value).replaceAll(MARK, '\uFFFD')
}

/**
 * A message naming inputs: `{name}` (or `{name=value}`) in the template's own
 * text is a placeholder; every `${value}` is outside text and never one.
 * Messages are joined with `+`, not by putting one into another's `${}`
 * (that would take the inner one's marks out).
 */
export function msg(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = ''
  strings.forEach((part, i) => {
    text += part.replace(/\{(?=[a-z])/g, `{${MARK}`)
    if (i < values.length) text += outside(values[i])
  })
  return text
}

/**
 * A placeholder chosen at run time, to be joined to a message with `+`: `{input}`,
 * or with `value` the setting to write, `{input=value}` (for a value already checked
 * to be plain: no braces or spaces). The value is outside text.
 */
export function placeholder(input: string, value?: string): string {
  return `{${MARK}${outside(input)}${value === undefined ? '' : `=${outside(value)}`}}`
}

/** A message in a front end's words: each marked placeholder rendered by `terms`, outside text left as it is. */
export function renderMessage(text: string, terms: Terms): string {
  return text.replace(MARKED, (_, inner: string) => renderTerms(`{${inner}}`, terms)).replaceAll(MARK, '')
}

/** A message where no front end renders it (e.g. relayed by the broker): placeholders read `{name}`. */
export function plainMessage(text: string): string {
  return text.replaceAll(MARK, '')
}

/**
 * A front end's terms for a Plan's messages: they name the App's identity as
 * {app-id}, which is said in the words of the input that gave it (client-id or app-id).
 */
export function termsForPlan(plan: Plan, terms: Terms): Terms {
  return plan.broker === undefined && plan.appIdInput === 'client-id' ? name => terms(name === 'app-id' ? 'client-id' : name) : terms
}

/** Each result's error in the front end's words. */
export function renderResults<T extends { error?: string }>(results: T[], terms: Terms): T[] {
  return results.map(result => (result.error === undefined ? result : { ...result, error: renderMessage(result.error, terms) }))
}

/** A logger that renders the core's lines in the front end's words before they reach `log`. */
export function renderingLogger(log: Logger, terms: Terms): Logger {
  const render = (line: string): string => renderMessage(line, terms)
  return {
    debug: line => log.debug(render(line)),
    info: line => log.info(render(line)),
    notice: line => log.notice(render(line)),
    warning: line => log.warning(render(line)),
    // A group is a downstream job's log: outside text only, passed on as it is.
    ...(log.group ? { group: log.group.bind(log) } : {})
  }
}
