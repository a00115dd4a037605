/**
 * The whole log, outputs and job summary of four typical runs of the bundled
 * action, normalised (ports, ids, times, tokens and masks replaced) and
 * compared with snapshots: any change a user would see shows up in review.
 */
import { expect, test } from '@jest/globals'
import { type Fixture } from '../../support/fixture.js'
import type { StepResult } from '../../../emulator/run-action.js'
import { zipOf } from '../../../emulator/zip.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: async () => {
    app = f.gh.createApp()
    f.gh.install({
      app,
      account: 'snap-org',
      repositories: ['deploy', 'broken'],
      permissions: { contents: 'write', actions: 'write', metadata: 'read' }
    })
    const runName = 'Deploy ${{ github.event.client_payload.distinct_id }}'
    const zip = await zipOf({ 'outputs.json': JSON.stringify({ url: 'https://staging.example.com', version: '1.4.2' }) })
    f.gh.addWorkflow('snap-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName,
      lifecycle: { queuedMs: 0, runMs: 3000, conclusion: 'success' },
      artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
    })
    f.gh.addWorkflow('snap-org/broken', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName,
      lifecycle: { queuedMs: 0, runMs: 3000, conclusion: 'failure' },
      jobs: () => [
        {
          name: 'deploy',
          conclusion: 'failure',
          steps: [{ name: 'Deploy', conclusion: 'failure' }],
          log: '2026-11-28T10:00:00.0000000Z Deploying\n2026-11-28T10:00:01.0000000Z ::error::connection refused\n'
        }
      ]
    })
  }
})
let app: Fixture['app']

function normalise(result: StepResult): string {
  const clean = (text: string): string =>
    text
      .split(f.gh.url)
      .join('<api>')
      .split(f.gh.storage.url)
      .join('<storage>')
      .replace(/^::add-mask::.*$/gm, '::add-mask::<secret>')
      .replace(/ghs_\w+/g, '<token>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
      .replace(/\b\d{4,}\b/g, '<id>')
      .replace(/<td>\d+s<\/td>/g, '<td><duration></td>')
  // Masks: how many, not which (key forms differ per key).
  const lines = clean(result.stdout).split('\n')
  const masks = lines.filter(line => line === '::add-mask::<secret>').length
  const log = lines.filter(line => line !== '::add-mask::<secret>' && line !== '').join('\n')
  const outputs = Object.entries(result.outputs)
    .map(([name, value]) => `${name}=${clean(value)}`)
    .join('\n')
  return [
    `exit ${result.code}; ${masks > 0 ? 'values masked' : 'nothing masked'}`,
    '--- log',
    log,
    '--- outputs',
    outputs,
    '--- summary',
    clean(result.summary)
  ].join('\n')
}

const run = (inputs: Record<string, string>) =>
  f.run({ 'app-id': String(app.id), 'private-key': app.privateKey, 'event-type': 'deploy', ...inputs })

test('a dispatch', async () => {
  expect(normalise(await run({ repository: 'snap-org/deploy', 'client-payload': '{"version": "1.4.2"}' }))).toMatchSnapshot()
})

test('a bad input', async () => {
  expect(normalise(await run({ repository: 'snap-org/deploy', 'event-type': 'deploy\n::warning::x' }))).toMatchSnapshot()
})

test('a waited run that hands outputs back', async () => {
  expect(normalise(await run({ repository: 'snap-org/deploy', wait: 'true', 'poll-interval': '1' }))).toMatchSnapshot()
})

test('a waited run that fails, with its failed job and log tail', async () => {
  expect(normalise(await run({ repository: 'snap-org/broken', wait: 'true', 'poll-interval': '1' }))).toMatchSnapshot()
})
