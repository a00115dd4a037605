/**
 * The broker's records in DynamoDB, in the same table as the Slack handler's
 * claims (string partition key `approval_id`, TTL on `expires_at`): one
 * function, one table. `begin` is a conditional PutItem, which DynamoDB
 * applies atomically per item, so two broker instances (or ten concurrent
 * requests) create a record once. Keys are prefixed (`broker#…`), so they
 * never meet an approval's.
 *
 * `@aws-sdk/client-dynamodb` is loaded only when this store is used (it is in
 * every Lambda Node.js runtime; elsewhere install it next to app-dispatch).
 */
import { InputError } from '../model/errors.js'
import type { BeginResult, BrokerRecord, BrokerStore, StoredAnswer } from './store.js'
import { STORE_WORDING } from './wording.js'

export interface DynamoDbBrokerStoreOptions {
  tableName: string
  /** A configured DynamoDBClient; default: one for the environment's region and credentials. */
  client?: unknown
  /** For a client built here: endpoint override (DynamoDB Local, tests). */
  endpoint?: string | undefined
  region?: string | undefined
}

type Sdk = typeof import('@aws-sdk/client-dynamodb')
type Item = Record<string, import('@aws-sdk/client-dynamodb').AttributeValue>

const PREFIX = 'broker#'

export function dynamoDbBrokerStore(
  options: DynamoDbBrokerStoreOptions
): BrokerStore & { begin(record: Omit<BrokerRecord, 'answer'>, again?: boolean): Promise<BeginResult> } {
  if (typeof options?.tableName !== 'string' || options.tableName === '') {
    throw InputError.missing('tableName', 'is required: a DynamoDB table with the string partition key approval_id.', STORE_WORDING)
  }
  const TableName = options.tableName
  let loaded: Promise<{ sdk: Sdk; client: InstanceType<Sdk['DynamoDBClient']> }> | undefined
  const load = (): NonNullable<typeof loaded> =>
    (loaded ??= import('@aws-sdk/client-dynamodb').then(sdk => ({
      sdk,
      client:
        (options.client as InstanceType<Sdk['DynamoDBClient']> | undefined) ??
        new sdk.DynamoDBClient({
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.region ? { region: options.region } : {})
        })
    })))

  const fromItem = (key: string, item: Item): BrokerRecord => {
    const answerText = item['answer']?.S
    let answer: StoredAnswer | undefined
    try {
      answer = answerText ? (JSON.parse(answerText) as StoredAnswer) : undefined
    } catch {
      answer = undefined
    }
    return {
      key,
      hash: item['hash']?.S ?? '',
      nonce: item['nonce']?.S ?? '',
      expiresAt: Number(item['expires_at']?.N ?? 0),
      ...(answer ? { answer } : {})
    }
  }

  async function read(key: string): Promise<BrokerRecord | undefined> {
    const { sdk, client } = await load()
    const { Item } = await client.send(
      new sdk.GetItemCommand({ TableName, Key: { approval_id: { S: PREFIX + key } }, ConsistentRead: true })
    )
    return Item ? fromItem(key, Item) : undefined
  }

  return {
    read,
    async begin(record, again = true): Promise<BeginResult> {
      const { sdk, client } = await load()
      const now = Math.floor(Date.now() / 1000)
      try {
        await client.send(
          new sdk.PutItemCommand({
            TableName,
            Item: {
              approval_id: { S: PREFIX + record.key },
              hash: { S: record.hash },
              nonce: { S: record.nonce },
              expires_at: { N: String(record.expiresAt) }
            },
            ConditionExpression: 'attribute_not_exists(approval_id) OR expires_at < :now',
            ExpressionAttributeValues: { ':now': { N: String(now) } }
          })
        )
        return { created: true }
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
      }
      const held = await read(record.key)
      // Gone between the two requests (an expired record swept by TTL): try once more.
      if (held === undefined) return again ? this.begin(record, false) : { created: false, record: { ...record } }
      if (held.nonce === record.nonce) return { created: true }
      return { created: false, record: held }
    },
    async settle(key, answer, expiresAt): Promise<void> {
      const { sdk, client } = await load()
      await client.send(
        new sdk.UpdateItemCommand({
          TableName,
          Key: { approval_id: { S: PREFIX + key } },
          UpdateExpression: 'SET answer = :answer, expires_at = :expires',
          ConditionExpression: 'attribute_exists(approval_id)',
          ExpressionAttributeValues: { ':answer': { S: JSON.stringify(answer) }, ':expires': { N: String(expiresAt) } }
        })
      )
    }
  }
}
