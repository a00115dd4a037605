/**
 * Exactly once: before anything is sent, the handler claims the approval id.
 * The first claim wins; every later one (a replay, Slack's retry with or
 * without its header, a double click, a second approver, a second handler
 * instance sharing the store) finds the winner and sends nothing. A claim
 * lives until the approval expires or every work ticket for its click has
 * expired, whichever is later (claimExpiry in context.ts).
 */
import { randomUUID } from 'node:crypto'

export interface Claim {
  /** The approval id (or `<id>#dispatch` for the worker's own claim on Lambda). */
  id: string
  /** Slack user id of who decided. */
  user: string
  decision: 'approved' | 'rejected'
  /** Epoch seconds. */
  claimedAt: number
  /** Epoch seconds; after this the claim may be forgotten. */
  expiresAt: number
  /**
   * Random, per claim attempt: a store that finds a claim carrying the same
   * nonce knows it is its own (a write whose answer was lost and was retried).
   */
  nonce: string
}

export type ClaimResult = { won: true } | { won: false; holder: Claim | undefined }

export interface ClaimStore {
  /**
   * Atomically: store the claim unless a live one exists for the id. A live
   * claim with the same nonce is this claim (stored by an attempt whose answer
   * was lost): won.
   */
  claim(claim: Claim): Promise<ClaimResult>
  /** The live claim for an id, if any (the work checks it is the click's own). */
  read(id: string): Promise<Claim | undefined>
}

/** A fresh nonce for a claim. */
export const newClaimNonce = (): string => randomUUID()

/** For one process (a Node server): claims live in memory until they expire. */
export class MemoryClaimStore implements ClaimStore {
  private readonly claims = new Map<string, Claim>()

  claim(claim: Claim): Promise<ClaimResult> {
    // Synchronous check-and-set: no other claim can run in between on one event loop.
    const now = Math.floor(Date.now() / 1000)
    for (const [id, held] of this.claims) if (held.expiresAt < now) this.claims.delete(id)
    const holder = this.claims.get(claim.id)
    if (holder !== undefined) return Promise.resolve(holder.nonce === claim.nonce ? { won: true } : { won: false, holder })
    this.claims.set(claim.id, claim)
    return Promise.resolve({ won: true })
  }

  read(id: string): Promise<Claim | undefined> {
    // Expired or not: the work compares its nonce (and a claim outlives every work ticket for its click).
    return Promise.resolve(this.claims.get(id))
  }
}
