/**
 * Keyless refusals, one condition at a time: the action's path in-process
 * (support/action-in-process.ts) with the App's key only in (a stand-in of) AWS
 * KMS, the role's trust policy in (a stand-in of) STS and the runner's OIDC
 * token service, against the GitHub emulator. Each refusal is one message in
 * words, as the step's ::error:: says it, final (AWS asked once, nothing
 * retried), nothing dispatched, no AWS credential or token in what the user
 * sees. The contract through the bundle (exit code, one ::error:: line, no
 * stack) is e2e/action/keyless.e2e.test.ts, with AccessDeniedException; the
 * input errors are in unit/input/app-key.test.ts.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { RunnerOidc } from '../../../../../emulator/runner-oidc.js'
import { AwsStandIn } from '../../../../../emulator/aws-standin.js'
import { leaksOf, runActionInProcess, type ActionStep } from '../../../../support/action-in-process.js'
import { stackLines } from '../../../../support/fixture.js'
import { useGitHubOnClock } from '../../../../support/use.js'

const local = useGitHubOnClock({ account: 'octo-org', repositories: ['deploy'] })
let aws: AwsStandIn
let oidc: RunnerOidc
/** The App's key, imported into KMS; an alias names it. */
let appKey: ReturnType<AwsStandIn['addKey']>
/** Credentials in the environment that may kms:Sign with appKey. */
let signer: Record<string, string>
let role: string

beforeAll(async () => {
  oidc = new RunnerOidc({ sub: 'repo:octo-org/upstream:ref:refs/heads/main' })
  await oidc.start()
  aws = new AwsStandIn({ oidcPublicKey: oidc.publicKey })
  await aws.start()
  appKey = aws.addKey({ privateKey: local.app.privateKey, alias: 'alias/app-dispatch' })
  signer = aws.addUser('dispatcher', [appKey.arn])
  role = aws.addRole('dispatch', ['repo:octo-org/upstream:ref:refs/heads/main'], [appKey.arn])
})
afterAll(async () => {
  await Promise.all([aws.stop(), oidc.stop()])
})
beforeEach(() => {
  aws.requests.length = 0
  oidc.requests.length = 0
})

/** Everything secret this test world handed out or holds. */
const secrets = (): string[] => [...local.gh.secrets(), ...aws.issued, ...oidc.issued, oidc.requestToken]
const kms = (): Record<string, string> => ({ ...signer, AWS_ENDPOINT_URL_KMS: aws.url })

/** The step with the key only in KMS; fails the test on any secret in what the user sees. */
async function runKeyless(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionStep> {
  const step = await runActionInProcess({
    apiUrl: local.gh.url,
    inputs: { 'app-id': String(local.app.id), repository: 'octo-org/deploy', 'event-type': 'deploy', ...inputs },
    env,
    clock: local.clock
  })
  expect(leaksOf(step, secrets())).toEqual([])
  return step
}

/**
 * A refusal: one message in words, no stack, nothing retried, nothing dispatched, and AWS asked once:
 * a refusal is final, so it is not sent again (the signer retries only what is transient: no answer,
 * a 5xx, throttling).
 */
function expectRefused(step: ActionStep, message: RegExp): void {
  expect(step.error).toMatch(message)
  expect(step.results).toMatchObject([{ dispatched: false }])
  expect(stackLines(`${step.error ?? ''}\n${step.log.join('\n')}`)).toEqual([])
  expect(step.log.join('\n')).not.toMatch(/retrying in/)
  expect(aws.requests).toHaveLength(1)
  expect(local.gh.dispatches).toHaveLength(0)
}

test('a key that does not exist, or is looked for in the wrong region', async () => {
  const missing = await runKeyless({ 'aws-kms-key-id': 'alias/no-such-key', 'aws-region': 'eu-west-1' }, kms())
  expectRefused(missing, /AWS KMS key alias\/no-such-key in eu-west-1 does not exist \(NotFoundException\)/)
  expect(local.gh).toHaveSentNothing()
  aws.requests.length = 0
  const wrongRegion = await runKeyless({ 'aws-kms-key-id': 'alias/app-dispatch', 'aws-region': 'us-east-1' }, kms())
  expectRefused(wrongRegion, /in us-east-1 does not exist .*set aws-region to that region or pass the key's ARN/)
  expect(aws.requests[0]?.region).toBe('us-east-1')
})

test('a disabled key, and a key whose material was never imported: the key and its state', async () => {
  const disabled = aws.addKey({ privateKey: local.app.privateKey, state: 'Disabled' })
  const pending = aws.addKey({})
  for (const key of [disabled, pending]) aws.identities.get(signer['AWS_ACCESS_KEY_ID'] ?? '')?.keys.add(key.arn)
  expectRefused(await runKeyless({ 'aws-kms-key-id': disabled.arn }, kms()), /AWS KMS key .* is disabled \(DisabledException\)/)
  aws.requests.length = 0
  expectRefused(
    await runKeyless({ 'aws-kms-key-id': pending.arn }, kms()),
    /cannot sign in its state PendingImport \(KMSInvalidStateException\).*Import the App's private key/
  )
  expect(local.gh).toHaveSentNothing()
})

test("a KMS key that is not the App's: GitHub's 401 in words", async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const wrong = aws.addKey({ privateKey: other })
  aws.identities.get(signer['AWS_ACCESS_KEY_ID'] ?? '')?.keys.add(wrong.arn)
  const step = await runKeyless({ 'aws-kms-key-id': wrong.arn }, kms())
  expectRefused(step, /the KMS key does not match the App's key: import the App's private key into it/)
  expect(local.gh.requests.map(r => r.status)).toEqual([401])
  // The credentials were handed to be masked before KMS was asked.
  expect(step.masked).toEqual(expect.arrayContaining([signer['AWS_SECRET_ACCESS_KEY'], signer['AWS_SESSION_TOKEN']]))
})

test("a job that is not in the role's trust policy: STS's AccessDenied names the job's sub", async () => {
  const other = new RunnerOidc({ sub: 'repo:octo-org/upstream:ref:refs/heads/feature', keySlot: 'oidc-other' })
  await other.start()
  aws.oidcPublicKey = other.publicKey
  try {
    const step = await runKeyless(
      { 'aws-kms-key-id': appKey.arn, 'aws-role-to-assume': role },
      { ...other.env(), AWS_ENDPOINT_URL: aws.url }
    )
    expect(other.issued).toHaveLength(1)
    expect(leaksOf(step, [...other.issued, other.requestToken])).toEqual([])
    expectRefused(
      step,
      /STS would not let this job assume .*role\/dispatch \(AccessDenied\).*"repo:octo-org\/upstream:ref:refs\/heads\/feature"/
    )
    expect(aws.requestsFor('kms')).toHaveLength(0)
    expect(aws.requestsFor('sts')).toHaveLength(1)
    expect(local.gh).toHaveSentNothing()
  } finally {
    aws.oidcPublicKey = oidc.publicKey
    await other.stop()
  }
})
