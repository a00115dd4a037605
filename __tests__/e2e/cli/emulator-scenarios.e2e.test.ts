/**
 * `npm run emulator` broken on purpose: `--help` prints the usage and the
 * scenarios (not a stack trace), a wrong command line is one line, and each
 * scenario's printed commands, pasted, show what the scenario is for: a failed
 * run explained, a wait that ends with the jobs it names, an App without the
 * Actions permission, and request-approval → click → dispatch through the
 * Slack stand-in. The commands printed are the ones the docs show.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../../emulator/run-action.js'
import { SCENARIO_NAMES } from '../../../emulator/scenarios.js'
import { EmulatorProcess, emulatorOnce } from '../../support/emulator-process.js'
import { waitUntil } from '../../support/wait-until.js'

const docs = ['cli', 'slack', 'development'].map(name => readFileSync(join(ROOT, 'docs', `${name}.md`), 'utf8')).join('\n')

describe('the command line', () => {
  test('--help prints the usage and every scenario, and exits 0', async () => {
    const { code, stdout, stderr } = await emulatorOnce(['--help'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toMatch(/^npm run emulator \[-- OPTIONS\]/)
    for (const name of SCENARIO_NAMES) expect(stdout).toContain(`\n    ${name}\n`)
    expect(stdout).not.toMatch(/^\s+at /m)
  })

  test.each([
    [['--bogus'], "npm run emulator: Unknown option '--bogus'. See npm run emulator -- --help.\n"],
    [
      ['--scenario', 'faling'],
      "npm run emulator: --scenario: 'faling' is not a scenario; did you mean 'failing'? Scenarios: failing, jobs, no-actions-permission, slack. See npm run emulator -- --help.\n"
    ]
  ])('%j is refused in one line, exit 2', async (args, message) => {
    expect(await emulatorOnce(args)).toEqual({ code: 2, stdout: '', stderr: message })
  })

  test('docs/development.md names every scenario', () => {
    for (const name of SCENARIO_NAMES) expect(docs).toContain(name)
  })
})

describe('--scenario failing,jobs,slack', () => {
  let emulator: EmulatorProcess
  beforeAll(async () => {
    emulator = new EmulatorProcess(['--scenario', 'failing,jobs', '--scenario', 'slack'])
    await emulator.ready()
  })
  afterAll(() => emulator.kill())

  test('it says which scenarios are on, exports the Slack Web API, and prints commands the docs show', () => {
    expect(emulator.output).toContain("Scenario failing: deploy.yml's runs fail")
    expect(emulator.printed.exports).toMatch(/^export SLACK_API_URL=http:\/\/127\.0\.0\.1:\d+\/api$/m)
    expect(emulator.printed.exports).toMatch(/^export SLACK_BOT_TOKEN=xoxb-/m)
    const headings = emulator.printed.sections.map(s => s.heading)
    // After the CLI, the library, the Slack handler and the broker: the scenarios, numbered on.
    expect(headings.slice(0, 4).map(h => /^# (\d+)\. .*\((docs\/\w+\.md)\)/.exec(h)?.slice(1))).toEqual([
      ['2', 'docs/cli.md'],
      ['3', 'docs/library.md'],
      ['4', 'docs/slack.md'],
      ['5', 'docs/broker.md']
    ])
    expect(headings.slice(4).map(h => /^# (\d+)\. Scenario (\S+)/.exec(h)?.slice(1))).toEqual([
      ['6', 'failing:'],
      ['7', 'jobs:'],
      ['8', 'slack']
    ])
    for (const { blocks } of emulator.printed.sections.slice(4))
      for (const block of blocks) expect({ [block]: docs.includes(block) }).toEqual({ [block]: true })
  })

  test('failing: the waiting dispatch exits 1 and says which job and step failed, with the end of its log', async () => {
    const [command] = emulator.section('Scenario failing')
    const result = await emulator.paste(command ?? '')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/run #\d+: job 'deploy' failure; failed steps: Deploy to staging/)
    expect(result.stderr).toContain('Error: staging refused the upload: no space left on device')
  })

  test('jobs: --wait-jobs build ends with the two build legs and their outputs, before the run ends', async () => {
    const [command] = emulator.section('Scenario jobs')
    const result = await emulator.paste(command ?? '')
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 })
    const [target] = JSON.parse(result.stdout) as Array<{ conclusion: string; jobs: Array<{ name: string }>; outputs: unknown }>
    expect(target?.conclusion).toBe('success')
    expect(target?.jobs.map(job => job.name)).toEqual(['build (ubuntu, 22)', 'build (windows, 22)'])
    expect(target?.outputs).toEqual({ url: 'https://staging.example.com/deploy-service', version: '1.4.2' })
  })

  test('slack: request-approval posts to the stand-in, the click on that message dispatches once, and a hand-signed request is answered', async () => {
    const [handler] = emulator.section('docs/slack.md')
    const [post, click, signed] = emulator.section('Scenario slack')
    const mark = emulator.output.length
    // The handler stays up in the background, as pasted; the shell is ended once the message is updated.
    const flow = emulator.paste(`${handler}\n${post}\n${click}`)
    await waitUntil('the Slack message update', () => emulator.reportedSince(mark).find(line => line.startsWith('Slack message updated:')))
    emulator.endLastShell()
    expect((await flow).stdout).toContain('U0LOCAL clicked Approve; the handler answered 200')
    const reported = emulator.reportedSince(mark)
    expect(reported).toContain('Slack message posted to C0LOCAL: "Approval needed: Deploy *deploy-service* 1.4.2"')
    expect(reported.filter(line => line.includes('/dispatches'))).toEqual([
      'GitHub received POST /repos/octo-org/deploy-service/dispatches [token] → 204 {"event_type":"deploy","client_payload":{"approved_by":"U0LOCAL","version":"1.4.2"}}'
    ])
    expect(reported).toContain(
      'Slack message updated: ":white_check_mark: Approved by <@U0LOCAL>: dispatched `deploy` to `octo-org/deploy-service`."'
    )

    // The hand-signed request passes the signature check (not 401) and is refused as no approval click.
    const listening = 'until curl -s -o /dev/null "http://127.0.0.1:$APPROVAL_HANDLER_PORT/"; do sleep 0.1; done'
    const byHand = await emulator.paste(`${handler}\n${listening}\n${signed}\nkill %1`)
    expect(byHand.stdout).toBe('Not an app-dispatch approval click. 400\n')
  })
})

describe('--scenario no-actions-permission', () => {
  let emulator: EmulatorProcess
  beforeAll(async () => {
    emulator = new EmulatorProcess(['--scenario', 'no-actions-permission'])
    await emulator.ready()
  })
  afterAll(() => emulator.kill())

  test('a plain dispatch is sent; a waiting one is refused before anything is sent, naming the permission', async () => {
    expect(emulator.output).toContain('(Contents: write, no Actions permission)')
    const [plain] = emulator.section('docs/cli.md')
    expect((await emulator.paste(plain ?? '')).code).toBe(0)
    const mark = emulator.output.length
    const [waiting] = emulator.section('Scenario no-actions-permission')
    const result = await emulator.paste(waiting ?? '')
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain("The App's installation on octo-org does not grant Actions: Read-only, which this needs.")
    expect(emulator.reportedSince(mark).filter(line => line.includes('/dispatches'))).toEqual([])
  })
})
