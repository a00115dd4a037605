/**
 * Every input, declared once: its action.yml name and description, its kind,
 * the library option, the CLI flag (and environment variable), the default
 * and the help line. The action reads by `name`, the library maps `option`
 * to it, the CLI builds its parser and --help from this table, and a test
 * checks action.yml and the README's tables against it. The declarations
 * sit in one file per section (inputs-*.ts); parsing lives in src/input/,
 * keyed by `name`.
 */
import type { InputDeclaration } from './input-declaration.js'
import { APP_INPUTS } from './inputs-app.js'
import { SEND_INPUTS } from './inputs-send.js'
import { WAIT_INPUTS } from './inputs-wait.js'

export type { InputDeclaration, InputKind, Section } from './input-declaration.js'
export { OUTPUTS, type OutputDeclaration } from './outputs.js'

export const INPUTS: readonly InputDeclaration[] = [...APP_INPUTS, ...SEND_INPUTS, ...WAIT_INPUTS]

const BY_NAME = new Map(INPUTS.map(input => [input.name, input]))

export function declaration(name: string): InputDeclaration | undefined {
  return BY_NAME.get(name)
}

/** How a front end names an input in its messages. */
export type Terms = (name: string) => string

export const ACTION_TERMS: Terms = name => name
export const CLI_TERMS: Terms = name => `--${declaration(name)?.flag ?? name}`
export const LIBRARY_TERMS: Terms = name => declaration(name)?.option ?? name

/**
 * One placeholder's words in a front end: `{name}` is its term for the input,
 * `{name=value}` the setting as it writes one (`workflow: deploy.yml` in a
 * workflow's `with:` or an options object, `--workflow deploy.yml` on the
 * command line). Braces around anything that is not an input (JSON,
 * {owner}/{repo}) are left alone. Only placeholders.ts's renderMessage calls
 * it, on the placeholders `msg` marked (the design is described there).
 */
export function renderTerms(text: string, terms: Terms): string {
  return text.replace(/\{([a-z][a-z-]*)(?:=([^{}\s]+))?\}/g, (whole, name: string, value: string | undefined) => {
    if (!BY_NAME.has(name)) return whole
    const term = terms(name)
    if (value === undefined) return term
    return term.startsWith('--') ? `${term} ${value}` : `${term}: ${value}`
  })
}
