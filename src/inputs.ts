/**
 * Strings in, a validated Plan out. Pure: no network, no environment, no
 * `@actions/core`. Every error names the input, says what is wrong and what
 * form is expected.
 */
import { InputError } from './errors.js'
import { normalizePrivateKey } from './private-key.js'

/** GitHub's limits for `POST /repos/{owner}/{repo}/dispatches`. */
export const EVENT_TYPE_MAX_LENGTH = 100
export const CLIENT_PAYLOAD_MAX_KEYS = 10
export const CLIENT_PAYLOAD_MAX_BYTES = 64 * 1024

export interface Target {
  owner: string
  repo: string
  /** `owner/repo` as the user wrote it. */
  fullName: string
}

export interface Plan {
  /** Numeric App ID or Client ID (`Iv…`); both are accepted as the JWT issuer. */
  appId: string
  /** PKCS#8 PEM. A secret: never log it. */
  privateKey: string
  targets: Target[]
  eventType: string
  /**
   * The payload exactly as the user wrote it (JSON text of an object), so it
   * reaches GitHub unchanged: big integers, key order and unicode included.
   */
  clientPayloadJson: string
  /** Skip the installation lookup when set. */
  installationId: number | undefined
  /** REST API base URL without a trailing slash. */
  apiUrl: string
}

/** Reads one raw input by its action.yml name; '' when not set. */
export type InputSource = (name: string) => string

export const DEFAULT_API_URL = 'https://api.github.com'

export function parseInputs(get: InputSource): Plan {
  const read = (name: string): string => get(name).trim()

  const appId = parseAppId(read('app-id'))
  const rawKey = read('private-key')
  if (rawKey === '') {
    throw new InputError(
      'private-key',
      "is required: the App's private key (.pem), usually passed as ${{ secrets.APP_PRIVATE_KEY }}."
    )
  }
  const privateKey = normalizePrivateKey(rawKey)
  const targets = [parseRepository(read('repository'))]
  const eventType = parseEventType(read('event-type'))
  const clientPayloadJson = parseClientPayload(read('client-payload'))
  const installationId = parseInstallationId(read('installation-id'))
  const apiUrl = parseApiUrl(read('github-api-url'))

  return { appId, privateKey, targets, eventType, clientPayloadJson, installationId, apiUrl }
}

export function parseAppId(value: string): string {
  if (value === '') {
    throw new InputError(
      'app-id',
      "is required: the App's numeric App ID (e.g. 123456) or its Client ID (Iv…), both shown on the App's settings page."
    )
  }
  if (/^[1-9]\d*$/.test(value) || /^Iv[0-9A-Za-z._-]+$/.test(value)) return value
  throw new InputError(
    'app-id',
    `'${value}' is neither a numeric App ID (e.g. 123456) nor a Client ID (Iv…). Copy one of them from the App's settings page.`
  )
}

// GitHub's rules: owners are 1-39 letters, digits or single hyphens; repository
// names are up to 100 letters, digits, '.', '-' or '_' and never '.' or '..'.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/

export function parseRepository(value: string, input = 'repository'): Target {
  const expected = 'Expected format {owner}/{repo}, e.g. octo-org/deploy-service.'
  if (value === '') {
    throw new InputError(input, `is required. ${expected}`)
  }
  const parts = value.split('/')
  const [owner, repo] = parts
  if (
    parts.length !== 2 ||
    owner === undefined ||
    repo === undefined ||
    !OWNER.test(owner) ||
    !REPO.test(repo) ||
    repo === '.' ||
    repo === '..'
  ) {
    throw new InputError(input, `invalid repository '${value}'. ${expected}`)
  }
  return { owner, repo: repo.replace(/\.git$/, ''), fullName: `${owner}/${repo.replace(/\.git$/, '')}` }
}

export function parseEventType(value: string): string {
  if (value === '') {
    throw new InputError(
      'event-type',
      'is required: the name the receiving workflow listens for in `on: repository_dispatch: types: [...]`, e.g. deploy.'
    )
  }
  const length = Array.from(value).length
  if (length > EVENT_TYPE_MAX_LENGTH) {
    throw new InputError(
      'event-type',
      `is ${length} characters long; GitHub allows at most ${EVENT_TYPE_MAX_LENGTH}. Use a short name and move details into client-payload.`
    )
  }
  return value
}

/** Validates the payload and returns its JSON text unchanged ('{}' when empty). */
export function parseClientPayload(value: string): string {
  if (value === '') return '{}'
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new InputError('client-payload', `is not valid JSON: ${describeJsonError(value, error)}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`
    throw new InputError('client-payload', `must be a JSON object such as {"version": "1.2.3"}, not ${kind}.`)
  }
  const keys = Object.keys(parsed)
  if (keys.length > CLIENT_PAYLOAD_MAX_KEYS) {
    throw new InputError(
      'client-payload',
      `has ${keys.length} top-level properties; GitHub allows at most ${CLIENT_PAYLOAD_MAX_KEYS}. Group some under one key, e.g. {"build": {...}}.`
    )
  }
  const bytes = Buffer.byteLength(JSON.stringify(parsed), 'utf8')
  if (bytes >= CLIENT_PAYLOAD_MAX_BYTES) {
    throw new InputError(
      'client-payload',
      `is ${bytes} bytes as JSON; GitHub requires less than ${CLIENT_PAYLOAD_MAX_BYTES} (64 KB). Send a reference (a URL, a commit SHA, an artifact name) instead of the data.`
    )
  }
  return value
}

/** "line 2, column 14 (near '}')" from a JSON.parse error, on any Node version. */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const match = /position (\d+)/.exec(message)
  let position: number | undefined = match ? Number(match[1]) : undefined
  if (position === undefined && /Unexpected end of JSON input/.test(message)) position = text.length
  if (position === undefined) return message
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  const found = position >= text.length ? 'the end of the text' : `'${text.charAt(position)}'`
  return `it breaks at line ${line}, column ${column}, at ${found}. Check quotes around keys and strings, and commas between entries.`
}

export function parseInstallationId(value: string): number | undefined {
  if (value === '') return undefined
  if (!/^[1-9]\d{0,15}$/.test(value)) {
    throw new InputError(
      'installation-id',
      `'${value}' is not an installation ID. Leave it empty to look the installation up, or give the number from the installation's settings URL (…/settings/installations/12345678).`
    )
  }
  return Number(value)
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname)
}

export function parseApiUrl(value: string): string {
  const raw = value === '' ? DEFAULT_API_URL : value
  const expected = 'Expected https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError('github-api-url', `'${raw}' is not a URL. ${expected}`)
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new InputError('github-api-url', `must not contain credentials, a query or a fragment. ${expected}`)
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new InputError(
      'github-api-url',
      `'${raw}' uses plain http, which would send the App's JWT and token in clear text. Use https:// (http is allowed only for 127.0.0.1, localhost or [::1]).`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('github-api-url', `'${raw}' is not an http(s) URL. ${expected}`)
  }
  return url.href.replace(/\/+$/, '')
}
