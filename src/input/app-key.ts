/**
 * Where the App's key is, from the inputs: `private-key` (the key itself) or
 * `aws-kms-key-id` (the key stays in AWS KMS, which signs the JWT), exactly
 * one of them, or the library's `createJwt` hook instead of both. Pure: the
 * few environment variables the AWS defaults come from are passed in.
 */
import { InputError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import { normalizePrivateKey } from './private-key.js'
import type { AppKey, CreateJwt } from '../model/plan.js'

/** The variables AWS tools read for these defaults (AWS_REGION …, credentials, the runner's OIDC token URL). */
export type AwsEnvironment = Readonly<Record<string, string | undefined>>

const KEY_FORMS =
  'Expected a key ID (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), ' +
  'an alias (alias/NAME) or an alias ARN (arn:aws:kms:REGION:ACCOUNT:alias/NAME).'
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i
const ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/
const KEY_ARN = /^arn:aws(?:-[a-z-]+)?:kms:([a-z0-9-]+):(\d{12}):(?:key\/[A-Za-z0-9-]{1,100}|alias\/[A-Za-z0-9/_-]{1,250})$/
const REGION = /^[a-z]{2,3}(?:-[a-z0-9]+)+-\d{1,2}$/
const ROLE_ARN = /^arn:aws(?:-[a-z-]+)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/

/** A KMS key ID, key ARN, alias or alias ARN; `input` names it in the error. */
export function parseKmsKeyId(value: string, input = 'aws-kms-key-id'): string {
  if (KEY_ID.test(value) || ALIAS.test(value) || KEY_ARN.test(value)) return value
  throw new InputError(input, msg`'${value}' is not a KMS key. ` + KEY_FORMS)
}

/** The region an ARN names (arn:aws:kms:REGION:…), or undefined for a bare key ID or alias. */
export function regionFromKeyArn(keyId: string): string | undefined {
  return KEY_ARN.exec(keyId)?.[1]
}

/**
 * The region KMS is asked in: `aws-region`, else the key ARN's, else
 * AWS_REGION / AWS_DEFAULT_REGION. A region that contradicts the ARN is
 * refused: a key is found only in its own region.
 */
function parseRegion(given: string, keyId: string, env: AwsEnvironment): string {
  const fromArn = regionFromKeyArn(keyId)
  if (given !== '') {
    if (!REGION.test(given)) throw new InputError('aws-region', msg`'${given}' is not an AWS region. Expected a name such as eu-west-1.`)
    if (fromArn !== undefined && fromArn !== given) {
      throw new InputError(
        'aws-region',
        msg`is ${given}, but the key ARN in {aws-kms-key-id} is in ${fromArn}; a KMS key is found only in its own region. Remove {aws-region} or make it ${fromArn}.`
      )
    }
    return given
  }
  const fallback = fromArn ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? ''
  if (fallback === '') {
    throw InputError.missing(
      'aws-region',
      msg`is required: {aws-kms-key-id} '${keyId}' is not an ARN, and neither AWS_REGION nor AWS_DEFAULT_REGION is set. Set {aws-region} to the key's region (e.g. eu-west-1), or pass the key's ARN.`
    )
  }
  if (!REGION.test(fallback)) throw new InputError('aws-region', msg`'${fallback}' (from the environment) is not an AWS region.`)
  return fallback
}

function parseRole(value: string, env: AwsEnvironment): string | undefined {
  if (value === '') {
    if (!env['AWS_ACCESS_KEY_ID'] || !env['AWS_SECRET_ACCESS_KEY']) {
      throw new InputError(
        'aws-kms-key-id',
        'needs AWS credentials to ask KMS to sign, and the environment has none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). ' +
          msg`Set {aws-role-to-assume} to a role this job may assume with its OIDC token (the job needs 'permissions: id-token: write'), ` +
          'or run aws-actions/configure-aws-credentials before this step.'
      )
    }
    return undefined
  }
  if (!ROLE_ARN.test(value)) {
    throw new InputError('aws-role-to-assume', msg`'${value}' is not an IAM role ARN. Expected arn:aws:iam::ACCOUNT:role/NAME.`)
  }
  if (!env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new InputError(
      'aws-role-to-assume',
      "needs the job's OIDC token, which the runner offers only to a job with 'permissions: id-token: write' " +
        msg`(ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add that permission to the job; outside GitHub Actions, remove {aws-role-to-assume} ` +
        'and provide credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).'
    )
  }
  return value
}

/**
 * The App's key from `private-key`, `aws-kms-key-id`, `aws-region` and
 * `aws-role-to-assume` (already trimmed and checked to be one line), or the
 * library's `createJwt`. Exactly one way to sign; nothing else is read.
 */
export function parseAppKey(read: (name: string) => string, env: AwsEnvironment, createJwt?: CreateJwt): AppKey {
  const rawKey = read('private-key')
  const kmsKey = read('aws-kms-key-id')
  const region = read('aws-region')
  const role = read('aws-role-to-assume')
  if (createJwt !== undefined) {
    const given = rawKey !== '' ? 'private-key' : kmsKey !== '' ? 'aws-kms-key-id' : undefined
    if (given !== undefined) throw new InputError(given, 'cannot be combined with createJwt: give one way to sign the JWT.')
    return { kind: 'create-jwt', createJwt }
  }
  if (rawKey !== '' && kmsKey !== '') {
    throw new InputError(
      'private-key',
      msg`and {aws-kms-key-id} are both set; give one: {private-key} to sign with the key itself, or {aws-kms-key-id} to have AWS KMS sign (the key is then only in KMS: remove the secret from this step).`
    )
  }
  if (kmsKey === '') {
    for (const [name, value] of [
      ['aws-region', region],
      ['aws-role-to-assume', role]
    ] as const) {
      if (value !== '')
        throw new InputError(name, msg`applies only with {aws-kms-key-id} (the App key in AWS KMS). Set that, or remove this.`)
    }
    if (rawKey === '') {
      throw InputError.missing(
        'private-key',
        msg`is required: the App's private key (.pem file), passed from a secret, unless {aws-kms-key-id} names the AWS KMS key that holds it.`
      )
    }
    return { kind: 'private-key', pem: normalizePrivateKey(rawKey) }
  }
  const keyId = parseKmsKeyId(kmsKey)
  return { kind: 'aws-kms', keyId, region: parseRegion(region, keyId, env), roleToAssume: parseRole(role, env) }
}
