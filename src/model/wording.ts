/**
 * How an input error is worded. A parser reports the input, a detail and
 * whether the input was missing; each front end words that once, at its
 * edge, from its one Wording: its name for the input (`Input 'wait'`,
 * `Option 'wait'`, `--wait`) and for the inputs the detail names as
 * `{name}` placeholders.
 *
 * A detail keeps outside text (a value the user gave, quoted back) apart
 * from our template, so placeholders are rendered only in our words: a value
 * such as `{wait}` is shown as it was given.
 */
import { ACTION_TERMS, renderTerms, type Terms } from './input-table.js'

/** One front end's words for inputs. */
export interface Wording {
  /** The input's name at the start of a message; `required`: the input was missing (not wrong). */
  label: (input: string, required?: boolean) => string
  /** Another input, named in a detail as `{name}`. */
  terms: Terms
  /** A message of its own in place of label and detail, for an error this front end words otherwise (undefined: the usual form). */
  whole?: (input: string, required: boolean) => string | undefined
}

/** The action's words, the default: its inputs as action.yml names them. */
export const ACTION_WORDING: Wording = { label: input => `Input '${input}'`, terms: ACTION_TERMS }

/** Outside text inside a detail: shown as it is. */
interface Quoted {
  readonly quoted: string
}

/** What is wrong and what is expected: our template (with `{name}` placeholders) and outside values, apart. */
export class Detail {
  constructor(readonly parts: readonly (string | Quoted)[]) {}

  /** The template with the values in place and the placeholders as written. */
  toString(): string {
    return this.parts.map(part => (typeof part === 'string' ? part : part.quoted)).join('')
  }

  /** In a front end's terms: placeholders rendered in our text only. */
  render(terms: Terms): string {
    return this.parts.map(part => (typeof part === 'string' ? renderTerms(part, terms) : part.quoted)).join('')
  }
}

/**
 * A detail from a template: each `${value}` is outside text, shown as given
 * (a Detail put in keeps its own parts). Plain strings passed as a detail
 * are ours throughout.
 */
export function detail(strings: TemplateStringsArray, ...values: unknown[]): Detail {
  const parts: (string | Quoted)[] = []
  strings.forEach((text, i) => {
    parts.push(text)
    if (i >= values.length) return
    const value = values[i]
    if (value instanceof Detail) parts.push(...value.parts)
    else parts.push({ quoted: String(value) })
  })
  return new Detail(parts)
}

/** `{input=value}`, a setting to write, for a value already checked to be plain (no braces or spaces). */
export function setting(input: string, value: string): Detail {
  return new Detail([`{${input}=${value}}`])
}

/** An input error's message in a front end's words. */
export function word(input: string, text: Detail, required: boolean, wording: Wording): string {
  return wording.whole?.(input, required) ?? `${wording.label(input, required)}: ${text.render(wording.terms)}`
}
