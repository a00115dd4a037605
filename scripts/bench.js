// @ts-check
/**
 * `npm run bench`: measures the committed bundle against the GitHub API
 * emulator with injected latency, the way a runner would run it. Prints
 * figures, not pass/fail: the machine is shared and noisy.
 *
 *   - bundle size
 *   - start-up, side by side (interleaved runs, median): bare `node -e 0`,
 *     the bundle run to an input error (exits before any request), and the
 *     CLI's --help and an input error; run it with STEP_NODE set to a Node 24
 *     binary for the runner's figure
 *   - keyless: the same with aws-kms-key-id (KMS stand-in), start-up and
 *     process start → first request against the private-key path
 *   - per scenario: requests sent, time from process start to the first
 *     request, and the step's wall time (median of RUNS runs)
 *   - fan-out: 12 targets across 2 owners at 100 ms per request, against
 *     one target at the same latency
 *   - wait: a run that queues, runs for 45 s and succeeds, followed with a
 *     2 s poll-interval: requests that count against the rate limit, and the
 *     delay between the run completing and the step ending
 */
import './require-node.js' // first: one clear line on a Node.js too old
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { statSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { GitHubEmulator } from '../emulator/github-emulator.js'
import { runAction, ROOT, STEP_NODE } from '../emulator/run-action.js'
import { AwsStandIn } from '../emulator/aws-standin.js'
import { createServer } from 'node:http'
import { OIDC_ISSUER, RunnerOidc } from '../emulator/runner-oidc.js'
import { closeServer, listenLocal } from '../emulator/local-server.js'
import { createDispatchBroker } from '../lib/broker/index.js'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 9)
// The runner starts each step with no code cache: so does every process the bench starts.
delete process.env['NODE_COMPILE_CACHE']
const LATENCY_MS = 50

/** @param {number[]} values */
const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
const ms = (/** @type {number} */ n) => `${n.toFixed(0)} ms`

function bundleSize() {
  const dist = join(ROOT, 'dist')
  const files = readdirSync(dist)
    .filter(name => name.endsWith('.js'))
    .map(name => ({ name, size: statSync(join(dist, name)).size }))
  const js = files.reduce((sum, f) => sum + f.size, 0)
  return { js, files }
}

const STARTUP_RUNS = Number(process.env['BENCH_STARTUP_RUNS'] ?? 21)
const STARTUP_GOAL_MS = 35

/** Wall time of one child process, spawn to close. @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
async function wallOf(args, env) {
  const started = performance.now()
  await new Promise(resolve => spawn(STEP_NODE, args, { stdio: 'ignore', env }).on('close', resolve))
  return performance.now() - started
}

/**
 * Start-up side by side: each round runs bare `node -e 0`, the action's
 * bundle to an input error (`event-type` empty: it exits before any request),
 * the CLI's `--help` and the CLI to an input error, one after another, so
 * that the machine's load falls alike on all four; medians of STARTUP_RUNS
 * rounds.
 * @param {GitHubEmulator} gh @param {Record<string, string>} base
 */
async function benchStartup(gh, base) {
  const cli = join(ROOT, 'dist', 'cli', 'index.js')
  const cliEnv = { PATH: process.env['PATH'] ?? '' } // no GITHUB_APP_* variables: the input error is the missing App
  /** @type {Record<'bare' | 'action' | 'help' | 'cliError', number[]>} */
  const walls = { bare: [], action: [], help: [], cliError: [] }
  for (let i = 0; i < STARTUP_RUNS; i++) {
    walls.bare.push(await wallOf(['-e', '0']))
    const step = await runAction({ apiUrl: gh.url, inputs: { ...base, 'event-type': '' } })
    if (step.code !== 1 || step.errors.length !== 1) throw new Error(`expected an input error:\n${step.stdout}${step.stderr}`)
    walls.action.push(step.durationMs)
    walls.help.push(await wallOf([cli, '--help'], cliEnv))
    walls.cliError.push(await wallOf([cli, '--repository', 'octo-org/deploy', '--event-type', 'deploy'], cliEnv))
  }
  const bare = median(walls.bare)
  const action = median(walls.action)
  const version = await new Promise(resolve => {
    let out = ''
    spawn(STEP_NODE, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .on('close', () => resolve(out.trim()))
      .stdout.on('data', chunk => (out += chunk))
  })
  const runner = String(version).startsWith('v24.') ? '' : ' (the runner has Node 24: set STEP_NODE to a Node 24 binary)'
  console.log(`start-up, side by side on node ${version}${runner}: median of ${STARTUP_RUNS} interleaved runs each`)
  const row = (/** @type {string} */ name, /** @type {number} */ wall) =>
    console.log(`  ${name.padEnd(52)} ${ms(wall).padStart(7)}  ${wall === bare ? '' : `+${ms(wall - bare)}`}`)
  row('bare node -e 0', bare)
  row('dist/index.js to an input error (no request)', action)
  row('dist/cli/index.js --help', median(walls.help))
  row('dist/cli/index.js to an input error (no App given)', median(walls.cliError))
  console.log(
    `  action above bare node: ${ms(action - bare)}; goal ≤ ${STARTUP_GOAL_MS} ms: ${action - bare <= STARTUP_GOAL_MS ? 'met' : 'MISSED'}`
  )
  return { bare, action }
}

/**
 * @param {GitHubEmulator} gh
 * @param {Record<string, string>} inputs
 * @param {Record<string, string>} [env]
 */
async function measure(gh, inputs, env = {}) {
  /** @type {number[]} */ const walls = []
  /** @type {number[]} */ const firsts = []
  /** @type {number[]} */ const counts = []
  for (let i = 0; i < RUNS; i++) {
    gh.requests.length = 0
    const result = await runAction({ apiUrl: gh.url, inputs, env })
    if (result.code !== 0 && inputs['event-type'] !== '') throw new Error(`run failed:\n${result.stdout}${result.stderr}`)
    walls.push(result.durationMs)
    counts.push(gh.requests.length)
    const first = gh.requests[0]
    if (first) firsts.push(first.receivedAt - result.startedAt)
  }
  return {
    wall: median(walls),
    first: firsts.length ? median(firsts) : NaN,
    requests: median(counts),
    routes: gh.requests.map(r => r.route)
  }
}

/** "2× GET /repos/{owner}/{repo}/installation, …" @param {string[]} routes */
function countRoutes(routes) {
  /** @type {Map<string, number>} */
  const counts = new Map()
  for (const route of routes) counts.set(route, (counts.get(route) ?? 0) + 1)
  return [...counts].map(([route, n]) => `${n}× ${route}`).join(', ')
}

/**
 * @param {GitHubEmulator} gh
 * @param {import('../emulator/github-emulator.js').App} app
 * @param {Record<string, string>} base
 */
async function benchWait(gh, app, base) {
  const POLL_S = 2
  const RUN_MS = 45_000
  gh.latencyMs = LATENCY_MS
  const installation = gh.install({
    app,
    account: 'wait-org',
    repositories: ['deploy'],
    permissions: { contents: 'write', actions: 'write', metadata: 'read' }
  })
  gh.addWorkflow('wait-org/deploy', {
    file: 'deploy.yml',
    types: ['deploy'],
    runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
    lifecycle: { queuedMs: 3000, runMs: RUN_MS, conclusion: 'success' }
  })
  gh.requests.length = 0
  gh.rateLimitSpent.set(installation.id, 0)
  const result = await runAction({
    apiUrl: gh.url,
    inputs: { ...base, repository: 'wait-org/deploy', wait: 'true', 'poll-interval': String(POLL_S), 'wait-timeout': '300' }
  })
  if (result.code !== 0) throw new Error(`wait run failed:\n${result.stdout}`)
  const run = gh.runs.find(r => r.repository === 'wait-org/deploy')
  if (!run) throw new Error('no run')
  const completedAt = run.created + run.lifecycle.queuedMs + run.lifecycle.runMs
  const stepEnd = result.startedAt + result.durationMs
  const polls = gh.requests.filter(r => r.route === 'GET /repos/{owner}/{repo}/actions/runs/{run_id}')
  const found = polls[0]?.receivedAt ?? 0
  const counted = polls.filter(r => r.status !== 304).length
  const minutes = (completedAt - found) / 60_000
  console.log('')
  console.log(`wait: one run queued 3 s, in progress ${RUN_MS / 1000} s, poll-interval ${POLL_S} s, ${LATENCY_MS} ms per request:`)
  console.log(
    `  after the run was found: ${polls.length} polls, ${polls.length - counted} answered 304 (free), ${counted} counted against the rate limit (one per status change)`
  )
  const perMinute = counted / minutes
  // Polls that found the run as the previous poll had left it, by the emulator's schedule.
  const stateAt = (/** @type {number} */ t) =>
    t < run.created + run.lifecycle.queuedMs ? 'queued' : t < completedAt ? 'in_progress' : 'completed'
  const unchanged = polls.filter((p, i) => i > 0 && stateAt(p.receivedAt) === stateAt(polls[i - 1]?.receivedAt ?? 0))
  const unchangedCounted = unchanged.filter(p => p.status !== 304).length
  const unchangedMinutes = (unchanged.length * POLL_S) / 60
  const steady = unchangedMinutes > 0 ? unchangedCounted / unchangedMinutes : 0
  console.log(
    `  counted per minute while the run was unchanged: ${steady.toFixed(2)} (${unchangedCounted} of ${unchanged.length} such polls); goal ≤ 1: ${steady <= 1 ? 'met' : 'MISSED'}`
  )
  console.log(
    `  counted per minute over the whole wait: ${perMinute.toFixed(2)} (${counted} in ${minutes.toFixed(2)} min: the first read and each status change cost one; ≤ 1 per minute once a wait exceeds ${counted} min)`
  )
  console.log(
    `  all requests of the step counted against the rate limit: ${gh.rateLimitSpent.get(installation.id) ?? 0} (installation ${installation.id})`
  )
  const lag = stepEnd - completedAt
  console.log(
    `  run completed → step ended: ${ms(lag)}; goal ≤ one poll-interval (${POLL_S * 1000} ms): ${lag <= POLL_S * 1000 ? 'met' : 'MISSED'}`
  )
}

/**
 * Keyless: the same step with the key only in (a stand-in of) AWS KMS, on
 * loopback with no injected latency: start-up to an input error (the KMS code
 * is not loaded for it), and process start → first GitHub request, which
 * includes loading the KMS chunk and one Sign round trip.
 * @param {GitHubEmulator} gh
 * @param {import('../emulator/github-emulator.js').App} app
 * @param {Record<string, string>} base
 * @param {number} privateKeyStartup
 * @param {number} bare
 */
async function benchKeyless(gh, app, base, privateKeyStartup, bare) {
  const aws = new AwsStandIn()
  await aws.start()
  const key = aws.addKey({ privateKey: app.privateKey })
  const env = { ...aws.addUser('bench', [key.arn]), AWS_ENDPOINT_URL_KMS: aws.url }
  const inputs = { ...base, 'private-key': '', 'aws-kms-key-id': key.arn }
  const latency = gh.latencyMs
  gh.latencyMs = 0
  const startup = await measure(gh, { ...inputs, 'event-type': '' }, env)
  const withPrivateKey = await measure(gh, base)
  const keyless = await measure(gh, inputs, env)
  gh.latencyMs = latency
  await aws.stop()
  console.log('keyless (aws-kms-key-id, KMS stand-in on loopback, no injected latency):')
  console.log(
    `  start-up to an input error: ${ms(startup.wall)} (private-key path: ${ms(privateKeyStartup)}), ${ms(startup.wall - bare)} above bare node`
  )
  console.log(
    `  process start → first request: ${ms(keyless.first)} with KMS signing, ${ms(withPrivateKey.first)} with private-key (+${ms(keyless.first - withPrivateKey.first)}: the KMS chunk and one Sign)`
  )
  console.log(`  KMS Sign requests per step: ${aws.requestsFor('kms').length / RUNS} (one JWT serves the run)`)
}

/**
 * The broker path beside the private-key path, on the same emulator and
 * latency: the step's wall time with `broker-url` (the broker in this
 * process, on loopback), the broker's requests to GitHub per dispatch cold
 * and warm (installation, policy and JWT cached; the policy for at most
 * 60 s), and the cold load of the broker's entry module.
 * @param {GitHubEmulator} gh @param {import('../emulator/github-emulator.js').App} app
 * @param {Record<string, string>} base @param {number} bare
 */
async function benchBroker(gh, app, base, bare) {
  gh.install({
    app,
    account: 'broker-org',
    repositories: ['deploy'],
    permissions: { contents: 'write', actions: 'read', metadata: 'read' }
  })
  gh.setFile(
    'broker-org/deploy',
    '.github/app-dispatch.yml',
    'version: 1\nallow:\n  - from: { repository: octo-org/upstream }\n    repository_dispatch: [deploy]\n'
  )
  const oidc = new RunnerOidc({ claims: { repository: 'octo-org/upstream' } })
  await oidc.start()
  const audience = 'https://broker.bench'
  const broker = createDispatchBroker({
    appId: app.id,
    privateKey: app.privateKey,
    audience,
    issuers: [{ issuer: OIDC_ISSUER, jwksUrl: oidc.jwksUrl }],
    apiUrl: gh.url,
    logger: { info: () => undefined, warning: () => undefined }
  })
  const server = createServer((req, res) => void broker.node(req, res))
  const url = await listenLocal(server)
  const inputs = { repository: 'broker-org/deploy', 'event-type': 'deploy', 'client-payload': '{"version":"1.2.3"}' }
  /** @type {number[]} */ const requests = []
  /** @type {number[]} */ const walls = []
  for (let i = 0; i < RUNS; i++) {
    gh.requests.length = 0
    const result = await runAction({
      apiUrl: gh.url,
      inputs: { ...inputs, 'broker-url': url, 'broker-audience': audience },
      env: oidc.env()
    })
    if (result.code !== 0) throw new Error(`broker run failed:\n${result.stdout}`)
    walls.push(result.durationMs)
    requests.push(gh.requests.length)
  }
  const warmRoutes = gh.requests.map(r => r.route)
  const direct = await measure(gh, { ...base, ...inputs })
  /** @type {number[]} */ const loads = []
  for (let i = 0; i < RUNS; i++) {
    const started = Date.now()
    await new Promise(resolve =>
      spawn(STEP_NODE, ['--input-type=module', '-e', `await import(${JSON.stringify(join(ROOT, 'lib/broker/index.js'))})`], {
        stdio: 'ignore'
      }).on('close', resolve)
    )
    loads.push(Date.now() - started)
  }
  await closeServer(server)
  await oidc.stop()
  console.log(`broker (the step calls a broker on loopback; the broker and the step each ${gh.latencyMs} ms per GitHub request):`)
  console.log(`  step wall time: ${ms(median(walls))} through the broker, ${ms(direct.wall)} with private-key (one target, no wait)`)
  console.log(
    `  the broker's requests to GitHub per dispatch: ${requests[0]} cold (installation, policy read with its own token, JWT), ${median(requests.slice(1))} warm (${countRoutes(warmRoutes)})`
  )
  console.log(`  cold load of lib/broker/index.js: ${ms(median(loads))}, ${ms(median(loads) - bare)} above bare node`)
}

async function main() {
  const gh = new GitHubEmulator({ latencyMs: LATENCY_MS })
  await gh.start()
  const app = gh.createApp()
  const installation = gh.install({ app, account: 'octo-org', repositories: ['deploy'] })
  const base = {
    'app-id': String(app.id),
    'private-key': app.privateKey,
    repository: 'octo-org/deploy',
    'event-type': 'deploy',
    'client-payload': '{"version":"1.2.3"}'
  }

  const size = bundleSize()
  console.log(
    `app-dispatch benchmark: ${RUNS} runs per figure (median), ${LATENCY_MS} ms injected latency per request, node ${process.version}`
  )
  console.log('')
  const main = size.files.find(f => f.name === 'index.js')?.size ?? 0
  console.log(
    `bundle: dist/index.js ${(main / 1024).toFixed(0)} KiB, evaluated at start-up; with the proxy-only chunk, dist/*.js ${(size.js / 1024).toFixed(0)} KiB (${size.files.map(f => `${f.name} ${(f.size / 1024).toFixed(0)} KiB`).join(', ')})`
  )

  const { bare: bareMedian, action: startupWall } = await benchStartup(gh, base)
  const startup = { wall: startupWall }
  console.log('')

  await benchKeyless(gh, app, base, startup.wall, bareMedian)
  console.log('')

  const scenarios = [
    ['one target, installation looked up', base],
    ['one target, installation-id given', { ...base, 'installation-id': String(installation.id) }]
  ]
  for (const [name, inputs] of /** @type {Array<[string, Record<string, string>]>} */ (scenarios)) {
    const r = await measure(gh, inputs)
    const budget = startup.wall + 3 * LATENCY_MS
    console.log(`${name}:`)
    console.log(`  requests: ${r.requests} (${r.routes.join(', ')})`)
    console.log(
      `  process start → first request: ${ms(r.first)}, ${ms(r.first - bareMedian)} above bare node; goal ≤ 60 ms above: ${r.first - bareMedian <= 60 ? 'met' : 'MISSED'}`
    )
    console.log(
      `  step wall time: ${ms(r.wall)}  = start-up + ${ms(r.wall - startup.wall)} (${((r.wall - startup.wall) / LATENCY_MS).toFixed(1)} round trips)`
    )
    console.log(`  target (start-up + 3 round trips = ${ms(budget)}): ${r.wall <= budget ? 'met' : 'MISSED'}`)
  }

  // Fan-out: 12 targets across 2 owners, 100 ms per request.
  gh.latencyMs = 100
  const names = Array.from({ length: 6 }, (_, i) => `service-${i}`)
  gh.install({ app, account: 'octo-org', repositories: names })
  gh.install({ app, account: 'second-org', repositories: names })
  const fanTargets = names.flatMap(n => [`octo-org/${n}`, `second-org/${n}`])
  const single = await measure(gh, { ...base, repository: 'octo-org/service-0' })
  const fan = await measure(gh, { ...base, repository: fanTargets.join('\n') })
  console.log('')
  console.log(`fan-out, ${gh.latencyMs} ms per request (max-concurrency 5):`)
  console.log(`  one target:  wall ${ms(single.wall)}, ${single.requests} requests`)
  console.log(`  12 targets across 2 owners: wall ${ms(fan.wall)}, ${fan.requests} requests (${countRoutes(fan.routes)})`)
  const ratio = fan.wall / single.wall
  console.log(`  ratio: ${ratio.toFixed(2)}× one target; goal ≤ 2×: ${ratio <= 2 ? 'met' : 'MISSED'}`)

  console.log('')
  await benchBroker(gh, app, base, bareMedian)
  await benchWait(gh, app, base)
  await gh.stop()
}

await main()
