/**
 * The base64 body lines of a key's PKCS#8 PEM: each a form the action must mask on its own, as the runner
 * masks line by line (src/input/private-key.ts, privateKeyForms).
 */
import { createPrivateKey } from 'node:crypto'

export const pkcs8Lines = (pem: string): string[] =>
  createPrivateKey(pem)
    .export({ type: 'pkcs8', format: 'pem' })
    .toString()
    .split('\n')
    .filter(line => line.length >= 8 && !line.startsWith('-----'))
