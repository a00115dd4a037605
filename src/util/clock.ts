/**
 * Time as a dependency: everything that reads the time or waits (the request
 * stack's retries, the wait loop, the token session, the target run) asks a
 * Clock, passed down from the core's environment. Users always get realClock;
 * tests pass a virtual one (__tests__/support/virtual-clock.ts), so hours of
 * waiting run in-process in milliseconds.
 */
import { sleep } from './sleep.js'

/** Function properties, not methods: each may be passed on alone (e.g. `sleep` to the AWS signer). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now: () => number
  /** Waits `ms` milliseconds, or less if `signal` aborts first (it never rejects). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const realClock: Clock = { now: () => Date.now(), sleep }
