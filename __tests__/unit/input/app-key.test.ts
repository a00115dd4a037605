/**
 * Where the App's key is (src/app-key.ts): exactly one of private-key and
 * aws-kms-key-id, the region and role rules, and the same rules in the
 * library's and the Slack handler's words.
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { parseAppKey, parseKmsKeyId, regionFromKeyArn } from '../../../src/input/app-key.js'
import { parseInputs } from '../../../src/input/parse-inputs.js'
import { InputError } from '../../../src/model/errors.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { appKeyOptions, validateConfig, type SlackApprovalConfig } from '../../../src/slack/config.js'
import { configFromEnv } from '../../../src/slack/env.js'

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' }
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

function parse(inputs: Record<string, string>, env: Record<string, string> = CREDENTIALS): ReturnType<typeof parseAppKey> {
  return parseAppKey(name => inputs[name] ?? '', env)
}
function refusal(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('not refused')
}

describe('aws-kms-key-id', () => {
  test('key ID, key ARN, alias and alias ARN are accepted; anything else names the forms', () => {
    for (const id of ['1234abcd-12ab-34cd-56ef-1234567890ab', 'mrk-1234abcd12ab34cd56ef1234567890ab', 'alias/app-dispatch', ARN]) {
      expect(parseKmsKeyId(id)).toBe(id)
    }
    expect(parseKmsKeyId('arn:aws:kms:us-east-1:111122223333:alias/app')).toBe('arn:aws:kms:us-east-1:111122223333:alias/app')
    const error = refusal(() => parseKmsKeyId('app-dispatch'))
    expect(error.message).toMatch(
      /^Input 'aws-kms-key-id': 'app-dispatch' is not a KMS key\. Expected a key ID .* an alias \(alias\/NAME\)/
    )
    expect(regionFromKeyArn(ARN)).toBe('eu-west-1')
    expect(regionFromKeyArn('alias/app')).toBeUndefined()
  })
  test("the region: aws-region, else the ARN's, else AWS_REGION, else AWS_DEFAULT_REGION", () => {
    expect(parse({ 'aws-kms-key-id': ARN })).toEqual({ kind: 'aws-kms', keyId: ARN, region: 'eu-west-1', roleToAssume: undefined })
    expect(parse({ 'aws-kms-key-id': 'alias/a' }, { ...CREDENTIALS, AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'x' })).toMatchObject({
      region: 'us-east-2'
    })
    expect(parse({ 'aws-kms-key-id': 'alias/a' }, { ...CREDENTIALS, AWS_DEFAULT_REGION: 'ap-southeast-4' })).toMatchObject({
      region: 'ap-southeast-4'
    })
    expect(parse({ 'aws-kms-key-id': 'alias/a', 'aws-region': 'us-gov-west-1' })).toMatchObject({ region: 'us-gov-west-1' })
    expect(refusal(() => parse({ 'aws-kms-key-id': 'alias/a' })).message).toMatch(/^Input 'aws-region': is required/)
    expect(refusal(() => parse({ 'aws-kms-key-id': 'alias/a', 'aws-region': 'Ireland' })).message).toMatch(/'Ireland' is not an AWS region/)
  })
  test('aws-region and aws-role-to-assume without aws-kms-key-id are refused', () => {
    expect(refusal(() => parse({ 'private-key': pem, 'aws-region': 'eu-west-1' })).message).toMatch(
      /^Input 'aws-region': applies only with aws-kms-key-id/
    )
    expect(refusal(() => parse({ 'private-key': pem, 'aws-role-to-assume': 'arn:aws:iam::1:role/r' })).input).toBe('aws-role-to-assume')
  })
  test("aws-role-to-assume: an IAM role ARN, and the runner's OIDC token must be on offer", () => {
    const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }
    const role = 'arn:aws:iam::111122223333:role/ci/app-dispatch-signer'
    expect(parse({ 'aws-kms-key-id': ARN, 'aws-role-to-assume': role }, oidc)).toMatchObject({ roleToAssume: role })
    expect(refusal(() => parse({ 'aws-kms-key-id': ARN, 'aws-role-to-assume': 'dispatch' }, oidc)).message).toMatch(
      /'dispatch' is not an IAM role ARN\. Expected arn:aws:iam::ACCOUNT:role\/NAME/
    )
  })
})

describe("the step's refusals, in the action's words (what its ::error:: says; e2e/action/keyless.e2e.test.ts runs one)", () => {
  const step = { 'app-id': '12345', repository: 'octo-org/deploy', 'event-type': 'deploy' }
  const kms = { ...CREDENTIALS, AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:9' }
  const role = 'arn:aws:iam::111122223333:role/dispatch'
  test.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
    [
      'both private-key and aws-kms-key-id',
      { 'private-key': pem, 'aws-kms-key-id': ARN },
      kms,
      /Input 'private-key': and aws-kms-key-id are both set; give one/
    ],
    ['neither', {}, kms, /Input 'private-key': is required: .* unless aws-kms-key-id names the AWS KMS key/],
    [
      'an aws-region that contradicts the key ARN',
      { 'aws-kms-key-id': ARN, 'aws-region': 'us-east-1' },
      kms,
      /Input 'aws-region': is us-east-1, but the key ARN in aws-kms-key-id is in eu-west-1/
    ],
    [
      'aws-role-to-assume without id-token: write',
      { 'aws-kms-key-id': ARN, 'aws-role-to-assume': role },
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      /Input 'aws-role-to-assume': needs the job's OIDC token.*permissions: id-token: write/
    ],
    [
      'no AWS credentials at all',
      { 'aws-kms-key-id': ARN },
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      /Input 'aws-kms-key-id': needs AWS credentials/
    ]
  ])('%s', (_name, inputs, env, message) => {
    const all: Record<string, string> = { ...step, ...inputs }
    expect(refusal(() => parseInputs(name => all[name] ?? '', env)).message).toMatch(message)
  })
})

describe('the same rules in the library and the Slack handler', () => {
  test("the library's option names", () => {
    const base = { appId: 1, repository: 'o/r', eventType: 'e' }
    expect(() => planFromOptions(base)).toThrow("Option 'privateKey': is required")
    expect(() => planFromOptions({ ...base, privateKey: pem, awsKmsKeyId: ARN })).toThrow(
      "Option 'privateKey': and awsKmsKeyId are both set; give one"
    )
    expect(() => planFromOptions({ ...base, createJwt: 'sign' as never })).toThrow("Option 'createJwt': must be a function")
  })
  test('Slack: exactly one of privateKey and appKmsKeyId', () => {
    const config = (over: Partial<SlackApprovalConfig>): SlackApprovalConfig => ({
      appId: 1,
      signingSecret: 's',
      approvalKey: 'k'.repeat(40),
      allowedUsers: ['U1'],
      ...over
    })
    expect(validateConfig(config({ appKmsKeyId: 'alias/app-dispatch' })).appKmsKeyId).toBe('alias/app-dispatch')
    expect(() => validateConfig(config({}))).toThrow("Slack handler option 'privateKey': is required")
    expect(() => validateConfig(config({ privateKey: pem, appKmsKeyId: ARN }))).toThrow('and appKmsKeyId are both set')
    expect(() => validateConfig(config({ appKmsKeyId: 'my-key' }))).toThrow("Slack handler option 'appKmsKeyId': 'my-key' is not a KMS key")
  })
  test('Slack: awsKmsKeyId, as the library names it; appKmsKeyId is its older name', () => {
    const config = (over: Partial<SlackApprovalConfig>): SlackApprovalConfig => ({
      appId: 1,
      signingSecret: 's',
      approvalKey: 'k'.repeat(40),
      allowedUsers: ['U1'],
      ...over
    })
    expect(appKeyOptions(validateConfig(config({ awsKmsKeyId: ARN })))).toEqual({ awsKmsKeyId: ARN })
    expect(appKeyOptions(validateConfig(config({ appKmsKeyId: ARN })))).toEqual({ awsKmsKeyId: ARN })
    expect(appKeyOptions(validateConfig(config({ awsKmsKeyId: ARN, appKmsKeyId: ARN })))).toEqual({ awsKmsKeyId: ARN })
    expect(() => validateConfig(config({ awsKmsKeyId: ARN, appKmsKeyId: 'alias/other' }))).toThrow(
      "Slack handler option 'awsKmsKeyId': and appKmsKeyId are both set, to different keys. appKmsKeyId is the older name of awsKmsKeyId: give one."
    )
    expect(() => validateConfig(config({ privateKey: pem, awsKmsKeyId: ARN }))).toThrow(
      "Slack handler option 'privateKey': and awsKmsKeyId are both set"
    )
    expect(() => validateConfig(config({ awsKmsKeyId: 'my-key' }))).toThrow("Slack handler option 'awsKmsKeyId': 'my-key' is not a KMS key")
    expect(() => validateConfig(config({}))).toThrow('unless awsKmsKeyId names the AWS KMS key that holds it')
    expect(configFromEnv({ GITHUB_APP_KMS_KEY_ID: ARN }).awsKmsKeyId).toBe(ARN)
  })
  test('Slack: an unknown option is refused with the nearest known one', () => {
    const config = { appId: 1, privateKey: pem, signingSecret: 's', approvalKey: 'k'.repeat(40), allowedUsers: ['U1'] }
    expect(() => validateConfig({ ...config, allowedUser: ['U2'] } as never)).toThrow(
      "Slack handler option 'allowedUser': is not an option; did you mean 'allowedUsers'?"
    )
    expect(() => validateConfig({ ...config, kmsKeyId: ARN } as never)).toThrow(
      "Slack handler option 'kmsKeyId': is not an option; did you mean 'awsKmsKeyId'?"
    )
    expect(() => validateConfig({ ...config, colour: 'red' } as never)).toThrow("Slack handler option 'colour': is not an option.")
  })
})
