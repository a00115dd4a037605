/**
 * The handler on AWS Lambda: Slack gets its answer while GitHub is slow, the
 * dispatch lands from an asynchronous invocation of the function (a stand-in
 * for Lambda's Invoke API), and neither a retried nor a forged invocation
 * sends it again.
 */
import { expect, test } from '@jest/globals'
import { createSlackApprovalHandler, dynamoDbClaimStore, signSlackRequest } from '../../../src/slack/index.js'
import { ROUTES } from '../../../emulator/github-emulator.js'
import { LambdaStandIn } from '../../../emulator/lambda-standin.js'
import { APPROVER, AWS, envForEachTest, KEY, SECRET, signed } from '../../support/slack-world.js'
import { useDynalite, useSlackWorld } from '../../support/use.js'

const w = useSlackWorld()
const db = useDynalite()
const setEnv = envForEachTest()

test('on Lambda: Slack gets its 200 within 3 s while GitHub takes 5 s; the dispatch lands from an asynchronous invocation', async () => {
  const logs: string[] = []
  const config = {
    appId: w.app.id,
    privateKey: w.app.privateKey,
    signingSecret: SECRET,
    approvalKey: KEY,
    allowedUsers: [APPROVER],
    apiUrl: w.gh.url,
    responseUrlPattern: /^http:\/\/127\.0\.0\.1:\d+\/actions\//,
    claims: dynamoDbClaimStore({
      tableName: 'approvals',
      client: db.client()
    }),
    asyncInvoke: { functionName: 'approvals', endpoint: '', region: 'us-east-1' },
    logger: { info: (l: string) => logs.push(l), warning: (l: string) => logs.push(l) }
  }
  const handler = createSlackApprovalHandler({ ...config, asyncInvoke: false })
  const lambda = new LambdaStandIn(payload => handler.lambda(payload as never))
  config.asyncInvoke.endpoint = await lambda.start()
  setEnv(AWS)
  const front = createSlackApprovalHandler(config)
  w.gh.setRouteLatency(ROUTES.dispatches, 5000)
  const body = w.clickBody(signed())
  const timestamp = String(Math.floor(Date.now() / 1000))
  const answer = await front.lambda({
    requestContext: { http: { method: 'POST' } },
    headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SECRET, timestamp, body) },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true
  })
  // Slack has its 200 while GitHub, 5 s slow, has not processed the dispatch: the answer did not wait for it.
  expect(answer?.statusCode).toBe(200)
  expect(w.gh.dispatches).toHaveLength(0)
  expect(lambda.invocations.map(i => [i.functionName, i.invocationType])).toEqual([['approvals', 'Event']])
  await w.slack.waitForReplies(1, 15_000)
  expect(w.gh.dispatches).toHaveLength(1)
  expect(w.slack.replies[0]?.['text']).toContain('dispatched `deploy` to `octo-org/deploy`')
  // Lambda retries an async invocation that failed: the same work again sends nothing.
  await handler.lambda(lambda.invocations[0]?.payload as never)
  // A forged invocation (work without a valid ticket) sends nothing either.
  const forged = { ...(lambda.invocations[0]?.payload as object), ticket: 'forged' }
  await handler.lambda(forged as never)
  expect(w.gh.dispatches).toHaveLength(1)
  expect(logs.join('\n')).toContain("ticket is not this handler's")
  await lambda.stop()
}, 30_000)
