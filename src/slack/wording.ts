/**
 * The Slack handler's wording, its one table: its options by their names,
 * and for the inputs the shared parsers name, the handler's option that
 * holds them (`app-id` → `appId`).
 */
import type { Wording } from '../model/wording.js'

const OPTION_NAMES: Readonly<Record<string, string>> = { 'app-id': 'appId', 'private-key': 'privateKey', 'event-type': 'allowedEventTypes' }
const option = (name: string): string => OPTION_NAMES[name] ?? name

export const SLACK_WORDING: Wording = { label: name => `Slack handler option '${option(name)}'`, terms: option }
