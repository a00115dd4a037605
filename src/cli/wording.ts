/**
 * The CLI's wording, its one table: an input is named by the flag, file or
 * variable its value came from (`--wait`, `$GITHUB_APP_ID`,
 * `--private-key-file PATH`), and a missing one also by the variable it may
 * come from (`--client-id (or $GITHUB_APP_CLIENT_ID)`).
 */
import { CLI_TERMS, declaration } from '../model/input-table.js'
import type { Wording } from '../model/wording.js'

/** Without a key, three ways to give one: the flags name them all. */
const MISSING_KEY =
  "--private-key-file PATH (or $GITHUB_APP_PRIVATE_KEY) is required: the App's .pem private key; or --aws-kms-key-id KEY (or $GITHUB_APP_KMS_KEY_ID) for the AWS KMS key that holds it; or, in a GitHub Actions job, --broker-url URL for a dispatch broker that holds the App."

/** `sources`: where a value came from when not its own flag, by input name. */
export function cliWording(sources: Readonly<Record<string, string>> = {}): Wording {
  const terms = (name: string): string => sources[name] ?? CLI_TERMS(name)
  return {
    label: (input, required = false) => {
      const env = declaration(input)?.env
      return terms(input) + (env && required ? ` (or $${env})` : '')
    },
    terms,
    whole: (input, required) => (input === 'private-key' && required ? MISSING_KEY : undefined)
  }
}
