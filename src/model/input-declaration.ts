/** What the input table says of each input: its names in each front end, its kind, defaults and help. */

export type Section = 'The App' | 'What to send' | 'Waiting'

/**
 * What kind of value an input holds: how each front end takes it and how it
 * is parsed. Text (a workflow's `with:`, a CLI flag, an environment
 * variable) is read by the action's rules; the library's typed value is
 * taken as given, never turned into text and parsed again.
 *
 * - `line`: one line of text (an ID, a name, a URL, a ref); the library also
 *   takes a number. A line break or control character is refused.
 * - `text`: text that may span lines, trimmed (the private key).
 * - `list`: several values. Text is split at the input's separators
 *   (newlines and commas); each element of an array is one value, never
 *   split again. The CLI flag may be repeated.
 * - `json-object`: a JSON object. Text is parsed and, when valid, sent
 *   unchanged; an object is sent as JSON.stringify writes it.
 * - `boolean`: true or false (text: true/True/TRUE, false/False/FALSE, as
 *   @actions/core's getBooleanInput reads it). A CLI flag without a value.
 * - `count`: a whole number (text of digits, or a number).
 * - `seconds`: a whole number of seconds (text of digits, or a number).
 */
export type InputKind = 'line' | 'text' | 'list' | 'json-object' | 'boolean' | 'count' | 'seconds'

export interface InputDeclaration {
  /** As in action.yml and `Input 'name'` messages. */
  name: string
  kind: InputKind
  /** The library's option (DispatchOptions key). */
  option: string
  /** The CLI flag, without `--`. */
  flag: string
  /** The CLI's value placeholder (--help); none for a boolean. */
  placeholder?: string
  /** The CLI's fallback environment variable. */
  env?: string
  /** Used when the input is not given (as text). */
  default?: string
  /** action.yml's default where it differs (an expression the runner fills in). */
  actionDefault?: string
  /** Required in action.yml. */
  required?: boolean
  section: Section
  /** action.yml's description. */
  description: string
  /** The CLI's one-line help. */
  help: string
}
