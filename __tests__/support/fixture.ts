/**
 * A GitHub emulator with one App installed on octo-org (repositories deploy
 * and docs), and a helper that runs the bundled action against it and checks
 * that no secret leaked.
 */
import { expect } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { GitHubEmulator, ROUTES } from '../../emulator/github-emulator.js'
import { startGitHub } from './github.js'
import { waitUntil } from './wait-until.js'
import { findLeaks, runAction, type StepResult } from '../../emulator/run-action.js'

export { ROUTES }

export interface Fixture {
  gh: GitHubEmulator
  app: ReturnType<GitHubEmulator['createApp']>
  installation: ReturnType<GitHubEmulator['install']>
  /** Runs the bundle with the App's credentials plus `inputs`; fails the test on any leaked secret. */
  run: (
    inputs: Record<string, string>,
    env?: Record<string, string>,
    onStart?: Parameters<typeof runAction>[0]['onStart']
  ) => Promise<StepResult>
}

export async function startFixture(options: { latencyMs?: number } = {}): Promise<Fixture> {
  const { gh, app, installation } = await startGitHub({ repositories: ['deploy', 'docs'], latencyMs: options.latencyMs })
  const apiUrl = gh.url
  const run: Fixture['run'] = async (inputs, env = {}, onStart) => {
    const result = await runAction({
      apiUrl,
      inputs: { 'app-id': String(app.id), 'private-key': app.privateKey, ...inputs },
      env,
      onStart
    })
    const leaks = findLeaks(result, gh.secrets())
    if (leaks.length > 0) throw new Error(`secrets leaked: ${leaks.join(', ')}\n${result.stdout}`)
    return result
  }
  return { gh, app, installation, run }
}

/** Lines that look like a JavaScript stack frame. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter(line => /^\s+at\s/.test(line))
}

/** A bad input's contract: exit 1, one ::error:: line matching `message`, no stack trace, nothing sent. */
export function expectInputRefused(result: StepResult, gh: GitHubEmulator, message: RegExp): void {
  expect(result.code).toBe(1)
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toMatch(message)
  expect(stackLines(result.stdout + result.stderr)).toEqual([])
  expect(gh.requests).toHaveLength(0)
}

/** The `results` output, parsed. */
export function resultsOf(outputs: Record<string, string>): Array<Record<string, unknown>> {
  return JSON.parse(outputs['results'] ?? '[]') as Array<Record<string, unknown>>
}

/** The runner's escalation after SIGINT: SIGTERM 7.5 s later, SIGKILL 2.5 s after that. */
export const RUNNER_SIGTERM_AFTER_MS = 7_500
export const RUNNER_SIGKILL_AFTER_MS = 10_000

/**
 * Cancels the step as the runner does once `ready()` holds (checked every
 * 10 ms): SIGINT, then SIGTERM and SIGKILL on the runner's schedule unless
 * the step has exited. Pass `onStart` to run(); `sentAt()` is when SIGINT
 * went; `killed()` says whether the step had to be killed. A step that
 * exits on its own has a numeric exit code.
 */
export function cancelLikeTheRunner(ready: () => boolean): {
  onStart: (child: ChildProcess) => void
  sentAt: () => number
  killed: () => boolean
} {
  let at = 0
  let killed = false
  return {
    onStart: child => {
      const timers: NodeJS.Timeout[] = []
      child.once('exit', () => timers.forEach(clearTimeout))
      waitUntil('the moment to cancel the step', ready, { intervalMs: 10 }).then(
        () => {
          at = Date.now()
          child.kill('SIGINT')
          timers.push(setTimeout(() => child.kill('SIGTERM'), RUNNER_SIGTERM_AFTER_MS))
          timers.push(
            setTimeout(() => {
              killed = true
              child.kill('SIGKILL')
            }, RUNNER_SIGKILL_AFTER_MS)
          )
        },
        // Never came: the step's own assertions fail; end it rather than let it run on.
        () => child.kill('SIGKILL')
      )
    },
    sentAt: () => at,
    killed: () => killed
  }
}

/** Cancels the step as the runner does once GitHub has received a request to `route`. */
export function sigintOnRequest(gh: GitHubEmulator, route: string): ReturnType<typeof cancelLikeTheRunner> {
  return cancelLikeTheRunner(() => gh.requestsFor(route).length > 0)
}
