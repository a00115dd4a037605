/**
 * The App's JWT signed by AWS KMS: loaded by app-jwt.ts with import() on
 * the first signature, so the private-key path never evaluates any of it.
 * Credentials are resolved once, and again only when assumed ones are about
 * to expire (a long wait mints a fresh installation token after an hour).
 */
import type { AppKey } from '../../../model/plan.js'
import type { SignerContext, SignRs256 } from '../../signer-context.js'
import { assumeRoleWithOidc, environmentCredentials, type ResolvedCredentials } from './credentials.js'
import { kmsSign } from './kms.js'

/** Assumed credentials are renewed when less than this is left. */
const RENEW_MARGIN_MS = 2 * 60_000

export function kmsSigner(key: Extract<AppKey, { kind: 'aws-kms' }>, context: SignerContext): SignRs256 {
  const env = context.env ?? process.env
  let pending: Promise<ResolvedCredentials> | undefined
  const resolve = (): Promise<ResolvedCredentials> =>
    key.roleToAssume === undefined
      ? Promise.resolve(environmentCredentials(context, env))
      : assumeRoleWithOidc(context, env, key.roleToAssume, key.region)
  context.log.info(`The App's JWT is signed by AWS KMS key ${key.keyId} in ${key.region}; the private key never leaves KMS.`)
  const fresh = ({ credentials }: ResolvedCredentials): boolean =>
    credentials.expiresAt === undefined || credentials.expiresAt - Date.now() >= RENEW_MARGIN_MS
  // Shared by concurrent signatures; a failure is not kept (the next request asks again).
  const credentialsNow = async (): Promise<ResolvedCredentials> => {
    pending ??= resolve()
    try {
      const current = await pending
      if (fresh(current)) return current
      pending = resolve()
      return await pending
    } catch (error) {
      pending = undefined
      throw error
    }
  }
  return async signingInput => {
    const { credentials, identity } = await credentialsNow()
    return kmsSign(context, env, key, credentials, identity, signingInput)
  }
}
