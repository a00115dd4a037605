/**
 * Mistakes named at once, by the bundled action as the runner runs it: a
 * workflow file given as the event type, a key of the wrong kind (or a path)
 * in private-key, the same repository twice, and an outputs-artifact name no
 * artifact of the run has. Plus outputs-by-repository, a fan-out's outputs
 * keyed by owner/repo. One case of each here; the other kinds of key, the
 * default artifact name on a run without artifacts and outputs-by-repository
 * without wait run the action's entry in-process:
 * unit/action/mistakes-named.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { expectInputRefused, resultsOf, ROUTES } from '../../support/fixture.js'
import { chainRunner, quick, RUN_NAME, type Chain } from '../../support/chain.js'
import { runnerCommands } from '../../support/runner-log.js'
import { zipOf } from '../../../emulator/zip.js'
import { DISPATCH_AND_FOLLOW } from '../../support/github.js'
import type { StepResult } from '../../../emulator/run-action.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: async () => {
    const app = f.gh.createApp()
    chain = chainRunner(f, app)
    f.gh.install({ app, account: 'chain-org', repositories: ['web', 'api', 'plain'], permissions: DISPATCH_AND_FOLLOW })
    for (const repo of ['web', 'api']) {
      const zip = await zipOf({ 'outputs.json': JSON.stringify({ url: `https://${repo}.example/` }) })
      f.gh.addWorkflow(`chain-org/${repo}`, {
        file: 'deploy.yml',
        types: ['deploy'],
        runName: RUN_NAME,
        lifecycle: quick,
        artifacts: () => [
          { name: 'app-dispatch-outputs', zip },
          { name: 'coverage', zip }
        ]
      })
    }
    f.gh.addWorkflow('chain-org/plain', { file: 'deploy.yml', types: ['deploy'], runName: RUN_NAME, lifecycle: quick })
    f.gh.addWorkflow('octo-org/deploy', { file: 'deploy.yml', types: ['deploy'] })
  }
})
let chain: Chain

const warnings = (result: StepResult): string[] =>
  runnerCommands(result.stdout)
    .filter(command => command.name === 'warning')
    .map(command => command.message)

describe('refused before anything is sent', () => {
  test('a workflow file as the event type: did you mean workflow?', async () => {
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy.yml' })
    expectInputRefused(
      result,
      f.gh,
      /^::error::Input 'event-type': 'deploy\.yml' is a workflow file name, not an event type: did you mean `workflow: deploy\.yml`\?/
    )
  })

  test('a public key in private-key is named, with what to paste instead, and not echoed', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const result = await f.run({ repository: 'octo-org/deploy', 'event-type': 'deploy', 'private-key': key })
    expectInputRefused(result, f.gh, /is a public key \(-----BEGIN PUBLIC KEY-----\); the JWT is signed with the App's own private key/)
    expect(result.errors[0]).not.toMatch(/damaged or truncated/)
    // Masked (the runner consumes ::add-mask::), and never shown.
    const shown = result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n')
    for (const line of key.split('\n').filter(line => line.length > 20 && !line.startsWith('-----'))) {
      expect(result.masks).toContain(line)
      expect(shown).not.toContain(line)
    }
  })
})

describe('said once, and the step goes on', () => {
  test('the same repository twice (any case) is dispatched to once, with one warning naming it', async () => {
    const result = await f.run({ repository: 'octo-org/deploy\nOcto-Org/DEPLOY, octo-org/deploy', 'event-type': 'deploy' })
    expect(result.code).toBe(0)
    expect(f.gh.requestsFor(ROUTES.dispatches)).toHaveLength(1)
    expect(warnings(result)).toEqual([
      'repository lists octo-org/deploy more than once (names compare case-insensitively, as on GitHub): dispatching to each once.'
    ])
  })

  test('an outputs-artifact name the run does not have: outputs {}, a warning naming what it has', async () => {
    const result = await chain({ repository: 'chain-org/web', 'outputs-artifact': 'deploy-outputs' })
    expect(result.code).toBe(0)
    expect(result.outputs['outputs']).toBe('{}')
    expect(warnings(result)).toEqual([
      'chain-org/web: no artifact named deploy-outputs on run #1 (it has: app-dispatch-outputs, coverage); its outputs are {}.'
    ])
  })
})

describe('outputs-by-repository', () => {
  test("a fan-out's outputs keyed by owner/repo, {} for a target that handed none back", async () => {
    const result = await chain({ repository: 'chain-org/web, chain-org/api, chain-org/plain' })
    expect(result.code).toBe(0)
    const byRepository = JSON.parse(result.outputs['outputs-by-repository'] ?? '') as Record<string, { url?: string }>
    expect(byRepository).toEqual({
      'chain-org/web': { url: 'https://web.example/' },
      'chain-org/api': { url: 'https://api.example/' },
      'chain-org/plain': {}
    })
    // As a workflow reads it: fromJSON(steps.d.outputs.outputs-by-repository)['chain-org/api'].url
    expect(byRepository['chain-org/api']?.url).toBe('https://api.example/')
    expect(resultsOf(result.outputs).map(r => r['outputs'])).toEqual(Object.values(byRepository))
  })
})
