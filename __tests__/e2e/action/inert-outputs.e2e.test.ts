/**
 * Every output the runner reads is inert: hostile values from outside
 * (a downstream run's outputs.json, job names, Slack's answer, the reply
 * sub-action's keys) reach the CLI's --json, the action's log groups, the
 * request-approval --json and the reply step's log; read as the runner reads
 * them (runner-log.js), no line is a command, and JSON values parse back
 * byte-for-byte.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { zipOf } from '../../../emulator/zip.js'
import { ROOT } from '../../../emulator/run-action.js'
import { inertJson } from '../../../src/util/inert.js'
import { type Fixture } from '../../support/fixture.js'
import { runCli } from '../../support/run-cli.js'
import { OWN_COMMANDS, runnerCommands } from '../../support/runner-log.js'
import { SlackStandIn } from '../../../emulator/slack-standin.js'
import { tempDir } from '../../support/temp-dir.js'
import { useFixture } from '../../support/use.js'

const HOSTILE_OUTPUTS = {
  target: '##[set-output name=target;]prod-east',
  '##[add-mask]key': '::warning::forged',
  lines: 'one\n::error::two\r\n##[group]three',
  separators: 'a\u2028::notice::b\u2029c',
  deep: { list: ['##[endgroup]', '###[x', '#', '##', '[##[]'] }
}
const HOSTILE_JOB = 'deploy%0A##[group]fake%0A::warning::forged\n##[endgroup]'
const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'

/** Lines the runner would take as a command: `::` at the start after white space, `##[` anywhere. */
const commandLike = (text: string): string[] => text.split(/\r?\n|\r/).filter(line => /^\s*::/.test(line) || line.includes('##['))

let app: Fixture['app']
const f = useFixture({
  reset: false,
  setup: async () => {
    app = f.gh.createApp()
    f.gh.install({
      app,
      account: 'hostile-org',
      repositories: ['deploy', 'failing'],
      permissions: { contents: 'write', actions: 'write', metadata: 'read' }
    })
    const zip = await zipOf({ 'outputs.json': JSON.stringify(HOSTILE_OUTPUTS) })
    // Succeeded by the time the step first looks: these tests are about how its outputs are shown.
    const lifecycle = { queuedMs: 0, runMs: 0, conclusion: 'success' }
    f.gh.addWorkflow('hostile-org/deploy', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle,
      artifacts: () => [{ name: 'app-dispatch-outputs', zip }]
    })
    f.gh.addWorkflow('hostile-org/failing', {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: { ...lifecycle, conclusion: 'failure' },
      jobs: () => [
        { name: HOSTILE_JOB, conclusion: 'failure', steps: [{ name: 'Deploy', conclusion: 'failure' }], log: 'Error: it broke\n' }
      ]
    })
  }
})

const credentials = () => ({ GITHUB_APP_ID: String(app.id), GITHUB_APP_PRIVATE_KEY: app.privateKey, GITHUB_API_URL: f.gh.url })

test('inertJson: the same values back, no line a command', () => {
  const text = inertJson(HOSTILE_OUTPUTS)
  expect(JSON.parse(text)).toEqual(HOSTILE_OUTPUTS)
  expect(commandLike(text)).toEqual([])
  expect(runnerCommands(text)).toEqual([])
  expect(JSON.parse(inertJson(HOSTILE_OUTPUTS, 0))).toEqual(HOSTILE_OUTPUTS)
})

test('the CLI --wait --json: outputs.json values come back byte-for-byte, and no stdout or stderr line is a command', async () => {
  const result = await runCli(
    ['--repository', 'hostile-org/deploy', '--event-type', 'deploy', '--wait', '--poll-interval', '1', '--json'],
    credentials()
  )
  expect(result.stderr).not.toMatch(/failed unexpectedly/)
  expect(result.code).toBe(0)
  const results = JSON.parse(result.stdout) as Array<{ outputs?: unknown }>
  expect(results[0]?.outputs).toEqual(HOSTILE_OUTPUTS)
  expect(commandLike(result.stdout)).toEqual([])
  expect(runnerCommands(result.stdout)).toEqual([])
  expect(runnerCommands(result.stderr)).toEqual([])
}, 30_000)

test('the action: a job name with line breaks gives one inert group title; no command but its own', async () => {
  const result = await f.run({
    'app-id': String(app.id),
    'private-key': app.privateKey,
    repository: 'hostile-org/failing',
    'event-type': 'deploy',
    wait: 'true',
    'poll-interval': '1'
  })
  expect(result.code).toBe(1)
  const commands = runnerCommands(result.stdout + '\n' + result.stderr)
  expect(commands.filter(c => !OWN_COMMANDS.has(c.name))).toEqual([])
  const groups = commands.filter(c => c.name === 'group').map(c => c.message)
  expect(groups).toHaveLength(1)
  // What the runner writes to the log after unescaping: `##[group]<title>`, one line, no `##[` inside.
  expect(groups[0]).not.toMatch(/[\r\n]/)
  expect(groups[0]).not.toContain('##[')
  expect(groups[0]).toContain('deploy%0A##%5Bgroup]fake')
  // The only lines with `##[` or a leading `::` are the action's own commands.
  const foreign = commandLike(result.stdout).filter(line => !/^::(add-mask|debug|error|warning|notice|group|endgroup)::/.test(line))
  expect(foreign).toEqual([])
}, 30_000)

describe('request-approval --json', () => {
  let slack: SlackStandIn
  beforeAll(async () => {
    slack = new SlackStandIn()
    await slack.start()
  })
  afterAll(async () => {
    await slack.stop()
  })

  test("Slack's permalink holding command text comes back byte-for-byte; no line is a command", async () => {
    slack.permalink = 'https://example.slack.com/archives/C0DEPLOYS/p1##[set-output name=approval;]yes\n::warning::x'
    const result = await runCli(
      [
        'request-approval',
        '--channel',
        'C0DEPLOYS',
        '--summary',
        'Deploy',
        '--repository',
        'octo/deploy',
        '--event-type',
        'deploy',
        '--json'
      ],
      { SLACK_BOT_TOKEN: 'xoxb-test', APPROVAL_SIGNING_KEY: 'k'.repeat(40), SLACK_API_URL: slack.url }
    )
    expect(result.code).toBe(0)
    expect((JSON.parse(result.stdout) as { permalink: string }).permalink).toBe(slack.permalink)
    expect(commandLike(result.stdout)).toEqual([])
    expect(runnerCommands(result.stdout + '\n' + result.stderr)).toEqual([])
  })
})

test('the reply sub-action logs hostile keys inertly, and they parse back the same', () => {
  const action = parse(readFileSync(join(ROOT, 'reply', 'action.yml'), 'utf8')) as { runs: { steps: Array<{ run?: string }> } }
  const temp = tempDir('reply-')
  const run = spawnSync('bash', ['-c', action.runs.steps[0]?.run ?? ''], {
    env: {
      PATH: process.env['PATH'],
      RUNNER_TEMP: temp,
      APP_DISPATCH_NAME: 'app-dispatch-outputs',
      APP_DISPATCH_OUTPUTS: JSON.stringify(HOSTILE_OUTPUTS)
    },
    encoding: 'utf8'
  })
  expect(run.status).toBe(0)
  expect(runnerCommands(run.stdout + '\n' + run.stderr)).toEqual([])
  expect(commandLike(run.stdout)).toEqual([])
  const logged = /^Replying with the keys (.*)$/m.exec(run.stdout)?.[1] ?? ''
  expect(JSON.parse(logged)).toEqual(Object.keys(HOSTILE_OUTPUTS))
})
