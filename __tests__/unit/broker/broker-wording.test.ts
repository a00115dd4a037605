/**
 * The broker words every input error from its one table (src/broker/wording.ts):
 * its config options, its store's options, its environment variables and the
 * request's fields, including the errors of the parsers it shares with the action.
 */
import { describe, expect, test } from '@jest/globals'
import { checkBrokerConfig, type DispatchBrokerConfig } from '../../../src/broker/config.js'
import { dynamoDbBrokerStore, type DynamoDbBrokerStoreOptions } from '../../../src/broker/dynamodb-store.js'
import { brokerConfigFromEnv } from '../../../src/broker/env.js'
import { parseAsk } from '../../../src/broker/request.js'
import { dynamoDbClaimStore, type DynamoDbClaimStoreOptions } from '../../../src/slack/dynamodb-claims.js'

const config = (over: Partial<DispatchBrokerConfig>): DispatchBrokerConfig => ({
  appId: 123,
  awsKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  audience: 'https://broker.example',
  ...over
})

describe('config options', () => {
  test.each([
    [{ appId: 'x' }, "Broker option 'appId': 'x' is neither a numeric App ID"],
    [{ apiUrl: 'ftp://ghe' }, "Broker option 'apiUrl': 'ftp://ghe' is not an http(s) URL."],
    [{ ceiling: { repository: 'nope' } }, "Broker option 'ceiling.repository': invalid repository 'nope'."],
    [{ awsKmsKeyId: undefined }, "Broker option 'privateKey': is required: the App's private key, unless awsKmsKeyId names"],
    [{ policyCacheSeconds: 61 }, "Broker option 'policyCacheSeconds': must be a whole number of seconds from 0 to 60."],
    [{ tableName: 't' } as never, "Broker option 'tableName': is not a broker option."]
  ])('%j', (over, message) => {
    expect(() => checkBrokerConfig(config(over))).toThrow(message)
  })
})

test('environment variables', () => {
  expect(() => brokerConfigFromEnv({ BROKER_POLICY_CACHE_SECONDS: '1m' })).toThrow(
    'Environment variable BROKER_POLICY_CACHE_SECONDS: must be a whole number of seconds.'
  )
})

test("the stores' options", () => {
  expect(() => dynamoDbBrokerStore({} as DynamoDbBrokerStoreOptions)).toThrow(
    "dynamoDbBrokerStore option 'tableName': is required: a DynamoDB table"
  )
  expect(() => dynamoDbClaimStore({} as DynamoDbClaimStoreOptions)).toThrow(
    "dynamoDbClaimStore option 'tableName': is required: a DynamoDB table"
  )
})

describe('request fields', () => {
  const ask = (body: Record<string, unknown>): string => JSON.stringify({ repository: 'o/r', distinct_id: 'abcdefgh-1', ...body })
  test.each([
    [
      { event_type: 'deploy.yml' },
      "Request field 'event_type': 'deploy.yml' is a workflow file name, not an event type: did you mean `workflow: deploy.yml`?"
    ],
    [{ workflow: 'deploy.yml', client_payload: {} }, "Request field 'client_payload': applies only to repository_dispatch."],
    [{ event_type: 'e', client_payload: { a: [1] }, wait: 'yes' }, "Request field 'wait': must be true or false."],
    [{ repository: 'nope', event_type: 'e' }, "Request field 'repository': invalid repository 'nope'."],
    [{ event_type: 'e', extra: 1 }, "Request field 'extra': is not a field of the broker's dispatch request"]
  ])('%j', (body, message) => {
    expect(() => parseAsk(ask(body))).toThrow(message)
  })
})
