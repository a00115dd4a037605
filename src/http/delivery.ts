/**
 * Whether a failed request may have reached GitHub. GitHub has no
 * idempotency key for dispatches, so a dispatch is sent again only when the
 * failure proves it never arrived; everything else is "maybe". Pure.
 */
import { causeChain, networkErrorText } from './request-error.js'

/**
 * For a request sent without the socket's account (through a proxy, by undici): network errors that
 * only come from setting up a connection, before any byte of the request could be written: the name did
 * not resolve, no route, the connection was refused, or the server's certificate was not trusted
 * (checked during the handshake). Not EPROTO nor ERR_SSL_WRONG_VERSION_NUMBER: OpenSSL raises them
 * too for a bad record that arrives after the request was written (a TLS 1.2 load balancer or
 * inspection box that writes a plaintext error after forwarding it). A reset, a hang-up or a timeout
 * may come after the server read and processed the request.
 */
const CONNECT_PHASE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

interface ErrorChain {
  status?: unknown
  response?: unknown
}

/** The error codes along an error's cause chain (Octokit's RequestError → fetch's TypeError → the socket error). */
function codesOf(error: unknown): string[] {
  return [...causeChain(error)].flatMap(({ code }) => (typeof code === 'string' ? [code] : []))
}

/** Failures that come from the URL or this machine's settings, not from a passing fault: they do not go away within seconds. */
const SETTINGS_CODES = new Set([
  'ENOTFOUND',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER'
])

/**
 * True when no answer came because of the URL or the machine's settings: a host name that does not
 * resolve, an untrusted certificate, or an https:// URL that reaches a plain-http port (OpenSSL's
 * "wrong version number", which Node may report as a bare EPROTO; other EPROTO failures may pass).
 */
export function failsBySettings(error: unknown): boolean {
  if ((error as ErrorChain)?.response !== undefined) return false
  // Past the connection and handshake, the URL and the machine's settings were good.
  if (socketConnected(error) === true) return false
  const codes = codesOf(error)
  if (codes.some(code => SETTINGS_CODES.has(code))) return true
  return codes.includes('EPROTO') && /wrong version number|packet length too long/i.test(networkErrorText(error))
}

/**
 * What the socket had done when the request failed, as node-fetch.ts records it on fetch's TypeError
 * (SocketFailure.connected): true when the connection, or for https the TLS handshake, had completed or
 * a kept-alive socket was reused; undefined when the failure does not say (undici, the proxy path).
 */
export function socketConnected(error: unknown): boolean | undefined {
  for (const link of causeChain(error)) {
    const connected = (link as { connected?: unknown }).connected
    if (typeof connected === 'boolean') return connected
  }
  return undefined
}

/**
 * True when the failure proves the request never reached the server, so sending it again cannot
 * duplicate it. Judged by what the socket did, not by the error's code: never sent only when the
 * connection (for https, the TLS handshake) never completed on a fresh socket. Without the socket's
 * account, only errors that come from setting up a connection count.
 */
export function provenNotDelivered(error: unknown): boolean {
  const e = error as ErrorChain
  if (e?.response !== undefined) return false
  const connected = socketConnected(error)
  if (connected !== undefined) return !connected
  return codesOf(error).some(code => CONNECT_PHASE_CODES.has(code))
}

/** A failure after which the request may or may not have taken effect: no answer, or a 5xx. */
export function mayHaveArrived(error: unknown): boolean {
  const e = error as ErrorChain
  if (e?.response === undefined) return !provenNotDelivered(error)
  return typeof e.status === 'number' && e.status >= 500
}
