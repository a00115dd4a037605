/**
 * One parser per input: a value in, the validated value out, or an
 * InputError naming the input, what is wrong and the expected form. Pure.
 * The json-object inputs are parsed in json.ts, the boolean and number kinds
 * in numbers.ts (re-exported here).
 */
import { InputError } from '../model/errors.js'
import { msg, placeholder } from '../model/placeholders.js'
import { hasControlCharacters } from '../util/inert.js'
import type { Target } from '../model/plan.js'

/** GitHub's limits for `POST /repos/{owner}/{repo}/dispatches`. */
export const EVENT_TYPE_MAX_LENGTH = 100

export const DEFAULT_API_URL = 'https://api.github.com'
export const DEFAULT_OUTPUTS_ARTIFACT = 'app-dispatch-outputs'

/**
 * The App's identity from `client-id` or its older name `app-id`: one of them
 * (both only when equal), a Client ID (Iv…) or a numeric App ID either way.
 * `input` says which one gave it, so messages name the one the user wrote.
 */
export function parseClientId(clientId: string, appId: string): { appId: string; input: 'client-id' | 'app-id' } {
  if (clientId !== '' && appId !== '' && clientId !== appId) {
    throw new InputError(
      'client-id',
      msg`and {app-id} are both set, to different values ('${clientId}' and '${appId}'). {app-id} is the older name of {client-id}: give one.`
    )
  }
  if (clientId === '' && appId === '') {
    throw InputError.missing(
      'client-id',
      msg`is required: the App's Client ID (Iv…) or its numeric App ID (e.g. 123456), both shown on the App's settings page ({app-id}, its older name, is accepted too); or {broker-url}, a dispatch broker that holds the App.`
    )
  }
  return clientId !== '' ? { appId: parseAppId(clientId, 'client-id'), input: 'client-id' } : { appId: parseAppId(appId), input: 'app-id' }
}

export function parseAppId(value: string, input = 'app-id'): string {
  if (value === '') {
    throw InputError.missing(
      input,
      "is required: the App's numeric App ID (e.g. 123456) or its Client ID (Iv…), both shown on the App's settings page."
    )
  }
  if (/^[1-9]\d*$/.test(value) || /^Iv[0-9A-Za-z._-]+$/.test(value)) return value
  throw new InputError(
    input,
    msg`'${value}' is neither a numeric App ID (e.g. 123456) nor a Client ID (Iv…). Copy one of them from the App's settings page.`
  )
}

// GitHub's rules: owners are 1-39 letters, digits or single hyphens; repository
// names are up to 100 letters, digits, '.', '-' or '_' and never '.' or '..'.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/

/**
 * One or more `owner/repo`: text separated by newlines or commas, or an
 * array with one per element (never split again). Blank entries and
 * surrounding spaces are ignored; duplicates (compared case-insensitively,
 * as GitHub does) are dropped, keeping the first, whose name is then listed
 * once in `duplicates` so the front end can say so.
 */
export function parseTargetList(value: string | readonly string[]): { targets: Target[]; duplicates: string[] } {
  const array = typeof value !== 'string'
  const entries = (array ? value : value.split(/[\n,]/)).map(entry => entry.trim()).filter(entry => entry !== '')
  if (entries.length === 0) return { targets: [parseRepository('')], duplicates: [] }
  const seen = new Map<string, Target>()
  const duplicates = new Set<string>()
  for (const entry of entries) {
    const target = parseRepository(entry, 'repository', array ? 'Give one per element of the array.' : undefined)
    const key = target.fullName.toLowerCase()
    const first = seen.get(key)
    if (first === undefined) seen.set(key, target)
    else duplicates.add(first.fullName)
  }
  return { targets: [...seen.values()], duplicates: [...duplicates] }
}

/** The targets of parseTargetList, duplicates dropped. */
export function parseTargets(value: string): Target[] {
  return parseTargetList(value).targets
}

/** `several`: how to give several, after an invalid name (default: separated by newlines or commas). */
export function parseRepository(value: string, input = 'repository', several = 'Separate several with newlines or commas.'): Target {
  const expected = 'Expected format {owner}/{repo}, e.g. octo-org/deploy-service.'
  if (value === '') {
    throw InputError.missing(input, `is required. ${expected}`)
  }
  checkSingleLine(input, value)
  // Strip a copied clone URL's .git first, then validate what is left ('owner/..git' must not become '..').
  const parts = value.replace(/\.git$/, '').split('/')
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
    throw new InputError(input, msg`invalid repository '${value}'. ` + expected + ' ' + several)
  }
  return { owner, repo, fullName: `${owner}/${repo}` }
}

export function parseEventType(value: string): string {
  checkSingleLine('event-type', value)
  if (value === '') {
    throw InputError.missing(
      'event-type',
      'is required: the name the receiving workflow listens for in `on: repository_dispatch: types: [...]`, e.g. deploy.'
    )
  }
  if (/\.ya?ml$/i.test(value)) {
    // A workflow's file name given as the event type: the dispatch would be accepted and start nothing.
    const file = value.replace(/^\.?\/?\.github\/workflows\//, '')
    const suggestion = WORKFLOW_FILE.test(file)
      ? msg`did you mean \`` + placeholder('workflow', file) + '`?'
      : msg`to start a workflow by its file, set {workflow}.`
    throw new InputError(
      'event-type',
      msg`'${value}' is a workflow file name, not an event type: ` +
        suggestion +
        msg` (An event type is a name listed under on.repository_dispatch.types, e.g. deploy; a workflow file is started with workflow_dispatch.)`
    )
  }
  const length = Array.from(value).length
  if (length > EVENT_TYPE_MAX_LENGTH) {
    throw new InputError(
      'event-type',
      msg`is ${length} characters long; GitHub allows at most ${EVENT_TYPE_MAX_LENGTH}. Use a short name and move details into {client-payload}.`
    )
  }
  return value
}

/** Refuses a line break or control character in a one-line input (the value is not echoed: it is what could steer a log). */
export function checkSingleLine(input: string, value: string): string {
  if (hasControlCharacters(value)) {
    throw new InputError(
      input,
      'contains a line break or another control character. It must be one line of printable text; check how the value is built (a multi-line variable or an unquoted expression).'
    )
  }
  return value
}

export function parseInstallationId(value: string): number | undefined {
  if (value === '') return undefined
  if (!/^[1-9]\d{0,15}$/.test(value)) {
    throw new InputError(
      'installation-id',
      msg`'${value}' is not an installation ID. Leave it empty to look the installation up, or give the number from the installation's settings URL (…/settings/installations/12345678).`
    )
  }
  return Number(value)
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])

/** 127.0.0.0/8, localhost or [::1] (a URL's hostname). */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname)
}

export function parseApiUrl(value: string): string {
  const raw = value === '' ? DEFAULT_API_URL : value
  const expected = 'Expected https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError('github-api-url', msg`'${raw}' is not a URL. ` + expected)
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new InputError('github-api-url', `must not contain credentials, a query or a fragment. ${expected}`)
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new InputError(
      'github-api-url',
      msg`'${raw}' uses plain http, which would send the App's JWT and token in clear text. Use https:// (http is allowed only for 127.0.0.1, localhost or [::1]).`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('github-api-url', msg`'${raw}' is not an http(s) URL. ` + expected)
  }
  return url.href.replace(/\/+$/, '')
}

/** A workflow file's name under .github/workflows. */
const WORKFLOW_FILE = /^[A-Za-z0-9._-]+\.ya?ml$/

export function parseWorkflow(value: string): string {
  if (/^[1-9]\d*$/.test(value)) return value
  const name = value.replace(/^\.?\/?\.github\/workflows\//, '')
  if (WORKFLOW_FILE.test(name)) return name
  throw new InputError(
    'workflow',
    msg`'${value}' is not a workflow. Expected the file name under .github/workflows, such as deploy.yml, or the workflow's numeric ID.`
  )
}

export function parseRef(value: string): string | undefined {
  if (value === '') return undefined
  // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
  if (/[\s~^:?*[\\\u0000-\u001f\u007f]|\.\.|^\/|\/$|@\{|\.lock$|\.$/.test(value)) {
    throw new InputError('ref', msg`'${value}' is not a valid branch or tag name. Expected e.g. main, v1.2.3 or refs/heads/release.`)
  }
  return value
}

/** An artifact name as actions/upload-artifact accepts it; '' turns reading outputs off. */
export function parseArtifactName(value: string): string | undefined {
  if (value === '') return undefined
  if (value.length > 256 || /["<>|*?:\\/]/.test(value)) {
    throw new InputError(
      'outputs-artifact',
      msg`'${value}' is not an artifact name (at most 256 characters, none of " : < > | * ? \\ /). Use the name the receiving workflow uploads, default ${DEFAULT_OUTPUTS_ARTIFACT}, or leave it empty to turn outputs off.`
    )
  }
  return value
}

export {
  CLIENT_PAYLOAD_MAX_BYTES,
  CLIENT_PAYLOAD_MAX_KEYS,
  parseClientPayload,
  parseWorkflowInputs,
  WORKFLOW_INPUTS_MAX_KEYS
} from './json.js'
export {
  DEFAULT_FAILURE_LOG_LINES,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  MAX_FAILURE_LOG_LINES,
  MAX_WAIT_TIMEOUT_SECONDS,
  parseBoolean,
  parseLineCount,
  parseMaxConcurrency,
  parseSeconds
} from './numbers.js'
