/**
 * What the broker remembers between requests, in a store every instance
 * shares: each OIDC token's `jti` (a replayed token is refused) and each
 * (target, distinct_id) with the hash of its request and, once known, the
 * answer it got: the idempotency key GitHub lacks.
 *
 * `begin` is the one atomic step: it creates the record unless a live one
 * exists for the key, and says which happened. A record created by this very
 * attempt (a write whose answer was lost and was retried by the SDK) is
 * recognised by its nonce.
 */
import { randomUUID } from 'node:crypto'

export interface StoredAnswer {
  status: number
  /** The JSON answer, without any token in it. */
  body: Record<string, unknown>
}

export interface BrokerRecord {
  key: string
  /** The request's hash (empty for a jti). */
  hash: string
  nonce: string
  /** Epoch seconds; after this the record may be forgotten. */
  expiresAt: number
  answer?: StoredAnswer
}

export type BeginResult = { created: true } | { created: false; record: BrokerRecord }

export interface BrokerStore {
  begin(record: Omit<BrokerRecord, 'answer'>): Promise<BeginResult>
  /** Stores the answer for a key this broker began (a later answer replaces an earlier one: pending → decided). */
  settle(key: string, answer: StoredAnswer, expiresAt: number): Promise<void>
  read(key: string): Promise<BrokerRecord | undefined>
}

export const newNonce = (): string => randomUUID()

/** For one process: records live in memory until they expire. */
export class MemoryBrokerStore implements BrokerStore {
  private readonly records = new Map<string, BrokerRecord>()

  constructor(private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000)) {}

  begin(record: Omit<BrokerRecord, 'answer'>): Promise<BeginResult> {
    // Synchronous check-and-set: nothing else runs in between on one event loop.
    const now = this.nowSeconds()
    for (const [key, held] of this.records) if (held.expiresAt < now) this.records.delete(key)
    const held = this.records.get(record.key)
    if (held !== undefined) return Promise.resolve(held.nonce === record.nonce ? { created: true } : { created: false, record: held })
    this.records.set(record.key, { ...record })
    return Promise.resolve({ created: true })
  }

  settle(key: string, answer: StoredAnswer, expiresAt: number): Promise<void> {
    const held = this.records.get(key)
    if (held !== undefined) this.records.set(key, { ...held, answer, expiresAt: Math.max(held.expiresAt, expiresAt) })
    return Promise.resolve()
  }

  read(key: string): Promise<BrokerRecord | undefined> {
    return Promise.resolve(this.records.get(key))
  }
}
