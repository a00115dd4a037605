/**
 * The broker's wording, its one table: its config options (`Broker option
 * 'appId'`), the options of its DynamoDB store, the environment variables
 * brokerConfigFromEnv reads, and the fields of `POST /dispatch`; and, for
 * the inputs the shared parsers name, the option or field that holds them
 * (`app-id` → `appId`, `event-type` → `event_type`). How a message names
 * an input is described in model/placeholders.ts.
 */
import type { Wording } from '../model/wording.js'

/** The config option holding each input the shared parsers name. */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  'app-id': 'appId',
  'private-key': 'privateKey',
  'aws-kms-key-id': 'awsKmsKeyId',
  'github-api-url': 'apiUrl',
  repository: 'ceiling.repository'
}
const option = (name: string): string => OPTION_NAMES[name] ?? name

/** The request field holding each input the shared parsers name. */
const FIELDS: Readonly<Record<string, string>> = { 'event-type': 'event_type', 'client-payload': 'client_payload' }
const field = (name: string): string => FIELDS[name] ?? name

/** dispatchBroker's config (checkBrokerConfig). */
export const BROKER_WORDING: Wording = { label: name => `Broker option '${option(name)}'`, terms: option }

/** dynamoDbBrokerStore's options. */
export const STORE_WORDING: Wording = { label: name => `dynamoDbBrokerStore option '${name}'`, terms: name => name }

/** The environment variables brokerConfigFromEnv reads. */
export const ENV_WORDING: Wording = { label: name => `Environment variable ${name}`, terms: name => name }

/** The body of `POST /dispatch`. */
export const REQUEST_WORDING: Wording = { label: name => `Request field '${field(name)}'`, terms: field }
