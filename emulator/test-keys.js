// @ts-check
/**
 * RSA key pairs for the local GitHub's Apps and the runner's OIDC issuer.
 *
 * A 2048-bit RSA key costs about 200 ms of CPU to generate, and the test suite
 * starts some sixty Apps and issuers: 12 s of a two-core machine's test loop.
 * So each key is made once per machine and kept under the OS temporary
 * directory (in a directory only this user can read; a file that does not
 * parse is made again), by slot name ('app-0', 'app-1', 'oidc'): every
 * emulator's first App has the 'app-0' key, its second the 'app-1' key, so
 * two Apps of one emulator never share a key, and no emulator shares one with
 * its OIDC issuer. Tests that need a key nobody else has generate their own.
 *
 * These are keys of a local stand-in, never of a real App.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

const CACHE = join(tmpdir(), `app-dispatch-test-keys-${userInfo().uid}`)

/**
 * The key pair of a slot: made and stored the first time (written to a temporary name and renamed, so
 * processes starting at once each read a whole file), read back every time after.
 * @param {string} slot letters, digits and '-'
 * @returns {{ privateKey: import('node:crypto').KeyObject, publicKey: import('node:crypto').KeyObject }}
 */
export function keyPair(slot) {
  if (!/^[a-z0-9-]+$/.test(slot)) throw new Error(`key slot '${slot}': use letters, digits and '-'`)
  const file = join(CACHE, `rsa-2048-${slot}.pem`)
  const privateKey = cached(file) ?? createPrivateKey(store(file))
  return { privateKey, publicKey: createPublicKey(privateKey) }
}

/** The slot's key, unless there is none, it does not parse, or the directory is not this user's own. */
function cached(/** @type {string} */ file) {
  try {
    const dir = lstatSync(CACHE)
    if (!dir.isDirectory() || dir.uid !== userInfo().uid || (dir.mode & 0o077) !== 0) return undefined
    return createPrivateKey(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** A new key for the slot, kept for next time when the directory is this user's own (else used once). */
function store(/** @type {string} */ file) {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  try {
    mkdirSync(CACHE, { recursive: true, mode: 0o700 })
    const dir = lstatSync(CACHE)
    if (dir.isDirectory() && dir.uid === userInfo().uid && (dir.mode & 0o077) === 0) {
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
      writeFileSync(partial, pem, { mode: 0o600 })
      renameSync(partial, file)
    }
  } catch {
    // Not kept: the next run makes it again.
  }
  return pem
}
