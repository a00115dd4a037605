/**
 * A Clock (src/util/clock.ts) for in-process tests: `now` moves only when
 * someone sleeps. Each sleep resolves on the next macrotask (setImmediate),
 * after the clock has jumped to the earliest sleeper's wake time, so minutes
 * of polls, backoffs and token lifetimes pass in milliseconds, and real I/O
 * to the emulator is never waited on by the clock (no deadlock): while a
 * request is on the wire, a sleeper elsewhere still wakes.
 */
import type { Clock } from '../../src/util/clock.js'

interface Sleeper {
  wake: number
  order: number
  resolve: () => void
}

export class VirtualClock implements Clock {
  private current: number
  private order = 0
  private readonly sleepers: Sleeper[] = []
  /** Every wait asked for, in ms, in order (aborted ones included). */
  readonly waits: number[] = []

  /** Starts at `start` (default: the real time now). */
  constructor(start = Date.now()) {
    this.current = start
  }

  readonly now = (): number => this.current

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise(resolve => {
      this.waits.push(ms)
      if (signal?.aborted) return resolve()
      const sleeper: Sleeper = {
        wake: this.current + Math.max(0, ms),
        order: this.order++,
        resolve: () => {
          signal?.removeEventListener('abort', sleeper.resolve)
          const at = this.sleepers.indexOf(sleeper)
          if (at >= 0) this.sleepers.splice(at, 1)
          resolve()
        }
      }
      this.sleepers.push(sleeper)
      // Aborted: woken at once, without moving the clock.
      signal?.addEventListener('abort', sleeper.resolve, { once: true })
      setImmediate(() => this.wakeEarliest())
    })

  /** Moves the clock on by `ms` without anyone sleeping (time passing between two steps of a test). */
  advance(ms: number): void {
    this.current += ms
  }

  private wakeEarliest(): void {
    const earliest = this.sleepers.reduce<Sleeper | undefined>(
      (first, s) => (first === undefined || s.wake < first.wake || (s.wake === first.wake && s.order < first.order) ? s : first),
      undefined
    )
    if (earliest === undefined) return
    this.current = Math.max(this.current, earliest.wake)
    earliest.resolve()
  }
}
