/**
 * The broker inputs: `broker-url` (the dispatch broker that holds the App)
 * and `broker-audience`. With a broker the step holds no key, so the App's
 * inputs are refused next to it, and the job's OIDC token must be on offer.
 * Pure: the two runner variables are passed in.
 */
import { InputError } from '../model/errors.js'
import { msg, placeholder } from '../model/placeholders.js'
import type { BrokerSettings } from '../model/plan.js'
import type { AwsEnvironment } from './app-key.js'
import { isLoopback } from './parsers.js'

/** What the broker replaces: the App's identity and key, and where the installation is. */
export const APP_INPUTS = [
  'client-id',
  'app-id',
  'private-key',
  'aws-kms-key-id',
  'aws-role-to-assume',
  'aws-region',
  'installation-id'
] as const

/** The audience AWS STS expects: a token minted for it must never be one a broker accepts (and the broker refuses it). */
const STS_AUDIENCE = 'sts.amazonaws.com'

export function parseBrokerUrl(raw: string): string {
  const expected = 'Expected the https URL of the dispatch broker, e.g. https://dispatch.example.com.'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError('broker-url', msg`'${raw}' is not a URL. ` + expected)
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new InputError('broker-url', `must not contain credentials, a query or a fragment. ${expected}`)
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new InputError(
      'broker-url',
      msg`'${raw}' uses plain http, which would send the job's OIDC token and the read token in clear text. Use https:// (http is allowed only for 127.0.0.1, localhost or [::1]).`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError('broker-url', msg`'${raw}' is not an http(s) URL. ` + expected)
  return url.href.replace(/\/+$/, '')
}

function parseAudience(raw: string, url: string): string {
  if (raw === '') return new URL(url).origin
  if (raw.length > 1000) throw new InputError('broker-audience', 'is longer than 1000 characters.')
  if (raw === STS_AUDIENCE) {
    throw new InputError(
      'broker-audience',
      msg`must not be ${STS_AUDIENCE}: a token for AWS STS is not one a broker may accept. Use the audience the broker is configured with (default: {broker-url}'s origin).`
    )
  }
  return raw
}

/** With a broker, cancel-downstream is refused: the step holds no token that could cancel a run. */
export function refuseCancelDownstream(): never {
  throw new InputError(
    'cancel-downstream',
    msg`is not available through a broker: the broker gives the step only a read token, which cannot cancel runs ({broker-url} is set). Remove {cancel-downstream}.`
  )
}

/**
 * The broker settings, or undefined without `broker-url` (then the App's
 * inputs apply). `read` gives trimmed single-line values.
 */
export function parseBroker(read: (name: string) => string, env: AwsEnvironment, hasCreateJwt: boolean): BrokerSettings | undefined {
  const raw = read('broker-url')
  if (raw === '') {
    if (read('broker-audience') !== '')
      throw new InputError('broker-audience', msg`applies only with {broker-url}. Set that, or remove this.`)
    return undefined
  }
  const url = parseBrokerUrl(raw)
  const given = APP_INPUTS.find(name => read(name) !== '')
  if (given !== undefined || hasCreateJwt) {
    const what = given === undefined ? 'createJwt' : placeholder(given)
    throw new InputError(
      'broker-url',
      msg`replaces {client-id} (or {app-id}), {private-key} and {aws-kms-key-id}: the broker holds the App, so this step needs no key. Remove ` +
        what +
        msg`, or remove {broker-url} to dispatch with the App yourself.`
    )
  }
  const audience = parseAudience(read('broker-audience'), url)
  const requestUrl = env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? ''
  const requestToken = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? ''
  if (requestUrl === '' || requestToken === '') {
    throw new InputError(
      'broker-url',
      "needs the job's OIDC token, which the runner offers only to a job with 'permissions: id-token: write' " +
        '(ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add that permission to the job; the broker knows the calling workflow only by that token, ' +
        'so outside GitHub Actions a broker cannot be used.'
    )
  }
  return { url, audience, oidc: { requestUrl, requestToken } }
}
