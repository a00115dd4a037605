/**
 * Claims shared by every instance of the handler (Lambda containers, several
 * servers): a DynamoDB conditional write, which DynamoDB applies atomically
 * per item: PutItem succeeds only if no item with that id exists or the one
 * there has expired. The table needs a string partition key `approval_id`;
 * turn on TTL on `expires_at` so old claims go away.
 *
 * `@aws-sdk/client-dynamodb` is loaded only when this store is used (it is
 * in every Lambda Node.js runtime; elsewhere install it next to app-dispatch).
 */
import { InputError } from '../model/errors.js'
import type { Claim, ClaimResult, ClaimStore } from './claims.js'
import { CLAIMS_WORDING } from './wording.js'

export interface DynamoDbClaimStoreOptions {
  tableName: string
  /** A configured DynamoDBClient; default: one for the environment's region and credentials. */
  client?: unknown
  /** For a client built here: endpoint override (DynamoDB Local, tests). */
  endpoint?: string | undefined
  region?: string | undefined
}

type Sdk = typeof import('@aws-sdk/client-dynamodb')

export function dynamoDbClaimStore(options: DynamoDbClaimStoreOptions): ClaimStore {
  if (typeof options?.tableName !== 'string' || options.tableName === '') {
    throw InputError.missing('tableName', 'is required: a DynamoDB table with the string partition key approval_id.', CLAIMS_WORDING)
  }
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

  async function read(id: string): Promise<Claim | undefined> {
    const { sdk, client } = await load()
    const { Item } = await client.send(
      new sdk.GetItemCommand({ TableName: options.tableName, Key: { approval_id: { S: id } }, ConsistentRead: true })
    )
    // Expired or not: the work compares its nonce (and a claim outlives every work ticket for its click).
    if (!Item) return undefined
    return {
      id,
      user: Item['user']?.S ?? '',
      decision: Item['decision']?.S === 'rejected' ? 'rejected' : 'approved',
      claimedAt: Number(Item['claimed_at']?.N ?? 0),
      expiresAt: Number(Item['expires_at']?.N ?? 0),
      nonce: Item['nonce']?.S ?? ''
    }
  }

  return {
    read,
    async claim(claim: Claim): Promise<ClaimResult> {
      const { sdk, client } = await load()
      const now = Math.floor(Date.now() / 1000)
      try {
        await client.send(
          new sdk.PutItemCommand({
            TableName: options.tableName,
            Item: {
              approval_id: { S: claim.id },
              user: { S: claim.user },
              decision: { S: claim.decision },
              claimed_at: { N: String(claim.claimedAt) },
              expires_at: { N: String(claim.expiresAt) },
              nonce: { S: claim.nonce }
            },
            ConditionExpression: 'attribute_not_exists(approval_id) OR expires_at < :now',
            ExpressionAttributeValues: { ':now': { N: String(now) } }
          })
        )
        return { won: true }
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
      }
      // The SDK retries a write whose answer was lost; the retry then fails the
      // condition against this very claim. Its nonce tells it apart from another's.
      const holder = await read(claim.id)
      if (holder?.nonce === claim.nonce) return { won: true }
      return { won: false, holder }
    }
  }
}
