/**
 * AWS KMS `Sign` over its JSON protocol (POST /, X-Amz-Target:
 * TrentService.Sign, application/x-amz-json-1.1, SigV4 for service `kms`):
 * the JWT's `header.payload` signed RAW with RSASSA_PKCS1_V1_5_SHA_256 by
 * the key that holds the App's private key. Refusals come back in words.
 */
import { SignerError } from '../../../model/errors.js'
import { msg } from '../../../model/placeholders.js'
import type { SignerContext } from '../../signer-context.js'
import { awsEndpoint, awsRequest, oneLine, type AwsAnswer, type AwsEnv } from './http.js'
import { signRequest, type AwsCredentials } from './sigv4.js'

export interface KmsKey {
  keyId: string
  region: string
}

/** KMS's error type from a JSON error answer: `__type` without its namespace ('com.amazonaws.kms#'). */
export function kmsErrorOf(answer: AwsAnswer): { type: string; message: string } {
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(answer.text) as Record<string, unknown>
  } catch {
    // not JSON: the status says what is known
  }
  const text = (value: unknown): string => (typeof value === 'string' ? value : '')
  const type = text(body['__type']).replace(/^.*#/, '') || `HTTP ${answer.status}`
  const message = oneLine(text(body['message']) || text(body['Message']))
  return { type, message }
}

const TRANSIENT = /^(ThrottlingException|KMSInternalException|DependencyTimeoutException|LimitExceededException)$/

/** The state a KMSInvalidStateException names, in KMS's own words (PendingImport, PendingDeletion, …). */
function keyState(message: string): string | undefined {
  if (/pending import/i.test(message)) return 'PendingImport'
  if (/pending deletion/i.test(message)) return 'PendingDeletion'
  return /\b(PendingImport|PendingDeletion|PendingReplicaDeletion|Disabled|Unavailable|Creating|Updating)\b/.exec(message)?.[1]
}

/**
 * One sentence of cause and fix for a KMS refusal. `identity`: who asked
 * (the assumed role, or "the credentials in the environment"), used when KMS
 * does not name the caller itself.
 */
export function explainKmsError(type: string, message: string, key: KmsKey, identity: string): string {
  const said = message ? ` KMS said: "${message}".` : ''
  const where = `AWS KMS key ${key.keyId} in ${key.region}`
  switch (type) {
    case 'AccessDeniedException': {
      const caller = /User: (\S+) is not authorized/.exec(message)?.[1] ?? identity
      const resource = /on resource: (arn:\S+?)(?:\s|$)/.exec(message)?.[1] ?? key.keyId
      return (
        `${caller} may not kms:Sign with ${resource} (AccessDeniedException).${said} Allow it in that identity's IAM policy: ` +
        `{"Effect": "Allow", "Action": "kms:Sign", "Resource": "${resource.startsWith('arn:') ? resource : 'THE KEY ARN'}"}, ` +
        `and make sure the key policy lets the account's IAM policies grant it (docs/keyless.md).`
      )
    }
    case 'NotFoundException':
      return (
        msg`${where} does not exist (NotFoundException).${said} Check {aws-kms-key-id}; a key is found only in its own account and region: ` +
        msg`if it is in another region, set {aws-region} to that region or pass the key's ARN.`
      )
    case 'DisabledException':
      return msg`${where} is disabled (DisabledException).${said} Enable it (aws kms enable-key --key-id …) or point {aws-kms-key-id} at the key that holds the App's key.`
    case 'KMSInvalidStateException': {
      const state = keyState(message)
      const fix =
        state === 'PendingImport'
          ? "Import the App's private key into it first (docs/keyless.md)."
          : state === 'PendingDeletion'
            ? 'Cancel the deletion (aws kms cancel-key-deletion) and enable it, or use another key.'
            : "Wait for it to become Enabled, or use the key that holds the App's key."
      return `${where} cannot sign in its state${state ? ` ${state}` : ''} (KMSInvalidStateException).${said} ${fix}`
    }
    case 'InvalidKeyUsageException':
    case 'UnsupportedOperationException':
      return (
        `${where} cannot sign with RSASSA_PKCS1_V1_5_SHA_256 (${type}).${said} The App's key must be imported into a key of spec RSA_2048 ` +
        `with key usage SIGN_VERIFY (docs/keyless.md).`
      )
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'IncompleteSignature':
    case 'ExpiredTokenException':
      return msg`AWS did not accept the credentials of ${identity} (${type}).${said} They are wrong or expired: renew them, or use {aws-role-to-assume}.`
    default:
      return `${where} could not sign the App's JWT (${type}).${said}`
  }
}

/** RS256 signature of `message` by the KMS key. */
export async function kmsSign(
  context: SignerContext,
  env: AwsEnv,
  key: KmsKey,
  credentials: AwsCredentials,
  identity: string,
  message: Buffer
): Promise<Buffer> {
  const url = awsEndpoint('kms', key.region, env)
  const body = JSON.stringify({
    KeyId: key.keyId,
    Message: message.toString('base64'),
    MessageType: 'RAW',
    SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256'
  })
  const headers = (): Record<string, string> =>
    signRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Sign' },
      body,
      service: 'kms',
      region: key.region,
      credentials
    })
  const answer = await awsRequest(context, url, { method: 'POST', headers, body }, 'AWS KMS', a => TRANSIENT.test(kmsErrorOf(a).type))
  if (answer.status === 200) {
    let signature: unknown
    try {
      signature = (JSON.parse(answer.text) as { Signature?: unknown }).Signature
    } catch {
      // worded below
    }
    if (typeof signature === 'string' && signature !== '') return Buffer.from(signature, 'base64')
    throw new SignerError(`AWS KMS at ${url.origin} answered Sign without a signature.`)
  }
  const { type, message: said } = kmsErrorOf(answer)
  throw new SignerError(explainKmsError(type, said, key, identity))
}
