/**
 * Keyless end to end: the App's private key is only in (a stand-in of) AWS
 * KMS, which signs the JWT; the GitHub emulator verifies it with the App's
 * public key as GitHub does. The action bundle (run as the runner runs it,
 * with the runner's OIDC token service), the CLI bundle, the library and the
 * Slack handler on Lambda each dispatch; each refusal is one message in
 * words, nothing is dispatched, and no AWS credential shows anywhere.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createSign } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GitHubEmulator } from '../../../emulator/github-emulator.js'
import { findLeaks, ROOT, runAction, type StepResult } from '../../../emulator/run-action.js'
import { RunnerOidc } from '../../../emulator/runner-oidc.js'
import { AwsStandIn } from '../../../emulator/aws-standin.js'
import { startGitHub } from '../../support/github.js'
import { runCli } from '../../support/run-cli.js'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { LambdaStandIn } from '../../../emulator/lambda-standin.js'
import { stackLines } from '../../support/fixture.js'
import { tempDir } from '../../support/temp-dir.js'

let gh: GitHubEmulator
let app: ReturnType<GitHubEmulator['createApp']>
let aws: AwsStandIn
let oidc: RunnerOidc
/** The App's key, imported into KMS; an alias names it. */
let appKey: ReturnType<AwsStandIn['addKey']>
/** Credentials in the environment that may kms:Sign with appKey. */
let signer: Record<string, string>
let role: string

beforeAll(async () => {
  ;({ gh, app } = await startGitHub({ account: 'octo-org', repositories: ['deploy'] }))
  oidc = new RunnerOidc({ sub: 'repo:octo-org/upstream:ref:refs/heads/main' })
  await oidc.start()
  aws = new AwsStandIn({ oidcPublicKey: oidc.publicKey })
  await aws.start()
  appKey = aws.addKey({ privateKey: app.privateKey, alias: 'alias/app-dispatch' })
  signer = aws.addUser('dispatcher', [appKey.arn])
  role = aws.addRole('dispatch', ['repo:octo-org/upstream:ref:refs/heads/main'], [appKey.arn])
})
afterAll(async () => {
  await Promise.all([gh.stop(), aws.stop(), oidc.stop()])
})
beforeEach(() => {
  gh.reset()
  aws.requests.length = 0
  oidc.requests.length = 0
})

/** Everything secret this test world handed out or holds. */
const secrets = (): string[] => [...gh.secrets(), ...aws.issued, ...oidc.issued, oidc.requestToken]

/** Runs the action bundle with the key only in KMS; GITHUB_ENV is a file the test reads back. */
async function runKeyless(inputs: Record<string, string>, env: Record<string, string>): Promise<StepResult & { githubEnv: string }> {
  const dir = tempDir('keyless-')
  const githubEnv = join(dir, 'env')
  writeFileSync(githubEnv, '')
  const result = await runAction({
    apiUrl: gh.url,
    inputs: { 'app-id': String(app.id), repository: 'octo-org/deploy', 'event-type': 'deploy', ...inputs },
    env: { GITHUB_ENV: githubEnv, ...env }
  })
  expect(findLeaks(result, secrets())).toEqual([])
  return { ...result, githubEnv: readFileSync(githubEnv, 'utf8') }
}

/**
 * A refusal's contract: exit 1, one ::error:: line in words, no stack trace, nothing dispatched, and
 * AWS asked once: a refusal is final, so it is not sent again (the signer retries only what is
 * transient: no answer, a 5xx, throttling).
 */
function expectRefused(result: StepResult, message: RegExp): void {
  expect(result.code).toBe(1)
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toMatch(message)
  expect(stackLines(result.stdout + result.stderr)).toEqual([])
  expect(result.stdout).not.toMatch(/retrying in/)
  expect(gh.dispatches).toHaveLength(0)
}

test('the private-key path carries no AWS code: it is in a chunk only keyless signing loads with import()', () => {
  const main = readFileSync(join(ROOT, 'dist', 'index.js'), 'utf8')
  for (const marker of ['TrentService.Sign', 'AssumeRoleWithWebIdentity', 'AWS4-HMAC-SHA256']) expect(main).not.toContain(marker)
  const chunks = readdirSync(join(ROOT, 'dist')).filter(name => /^\d+\.index\.js$/.test(name))
  const aws = chunks.filter(name => readFileSync(join(ROOT, 'dist', name), 'utf8').includes('TrentService.Sign'))
  expect(aws).toHaveLength(1)
})

describe('the action, with the key only in KMS', () => {
  test('credentials from the environment: KMS signs one JWT for the run, GitHub accepts it, the dispatch lands', async () => {
    const result = await runKeyless({ 'aws-kms-key-id': appKey.arn }, { ...signer, AWS_ENDPOINT_URL_KMS: aws.url })
    expect(result.code).toBe(0)
    expect(gh.dispatches.map(d => d.repository)).toEqual(['octo-org/deploy'])
    // Both App requests carried a JWT the emulator verified with the App's public key, signed once.
    expect(gh.requests.filter(r => r.auth === 'jwt').map(r => r.status)).toEqual([200, 201])
    const signs = aws.requestsFor('kms')
    expect(signs).toHaveLength(1)
    expect(signs[0]?.headers['x-amz-target']).toBe('TrentService.Sign')
    expect(JSON.parse(signs[0]?.body ?? '{}')).toMatchObject({
      KeyId: appKey.arn,
      MessageType: 'RAW',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256'
    })
    expect(signs[0]?.region).toBe('eu-west-1')
    // The credentials are masked before use, and nothing is exported to later steps.
    expect(result.masks).toEqual(expect.arrayContaining([signer['AWS_SECRET_ACCESS_KEY'], signer['AWS_SESSION_TOKEN']]))
    expect(result.githubEnv).toBe('')
    expect(result.stdout).toContain(`The App's JWT is signed by AWS KMS key ${appKey.arn} in eu-west-1`)
  })

  test("aws-role-to-assume: the job's OIDC token for STS, 15-minute credentials for KMS, all masked, none exported", async () => {
    const result = await runKeyless(
      { 'aws-kms-key-id': 'alias/app-dispatch', 'aws-region': 'eu-west-1', 'aws-role-to-assume': role },
      { ...oidc.env(), AWS_ENDPOINT_URL_KMS: aws.url, AWS_ENDPOINT_URL_STS: aws.url, GITHUB_RUN_ID: '42' }
    )
    expect(result.code).toBe(0)
    expect(gh.dispatches).toHaveLength(1)
    expect(oidc.requests).toEqual([{ audience: 'sts.amazonaws.com', authorized: true }])
    const assume = new URLSearchParams(aws.requestsFor('sts')[0]?.body)
    expect([assume.get('RoleArn'), assume.get('DurationSeconds'), assume.get('RoleSessionName')]).toEqual([role, '900', 'app-dispatch-42'])
    // KMS was called with the assumed credentials, not any from the environment.
    expect(aws.requestsFor('kms').map(r => r.accessKeyId?.slice(0, 4))).toEqual(['ASIA'])
    const assumed = aws.issued.slice(-3)
    expect(result.masks).toEqual(expect.arrayContaining([...assumed, oidc.issued[0], oidc.requestToken]))
    expect(result.githubEnv).toBe('')
    expect(result.stdout).toMatch(/Assumed arn:aws:iam::111122223333:role\/dispatch with the job's OIDC token/)
  })

  test('AWS_ENDPOINT_URL serves both; AWS_ENDPOINT_URL_KMS wins over it', async () => {
    const both = await runKeyless(
      { 'aws-kms-key-id': appKey.arn, 'aws-role-to-assume': role },
      { ...oidc.env(), AWS_ENDPOINT_URL: aws.url }
    )
    expect(both.code).toBe(0)
    expect(aws.requests.map(r => r.service)).toEqual(['sts', 'kms'])
    gh.reset()
    const kmsWins = await runKeyless(
      { 'aws-kms-key-id': appKey.arn },
      { ...signer, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_KMS: aws.url }
    )
    expect(kmsWins.code).toBe(0)
    expect(gh.dispatches).toHaveLength(1)
  })
})

describe('refusals, in words, with nothing dispatched', () => {
  // The contract through the bundle, once for an input error and once for AWS's refusal. Each other
  // refusal's words, one condition at a time: unit/input/app-key.test.ts (the input errors) and
  // unit/auth/signers/aws/kms-refusals.test.ts (KMS's and STS's refusals, GitHub's 401, in-process).
  test('both private-key and aws-kms-key-id: an input error before anything is sent', async () => {
    const both = await runKeyless(
      { 'private-key': app.privateKey, 'aws-kms-key-id': appKey.arn },
      { ...signer, AWS_ENDPOINT_URL_KMS: aws.url }
    )
    expectRefused(both, /Input 'private-key': and aws-kms-key-id are both set; give one/)
    expect(gh).toHaveSentNothing()
    expect(aws).toHaveSentNothing()
  })

  test('AccessDeniedException: which identity may not kms:Sign with which key, and the policy line', async () => {
    const stranger = aws.addUser('stranger', [])
    const result = await runKeyless({ 'aws-kms-key-id': appKey.arn }, { ...stranger, AWS_ENDPOINT_URL_KMS: aws.url })
    expectRefused(
      result,
      new RegExp(
        `arn:aws:iam::111122223333:user/stranger may not kms:Sign with ${appKey.arn} \\(AccessDeniedException\\).*"Action": "kms:Sign", "Resource": "${appKey.arn}"`
      )
    )
    expect(gh).toHaveSentNothing()
    expect(aws.requestsFor('kms')).toHaveLength(1)
  })
})

test('the CLI bundle: --aws-kms-key-id and --aws-region', async () => {
  const { code, stderr } = await runCli(
    [
      '--app-id',
      String(app.id),
      '--aws-kms-key-id',
      'alias/app-dispatch',
      '--aws-region',
      'eu-west-1',
      '--repository',
      'octo-org/deploy',
      '--event-type',
      'deploy'
    ],
    { ...signer, AWS_ENDPOINT_URL_KMS: aws.url, GITHUB_API_URL: gh.url }
  )
  expect({ code, stderr }).toEqual({ code: 0, stderr: expect.stringContaining("Dispatched 'deploy' to octo-org/deploy.") })
  expect(gh.dispatches).toHaveLength(1)
  expect(aws.requestsFor('kms')).toHaveLength(1)
  for (const secret of secrets()) expect(stderr).not.toContain(secret)
})

describe('the library', () => {
  const saved = { ...process.env }
  beforeEach(() => {
    Object.assign(process.env, signer, { AWS_ENDPOINT_URL_KMS: aws.url, AWS_REGION: 'eu-west-1' })
  })
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })

  test('awsKmsKeyId: dispatches, and hands every AWS credential to onSecret', async () => {
    const { dispatch } = await import('../../../src/lib/index.js')
    const masked: string[] = []
    const results = await dispatch({
      appId: app.id,
      awsKmsKeyId: 'alias/app-dispatch',
      repository: 'octo-org/deploy',
      eventType: 'deploy',
      apiUrl: gh.url,
      onSecret: secret => masked.push(secret)
    })
    expect(results.map(r => r.dispatched)).toEqual([true])
    expect(masked).toEqual(expect.arrayContaining(Object.values(signer)))
  })

  test('createJwt: any other signer (here a local key standing in for GCP KMS or an HSM), called once per JWT', async () => {
    const { dispatch } = await import('../../../src/lib/index.js')
    let calls = 0
    const createJwt = (appId: string | number): Promise<{ jwt: string; expiresAt: string }> => {
      calls++
      const now = Math.floor(Date.now() / 1000)
      const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
      const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: now - 60, exp: now + 540, iss: Number(appId) })}`
      const signature = createSign('RSA-SHA256').update(input).sign(app.privateKey).toString('base64url')
      return Promise.resolve({ jwt: `${input}.${signature}`, expiresAt: new Date((now + 540) * 1000).toISOString() })
    }
    const results = await dispatch({ appId: app.id, createJwt, repository: 'octo-org/deploy', eventType: 'deploy', apiUrl: gh.url })
    expect(results.map(r => r.dispatched)).toEqual([true])
    expect(calls).toBe(1)
    await expect(
      dispatch({ appId: app.id, createJwt, privateKey: app.privateKey, repository: 'octo-org/deploy', eventType: 'x' })
    ).rejects.toThrow("Option 'privateKey': cannot be combined with createJwt")
  })
})

test('the Slack handler on Lambda: GITHUB_APP_KMS_KEY_ID instead of GITHUB_APP_PRIVATE_KEY', async () => {
  const { configFromEnv, createSlackApprovalHandler, newApproval, signApproval, signSlackRequest } =
    await import('../../../src/slack/index.js')
  const SECRET = 'slack-signing-secret'
  const KEY = 'approval-signing-key-'.repeat(2)
  const saved = { ...process.env }
  Object.assign(process.env, signer, {
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_KMS_KEY_ID: 'alias/app-dispatch',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_KMS: aws.url,
    SLACK_SIGNING_SECRET: SECRET,
    APPROVAL_SIGNING_KEY: KEY,
    SLACK_ALLOWED_USERS: 'U0APPROVER',
    GITHUB_API_URL: gh.url
  })
  delete process.env['GITHUB_APP_PRIVATE_KEY']
  const logs: string[] = []
  const lambdas: LambdaStandIn[] = []
  const slack = new SlackStandIn()
  await slack.start()
  try {
    const config = configFromEnv()
    expect(config.awsKmsKeyId).toBe('alias/app-dispatch')
    const settings = {
      responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\//,
      logger: { info: (line: string) => logs.push(line), warning: (line: string) => logs.push(line) }
    }
    // As on Lambda: the invocation Slack reaches answers and hands the work to an
    // asynchronous invocation of the function (the Lambda stand-in runs it), which dispatches.
    const worker = createSlackApprovalHandler({ ...config, ...settings, asyncInvoke: false })
    const lambda = new LambdaStandIn(payload => worker.lambda(payload as never))
    const endpoint = await lambda.start()
    lambdas.push(lambda)
    const handler = createSlackApprovalHandler({
      ...config,
      ...settings,
      asyncInvoke: { functionName: 'approvals', endpoint, region: 'eu-west-1' }
    })
    const approval = newApproval({ repository: 'octo-org/deploy', eventType: 'deploy', clientPayload: { version: '1.2.3' } })
    const value = signApproval(approval, KEY)
    const body = `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        user: { id: 'U0APPROVER' },
        channel: { id: 'C0CHANNEL' },
        container: { message_ts: '1.2' },
        response_url: slack.responseUrl(),
        actions: [{ action_id: 'app_dispatch_approve', value }]
      })
    )}`
    const timestamp = String(Math.floor(Date.now() / 1000))
    const answer = await handler.lambda({
      requestContext: { http: { method: 'POST' } },
      headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SECRET, timestamp, body) },
      body
    })
    expect(answer?.statusCode).toBe(200)
    expect((await slack.waitForReplies(1))[0]?.['text']).toContain('dispatched `deploy` to `octo-org/deploy`')
    expect(lambda.invocations.map(i => [i.functionName, i.invocationType])).toEqual([['approvals', 'Event']])
    expect(gh.dispatches.map(d => [d.repository, d.event_type])).toEqual([['octo-org/deploy', 'deploy']])
    expect(aws.requestsFor('kms')).toHaveLength(1)
    for (const secret of secrets()) expect(logs.join('\n')).not.toContain(secret)
  } finally {
    for (const lambda of lambdas.splice(0)) await lambda.stop()
    await slack.stop()
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
})
