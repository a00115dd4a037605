/**
 * Downstream workflows whose jobs finish at different times, for the
 * wait-jobs tests of the action, the library and the CLI. Every run of these
 * workflows goes on for ten minutes unless said otherwise, so a step that ends
 * sooner ended with the jobs it waited for, not with the run.
 */
import type { GitHubEmulator } from '../../emulator/github-emulator.js'
import { unzippedArtifact } from '../../emulator/run-jobs.js'

export const JOBS_OWNER = 'jobs-org'
export const LONG_RUN = { queuedMs: 0, runMs: 600_000, conclusion: 'success' }
const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'

export const HOSTILE_LOG = [
  '2026-11-28T10:00:00.0000000Z Compiling',
  '2026-11-28T10:00:01.0000000Z ::warning title=pwned::forged',
  '2026-11-28T10:00:02.0000000Z error: build failed'
].join('\n')

/** Repository → what its workflow's runs do. */
export const SCENARIOS = {
  /** build finishes in 300 ms and uploads outputs.json; e2e goes on with the run. */
  early: {
    jobs: () => [
      { name: 'build', conclusion: 'success', doneMs: 300 },
      { name: 'e2e', conclusion: 'success' }
    ],
    artifacts: () => [unzippedArtifact('outputs.json', '{"image": "registry.example/app:42"}', { job: 'build' })]
  },
  /** build fails in 300 ms; lint, not waited for, fails too; e2e goes on. */
  failing: {
    jobs: () => [
      { name: 'lint', conclusion: 'failure', doneMs: 200, steps: [{ name: 'Lint', conclusion: 'failure' }], log: 'lint log' },
      {
        name: 'build',
        conclusion: 'failure',
        doneMs: 300,
        steps: [
          { name: 'Check out', conclusion: 'success' },
          { name: 'Compile', conclusion: 'failure' }
        ],
        log: HOSTILE_LOG
      },
      { name: 'e2e', conclusion: 'success' }
    ]
  },
  /** A short run with jobs build and test only. */
  unknown: {
    lifecycle: { queuedMs: 0, runMs: 400, conclusion: 'success' },
    jobs: () => [
      { name: 'build', conclusion: 'success' },
      { name: 'test', conclusion: 'success' }
    ]
  },
  /** Matrix legs: ubuntu succeeds in 300 ms, windows fails in 500 ms. */
  matrix: {
    jobs: () => [
      { name: 'build (ubuntu, 22)', conclusion: 'success', doneMs: 300 },
      { name: 'build (windows, 22)', conclusion: 'failure', doneMs: 500, steps: [{ name: 'Test', conclusion: 'failure' }] },
      { name: 'builder', conclusion: 'success' },
      { name: 'e2e', conclusion: 'success' }
    ]
  },
  /** deploy is not listed until the test lists it (appearMs: Infinity; see listJobLater). */
  late: {
    jobs: () => [
      { name: 'build', conclusion: 'success', doneMs: 100 },
      { name: 'deploy', conclusion: 'success', appearMs: Infinity, doneMs: Infinity }
    ]
  },
  /** build never finishes within the tests' timeouts. */
  slow: {
    jobs: () => [{ name: 'build', conclusion: 'success' }]
  },
  /** Job names from another repository: markup and workflow commands. */
  hostile: {
    jobs: () => [
      { name: 'evil (##[warning]forged, <img src=x onerror=alert(1)>)', conclusion: 'success', doneMs: 200 },
      { name: 'evil (a\n::warning::forged)', conclusion: 'success', doneMs: 200 },
      { name: 'e2e', conclusion: 'success' }
    ]
  }
}

export type Scenario = keyof typeof SCENARIOS

/** Installs the App on jobs-org and adds one workflow per scenario, on repository_dispatch `deploy`. */
export function addJobWorkflows(gh: GitHubEmulator, app: ReturnType<GitHubEmulator['createApp']>): void {
  gh.install({
    app,
    account: JOBS_OWNER,
    repositories: Object.keys(SCENARIOS),
    permissions: { contents: 'write', actions: 'write', metadata: 'read' }
  })
  for (const [repo, scenario] of Object.entries(SCENARIOS)) {
    gh.addWorkflow(`${JOBS_OWNER}/${repo}`, {
      file: 'deploy.yml',
      types: ['deploy'],
      runName: RUN_NAME,
      lifecycle: 'lifecycle' in scenario ? scenario.lifecycle : LONG_RUN,
      jobs: scenario.jobs,
      ...('artifacts' in scenario ? { artifacts: scenario.artifacts } : {})
    })
  }
}

/** The run's own status in the emulator now (a wait for jobs may end while it goes on). */
export function runStatus(gh: GitHubEmulator, repo: Scenario): string | undefined {
  const run = gh.runs.find(r => r.repository === `${JOBS_OWNER}/${repo}`)
  return run ? gh.runState(run).status : undefined
}

/**
 * The `late` scenario: once the step has read the job list `reads` times
 * without `deploy` in it, list deploy and let it finish 200 ms later. `now` is
 * the emulator's time source (a VirtualClock's `now` in-process). Returns a
 * stop function.
 */
export function listJobLater(gh: GitHubEmulator, route: string, reads = 2, now: () => number = Date.now): () => void {
  const timer = setInterval(() => {
    const run = gh.runs.find(r => r.repository === `${JOBS_OWNER}/late`)
    if (!run || gh.requestsFor(route).filter(r => r.path.includes(`/runs/${run.id}/`)).length < reads) return
    clearInterval(timer)
    const job = run.jobs.find(j => j.name === 'deploy')
    if (!job) return
    const age = now() - run.created
    job.appearMs = age
    job.doneMs = age + 200
  }, 10)
  return () => clearInterval(timer)
}
