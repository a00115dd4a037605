/**
 * The broker's refusals of a caller's identity: the OIDC token could not be
 * verified (code 'unauthenticated', HTTP 401), and the broker's own OIDC
 * settings are wrong (code 'input', at creation, before any request).
 */
import { AppDispatchError } from '../../model/errors.js'
import { inertLine } from '../../util/inert.js'

/** The caller's OIDC token was refused; the message says what was wrong in one line and never holds the token. */
export class BrokerAuthError extends AppDispatchError {
  override readonly name = 'BrokerAuthError'
  constructor(message: string) {
    super('unauthenticated', message)
  }
}

/** A broker setting for OIDC is wrong: the message names the option and the fix. */
export class BrokerOidcConfigError extends AppDispatchError {
  override readonly name = 'BrokerOidcConfigError'
  constructor(message: string) {
    super('input', message)
  }
}

const SHOWN_MAX = 100

/**
 * A value from a token or a server, quoted for a message: at most 100 characters (then '…'), one line,
 * never a runner command. Claims are the caller's own words, but a message may reach a log.
 */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  const cut = text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text
  return `'${inertLine(cut)}'`
}
