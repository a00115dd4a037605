/**
 * Shared fixtures: each registers its own beforeAll (start), afterAll (stop)
 * and, unless told otherwise, beforeEach (forget what the last test did), and
 * returns the object the tests use. Its fields are filled in when beforeAll
 * has run, so read them inside tests and hooks, not at the top of a file.
 *
 *   const f = useFixture()                               the bundled action against a GitHub (fixture.ts)
 *   const local = useGitHub({ repositories: ['a'] })     a GitHub with an App and an installation (github.ts)
 *   const local = useGitHubOnClock()                     the same, its time local.clock: a fresh VirtualClock each test (virtual-clock.ts)
 *   const w = useSlackWorld()                             GitHub, Slack, the approval handler (slack-world.ts)
 *   const db = useDynalite()                              a DynamoDB (dynalite) with the claims table
 *
 * `setup` runs once after the start (add Apps, workflows, files); it may be async.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { startFixture, type Fixture } from './fixture.js'
import { startGitHub, type LocalGitHub, type LocalGitHubOptions } from './github.js'
import { VirtualClock } from './virtual-clock.js'
// Types only: slack-world.ts brings dynalite, the DynamoDB client and the Slack handler, some 0.5 s of
// CPU to load in each test file; only the files that start a Slack world load it (import() below).
import type { startDynalite, SlackWorld } from './slack-world.js'

interface Use<T> {
  /** Runs once, after the start. */
  setup?: (started: T) => void | Promise<void>
  /** Forget requests, tokens, runs and faults before each test (default true). */
  reset?: boolean
}

/** Registers the hooks for one started thing; returns the object that holds it once started. */
function use<T extends object>(
  start: () => Promise<T>,
  stop: (t: T) => Promise<void>,
  reset: ((t: T) => void) | undefined,
  options: Use<T>
): T {
  const holder = {} as T
  let started = false
  beforeAll(async () => {
    Object.assign(holder, await start())
    started = true
    await options.setup?.(holder)
  })
  afterAll(async () => {
    if (started) await stop(holder)
  })
  if (reset !== undefined && options.reset !== false) beforeEach(() => reset(holder))
  return holder
}

export function useFixture(options: Use<Fixture> & { latencyMs?: number } = {}): Fixture {
  return use(
    () => startFixture({ latencyMs: options.latencyMs }),
    f => f.gh.stop(),
    f => f.gh.reset(),
    options
  )
}

export function useGitHub(options: Use<LocalGitHub> & LocalGitHubOptions = {}): LocalGitHub {
  return use(
    () => startGitHub(options),
    local => local.gh.stop(),
    local => local.gh.reset(),
    options
  )
}

export type LocalGitHubOnClock = LocalGitHub & {
  /** The emulator's time and the one to give the code under test; a fresh VirtualClock for each test. */
  clock: VirtualClock
}

/** useGitHub's GitHub on virtual time: the emulator reads the clock of the test running now. */
export function useGitHubOnClock(options: Use<LocalGitHubOnClock> & Omit<LocalGitHubOptions, 'now'> = {}): LocalGitHubOnClock {
  // Before use()'s reset, and kept with reset: false: every test starts on a fresh clock.
  beforeEach(() => {
    local.clock = new VirtualClock()
  })
  const local: LocalGitHubOnClock = use(
    async () => ({ ...(await startGitHub({ ...options, now: () => local.clock.now() })), clock: new VirtualClock() }),
    started => started.gh.stop(),
    started => started.gh.reset(),
    options
  )
  return local
}

export function useSlackWorld(options: Use<SlackWorld> = {}): SlackWorld {
  return use(
    async () => (await import('./slack-world.js')).startSlackWorld(),
    w => w.stop(),
    w => w.reset(),
    options
  )
}

export function useDynalite(): Awaited<ReturnType<typeof startDynalite>> {
  return use(
    async () => (await import('./slack-world.js')).startDynalite(),
    db => db.stop(),
    undefined,
    {}
  )
}
