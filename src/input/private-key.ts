import type { KeyObject } from 'node:crypto'
import { createRequire } from 'node:module'
import { InputError } from '../model/errors.js'

/**
 * node:crypto, loaded when the first key is read: the CLI's --help, --version and input errors that
 * come before any key never load it (about 10 ms on Node 24; docs/performance.md). Synchronous, as
 * its callers are.
 */
const createPrivateKey: typeof import('node:crypto').createPrivateKey = input =>
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createPrivateKey(input)

const ACCEPTED =
  "Paste the App's .pem file as downloaded (PKCS#1 '-----BEGIN RSA PRIVATE KEY-----' " +
  "or PKCS#8 '-----BEGIN PRIVATE KEY-----'), with real line breaks or literal \\n, " +
  'or the whole file base64-encoded.'

/**
 * Turns the `private-key` input into a PKCS#8 PEM string.
 *
 * Accepts PKCS#1 or PKCS#8 PEM, with real newlines or literal `\n`
 * sequences (as keys stored in single-line variables often are), or the whole
 * PEM base64-encoded. Output is always PKCS#8 because the JWT signer used by
 * `@octokit/auth-app` (WebCrypto) only takes PKCS#8.
 *
 * Never puts any part of the key into an error message.
 */
export function normalizePrivateKey(raw: string): string {
  const pem = toPem(raw.trim())
  const wrong = wrongForm(pem ?? raw.trim())
  if (wrong !== undefined) throw new InputError('private-key', wrong)
  if (pem === undefined) {
    throw new InputError('private-key', `is not a PEM private key. ${ACCEPTED}`)
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pem, format: 'pem' })
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(pem) || /passphrase/i.test(String(error))
    throw new InputError(
      'private-key',
      encrypted
        ? `is encrypted with a passphrase; GitHub App keys are not. ${ACCEPTED}`
        : `could not be read as a private key (the PEM is damaged or truncated). ${ACCEPTED}`
    )
  }
  if (key.asymmetricKeyType !== 'rsa') {
    const type = key.asymmetricKeyType
    const kind = type === 'ec' ? 'an EC (elliptic-curve)' : type === undefined ? 'a non-RSA' : `an ${type.toUpperCase()}`
    throw new InputError('private-key', `is ${kind} private key; a GitHub App's key is RSA. ${ACCEPTED}`)
  }
  return key.export({ type: 'pkcs8', format: 'pem' }).toString()
}

const APP_KEY = "the App's own private key: its settings page → Private keys → Generate a private key downloads a .pem file"

/**
 * Keys of other kinds that people paste by mistake, named by what they are
 * (from the PEM label or the first word, never from the key's body) with
 * what to give instead; undefined when the text is none of them.
 */
function wrongForm(text: string): string | undefined {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1]
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY' || /^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+) /.test(text)) {
    return `is a public key (${label ? `-----BEGIN ${label}-----` : 'an SSH public key'}); the JWT is signed with ${APP_KEY}. ${ACCEPTED}`
  }
  if (label === 'OPENSSH PRIVATE KEY') {
    return `is an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----, an SSH key), not a GitHub App's key. Give ${APP_KEY}. ${ACCEPTED}`
  }
  if (label === 'EC PRIVATE KEY') {
    return `is an EC (elliptic-curve) private key (-----BEGIN EC PRIVATE KEY-----); a GitHub App's key is RSA. Give ${APP_KEY}. ${ACCEPTED}`
  }
  if (label === 'CERTIFICATE') return `is a certificate, not a private key. Give ${APP_KEY}. ${ACCEPTED}`
  if (label?.startsWith('PGP ')) return `is a PGP key, not a GitHub App's key. Give ${APP_KEY}. ${ACCEPTED}`
  if (label === undefined && looksLikePath(text)) {
    return (
      'looks like a file path; it takes the key itself, the contents of the .pem file, not its name. ' +
      'Store the whole file in a secret and pass that (the command line reads a file with --private-key-file PATH).'
    )
  }
  return undefined
}

/** One line naming a file: a path with a separator or ~, or a name ending in .pem / .key. */
function looksLikePath(text: string): boolean {
  if (text === '' || /\s/.test(text.trim()) || text.length > 1024) return false
  return /^(?:~|\.{1,2})?[/\\]/.test(text) || /^[A-Za-z]:[/\\]/.test(text) || /\.(?:pem|key)$/i.test(text)
}

function toPem(text: string): string | undefined {
  if (text.includes('-----BEGIN')) {
    // A key pasted into a one-line variable carries "\n" as two characters.
    return text.includes('\n') ? text : text.replace(/(?:\\r)?\\n/g, '\n')
  }
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) {
    const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8')
    if (decoded.includes('-----BEGIN')) return toPem(decoded.trim())
  }
  return undefined
}

/** Key lines shorter than this are not masked on their own (a short tail such as "AQAB" would mask ordinary log text). */
const MIN_MASKED_LINE = 8

/**
 * Every form of the key that could ever reach a log: the input as given, the
 * PEM after `\n` unescaping or base64 decoding, the PKCS#8 re-encoding, each
 * of them on one line, and each base64 body line on its own (the runner masks
 * line by line, so a multi-line secret alone never matches). For masking
 * before anything else happens; never throws.
 */
export function privateKeyForms(raw: string): string[] {
  const forms = new Set<string>()
  const add = (text: string | undefined): void => {
    if (text === undefined) return
    const trimmed = text.trim()
    if (trimmed === '') return
    forms.add(trimmed)
    forms.add(trimmed.replace(/\s+/g, ''))
    for (const line of trimmed.split(/\r?\n|\\r?\\n/)) {
      const body = line.trim()
      if (body.length >= MIN_MASKED_LINE && !body.startsWith('-----')) forms.add(body)
    }
  }
  add(raw)
  const pem = toPem(raw.trim())
  add(pem)
  if (pem !== undefined) {
    add(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''))
    try {
      const key = createPrivateKey({ key: pem, format: 'pem' })
      add(key.export({ type: 'pkcs8', format: 'pem' }).toString())
      add(key.export({ type: 'pkcs1', format: 'pem' }).toString())
    } catch {
      // Not a readable key: the input error says so; its raw forms are masked above.
    }
  }
  return [...forms]
}
