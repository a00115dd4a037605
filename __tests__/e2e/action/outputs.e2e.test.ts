/**
 * Outputs back up a chain, through the bundled action: the downstream run's
 * artifact becomes the step's outputs, storage never sees the token, and a
 * broken artifact fails the step with one ::error:: naming the run. The reply
 * sub-action writes that artifact, and the upstream step reads back what it
 * uploads. Each other condition (a fan-out of three, a run without the
 * artifact, outputs-artifact empty, each broken artifact) runs the action's
 * path in-process: unit/core/downstream/outputs.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { resultsOf, ROUTES } from '../../support/fixture.js'
import { chainRunner, noStorageAuthorization, quick, RUN_NAME, type Chain } from '../../support/chain.js'
import { runnerCommands } from '../../support/runner-log.js'
import { zipOf } from '../../../emulator/zip.js'
import { unzippedArtifact } from '../../../emulator/run-jobs.js'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../../emulator/run-action.js'
import { tempDir } from '../../support/temp-dir.js'
import { DISPATCH_AND_FOLLOW } from '../../support/github.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: async () => {
    const app = f.gh.createApp()
    chain = chainRunner(f, app)
    f.gh.install({ app, account: 'chain-org', repositories: ['deploy', 'bomb'], permissions: DISPATCH_AND_FOLLOW })
    const artifacts: Record<string, Buffer> = {
      deploy: await zipOf({ 'outputs.json': JSON.stringify({ url: 'https://deploy.example/pr-42', version: '1.4.2' }) }),
      bomb: await zipOf({ 'outputs.json': `{"pad":"${'0'.repeat(3 * 1024 * 1024)}"}` })
    }
    for (const [repo, zip] of Object.entries(artifacts)) {
      f.gh.addWorkflow(`chain-org/${repo}`, {
        file: 'deploy.yml',
        types: ['deploy'],
        runName: RUN_NAME,
        lifecycle: quick,
        artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
      })
    }
  }
})
let chain: Chain

describe('outputs back', () => {
  test('the run’s outputs.json becomes the outputs output and results[].outputs; the token never reaches storage', async () => {
    const result = await chain({ repository: 'chain-org/deploy' })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ url: 'https://deploy.example/pr-42', version: '1.4.2' })
    expect(resultsOf(result.outputs)[0]?.['outputs']).toEqual({ url: 'https://deploy.example/pr-42', version: '1.4.2' })
    expect(f.gh.requestsFor(ROUTES.runArtifacts)[0]?.query['name']).toBe('app-dispatch-outputs')
    expect(result.summary).toContain('<code>url</code>, <code>version</code>')
    noStorageAuthorization(f.gh)
    expect(f.gh.requests.every(r => r.headers['x-github-api-version'] === '2022-11-28')).toBe(true)
    // Nothing more than Actions: read was asked for.
    expect(f.gh.requestsFor(ROUTES.accessTokens)[0]?.body).toEqual({
      repositories: ['deploy'],
      permissions: { contents: 'write', actions: 'read' }
    })
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('a broken artifact (a zip bomb): the step fails with one ::error:: naming the run and the problem', async () => {
    const result = await chain({ repository: 'chain-org/bomb' })
    expect(result.code).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(
      /^::error::The 'app-dispatch-outputs' artifact of run #1 in chain-org\/bomb has a outputs\.json that inflates past 1048576 bytes\./
    )
    expect(result.outputs['conclusion']).toBe('success')
    noStorageAuthorization(f.gh)
    expect(f.gh).toHaveRevokedEveryToken()
  })
})

describe('the reply sub-action', () => {
  const action = parse(readFileSync(join(ROOT, 'reply', 'action.yml'), 'utf8')) as {
    runs: { steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }
  }
  const script = action.runs.steps[0]?.run ?? ''
  const reply = (outputs: string, name = 'app-dispatch-outputs') => {
    const temp = tempDir('reply-')
    const run = spawnSync('bash', ['-c', script], {
      env: { PATH: process.env['PATH'], RUNNER_TEMP: temp, APP_DISPATCH_OUTPUTS: outputs, APP_DISPATCH_NAME: name },
      encoding: 'utf8'
    })
    return { ...run, file: join(temp, 'app-dispatch-reply', name) }
  }

  test('writes the object as a file named after the artifact, which the upstream step reads back as upload-artifact stores it unzipped', async () => {
    const written = reply('{"url": "https://deploy.example/pr-7", "evil\\n::warning::forged": 1}')
    expect(written.status).toBe(0)
    expect(runnerCommands(written.stdout).filter(c => c.message === 'forged')).toEqual([])
    // archive: false: the artifact is the file itself, named after it.
    const artifact = unzippedArtifact(basename(written.file), readFileSync(written.file))
    f.gh.addWorkflow('chain-org/deploy', {
      file: 'reply.yml',
      types: ['reply'],
      runName: RUN_NAME,
      lifecycle: quick,
      artifacts: () => [artifact]
    })
    const result = await chain({ repository: 'chain-org/deploy', 'event-type': 'reply' })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ url: 'https://deploy.example/pr-7', 'evil\n::warning::forged': 1 })
  })

  test.each([
    ['not JSON', '{url: 1}', 'is not valid JSON'],
    ['not an object', '[1]', 'must be a JSON object']
  ])('refuses %s with one ::error::', (_name, outputs, message) => {
    const written = reply(outputs)
    expect(written.status).toBe(1)
    expect(
      runnerCommands(written.stdout)
        .filter(c => c.name === 'error')
        .map(c => c.message)
    ).toEqual([expect.stringContaining(message)])
  })

  test('refuses a name that cannot be a plain file name with one ::error::', () => {
    for (const name of ['../x', '*', '.hidden']) {
      const written = reply('{}', name)
      expect(written.status).toBe(1)
      expect(runnerCommands(written.stdout).filter(c => c.name === 'error')).toEqual([
        expect.objectContaining({ message: expect.stringContaining('Input name must be letters, digits') })
      ])
    }
  })

  test('uploads unzipped with actions/upload-artifact pinned to a full commit, the file named as the artifact', () => {
    const upload = action.runs.steps[1]
    expect(upload?.uses).toMatch(/^actions\/upload-artifact@[0-9a-f]{40}$/)
    expect(upload?.with).toMatchObject({
      archive: false,
      name: '${{ inputs.name }}',
      path: '${{ runner.temp }}/app-dispatch-reply/${{ inputs.name }}'
    })
  })
})
