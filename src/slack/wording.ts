/**
 * The Slack handler's wording, its one table: its options by their names
 * (and its claim store's, and the environment variables configFromEnv
 * reads), and for the inputs the shared parsers name, the handler's option
 * that holds them (`app-id` → `appId`). How a message names an input is
 * described in model/placeholders.ts.
 */
import type { Wording } from '../model/wording.js'

const OPTION_NAMES: Readonly<Record<string, string>> = { 'app-id': 'appId', 'private-key': 'privateKey', 'event-type': 'allowedEventTypes' }
const option = (name: string): string => OPTION_NAMES[name] ?? name

/** The handler's config (validateConfig). */
export const SLACK_WORDING: Wording = { label: name => `Slack handler option '${option(name)}'`, terms: option }

/** dynamoDbClaimStore's options. */
export const CLAIMS_WORDING: Wording = { label: name => `dynamoDbClaimStore option '${name}'`, terms: name => name }

/** The environment variables configFromEnv reads. */
export const ENV_WORDING: Wording = { label: name => `Environment variable ${name}`, terms: name => name }
