/**
 * One front end's words for an input error. A parser reports the input, a
 * detail (a message built with `msg`, placeholders.ts) and whether the input
 * was missing; each front end words that once, at its edge, from its one
 * Wording: its name for the input (`Input 'wait'`, `Option 'wait'`,
 * `--wait`) and its terms for the inputs the detail names.
 */
import { ACTION_TERMS, type Terms } from './input-table.js'
import { renderMessage } from './placeholders.js'

/** One front end's words for inputs. */
export interface Wording {
  /** The input's name at the start of a message; `required`: the input was missing (not wrong). */
  label: (input: string, required?: boolean) => string
  /** Another input, named in a detail as a `{name}` placeholder. */
  terms: Terms
  /** A message of its own in place of label and detail, for an error this front end words otherwise (undefined: the usual form). */
  whole?: (input: string, required: boolean) => string | undefined
}

/** The action's words, the default: its inputs as action.yml names them. */
export const ACTION_WORDING: Wording = { label: input => `Input '${input}'`, terms: ACTION_TERMS }

/** An input error's message in a front end's words: only the detail's marked placeholders are rendered. */
export function word(input: string, detail: string, required: boolean, wording: Wording): string {
  return wording.whole?.(input, required) ?? `${wording.label(input, required)}: ${renderMessage(detail, wording.terms)}`
}
