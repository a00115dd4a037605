/**
 * Failed results carry error codes (the `results` output, src/core/outcome.ts),
 * one kind of failure at a time: the action's path in-process
 * (support/action-in-process.ts) against the emulator, the results rendered in
 * the action's words. Through the bundle, once, is e2e/action/action.e2e.test.ts:
 * GitHub's 404 as github-refused with error_status and error_step, found by the
 * filter the docs give for a workflow.
 */
import { expect, test } from '@jest/globals'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { leaksOf, runCheckedInProcess, type ActionStep } from '../../support/action-in-process.js'
import { useGitHubOnClock } from '../../support/use.js'

const local = useGitHubOnClock({ repositories: ['deploy', 'docs'] })

const deploy = { repository: 'octo-org/deploy', 'event-type': 'deploy' }

/** The step with the App's credentials plus `inputs`; fails the test on any secret in what the user sees. */
async function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionStep> {
  return runCheckedInProcess(
    {
      apiUrl: local.gh.url,
      inputs: { 'app-id': String(local.app.id), 'private-key': local.app.privateKey, ...inputs },
      env,
      clock: local.clock
    },
    local.gh.secrets()
  )
}

test("GitHub's words are never rendered as input names: {wait} in its message stays {wait}", async () => {
  local.gh.fault(ROUTES.dispatches, { status: 422, body: { message: 'Unknown field {wait} (try {wait-timeout=60})' } })
  const step = await run(deploy)
  const [only] = step.results
  expect(only).toMatchObject({ dispatched: false, error_code: 'github-refused', error_status: 422, error_step: 'dispatch' })
  expect(only?.error).toBe('GitHub answered 422. GitHub said: "Unknown field {wait} (try {wait-timeout=60})".')
  expect(step.error).toContain('GitHub said: "Unknown field {wait} (try {wait-timeout=60})"')
  expect(local.gh).toHaveRevokedEveryToken()
})

test('a dispatch whose answer was lost: delivery-unknown, not sent again', async () => {
  local.gh.fault(ROUTES.dispatches, { reset: true, afterProcessing: true })
  const step = await run(deploy)
  expect(step.error).toBeDefined()
  expect(local.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
  const [only] = step.results
  expect(only).toMatchObject({ dispatched: 'unknown', error_code: 'delivery-unknown' })
  expect(only).not.toHaveProperty('error_status')
})

test('AWS KMS cannot be asked to sign (its endpoint is not an http(s) URL): the signer code, nothing sent to GitHub', async () => {
  const aws = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_ENDPOINT_URL_KMS: 'ftp://kms.example' }
  const step = await run({ ...deploy, 'private-key': '', 'aws-kms-key-id': 'alias/app-dispatch', 'aws-region': 'eu-west-1' }, aws)
  expect(step.error).toBeDefined()
  expect(local.gh).toHaveSentNothing()
  const [only] = step.results
  expect(only).toMatchObject({ dispatched: false, error_code: 'signer' })
  expect(only?.error).toContain("'ftp://kms.example' is not an http(s) URL")
  expect(only).not.toHaveProperty('error_status')
  expect(leaksOf(step, [aws.AWS_SECRET_ACCESS_KEY])).toEqual([])
  // Said once: a signer's refusal is final, not a network failure to retry.
  expect(step.log.join('\n')).not.toMatch(/retrying in/)
})
