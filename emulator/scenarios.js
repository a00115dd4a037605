// @ts-check
/**
 * What `npm run emulator --scenario NAME` changes in the local GitHub, so that a
 * failure or a feature can be tried by hand: each scenario is described, says
 * how it changes the App's installation and the receiving workflow's runs, and
 * which commands show it. Scenarios combine (`--scenario failing,jobs`).
 */

/**
 * @typedef {'failing' | 'jobs' | 'no-actions-permission' | 'slack'} ScenarioName
 * @typedef {import('./run-jobs.js').RunJob} RunJob
 */

/** @type {Record<ScenarioName, string>} */
export const SCENARIOS = {
  failing: "deploy.yml's runs fail: job 'deploy' fails at its step 'Deploy to staging', and its log says why (try a waiting dispatch)",
  jobs: "deploy.yml's runs have jobs that end one after another: build (two matrix legs, ~2 s), test (~4 s), deploy (~7 s); try --wait-jobs build",
  'no-actions-permission':
    'the App is installed with Contents: write and no Actions permission: a dispatch without a wait is sent; a waiting one, or a workflow_dispatch, is refused before anything is sent, naming the permission to add',
  slack:
    'a Slack Web API stand-in (SLACK_API_URL, SLACK_BOT_TOKEN): request-approval posts to it, and a click on the posted message approves'
}

export const SCENARIO_NAMES = /** @type {ScenarioName[]} */ (Object.keys(SCENARIOS))

/** The log of the failing job: what "see why it failed" prints the tail of. */
export const FAILING_LOG = [
  '2026-12-01T10:00:00.0000000Z ##[group]Run ./deploy.sh staging',
  '2026-12-01T10:00:00.1000000Z ./deploy.sh staging',
  '2026-12-01T10:00:00.2000000Z ##[endgroup]',
  '2026-12-01T10:00:01.0000000Z Uploading deploy-service 1.4.2 to staging',
  '2026-12-01T10:00:02.0000000Z Error: staging refused the upload: no space left on device',
  '2026-12-01T10:00:02.1000000Z ##[error]Process completed with exit code 1.'
].join('\n')

/**
 * The installation's permissions for the chosen scenarios.
 * @param {Set<ScenarioName>} chosen
 * @returns {Record<string, 'read' | 'write'>}
 */
export function installationPermissions(chosen) {
  return chosen.has('no-actions-permission')
    ? { contents: 'write', metadata: 'read' }
    : { contents: 'write', actions: 'write', metadata: 'read' }
}

/**
 * How a run of deploy.yml goes: its lifecycle, its jobs, and the job whose end hands the outputs back.
 * @param {Set<ScenarioName>} chosen
 * @returns {{ lifecycle: { queuedMs: number, runMs: number, conclusion: string }, jobs: (() => RunJob[]) | undefined, outputsJob: string | undefined }}
 */
export function runShape(chosen) {
  const failing = chosen.has('failing')
  const conclusion = failing ? 'failure' : 'success'
  const deploy = {
    name: 'deploy',
    conclusion,
    steps: [
      { name: 'Check out', conclusion: 'success' },
      { name: 'Deploy to staging', conclusion },
      { name: 'Report', conclusion: failing ? 'skipped' : 'success' }
    ],
    ...(failing ? { log: FAILING_LOG } : {})
  }
  if (chosen.has('jobs')) {
    const build = (/** @type {string} */ os) => ({
      name: `build (${os}, 22)`,
      conclusion: 'success',
      steps: [{ name: 'Compile', conclusion: 'success' }],
      appearMs: 500,
      startMs: 700,
      doneMs: 2000
    })
    const test = {
      name: 'test',
      conclusion: 'success',
      steps: [{ name: 'Unit tests', conclusion: 'success' }],
      appearMs: 2000,
      startMs: 2200,
      doneMs: 4000
    }
    return {
      lifecycle: { queuedMs: 500, runMs: 6500, conclusion },
      jobs: () => [build('ubuntu'), build('windows'), test, { ...deploy, appearMs: 4000, startMs: 4200, doneMs: 7000 }],
      outputsJob: 'build (ubuntu, 22)'
    }
  }
  return { lifecycle: { queuedMs: 1000, runMs: 2000, conclusion }, jobs: failing ? () => [deploy] : undefined, outputsJob: undefined }
}

/**
 * Parses `--scenario` values (repeated, or separated by commas).
 * @param {string[]} values
 * @param {(name: string, known: Iterable<string>) => string | undefined} nearest
 * @returns {Set<ScenarioName>}
 */
export function parseScenarios(values, nearest) {
  const chosen = new Set(/** @type {ScenarioName[]} */ ([]))
  for (const name of values.flatMap(value => value.split(',')).map(value => value.trim())) {
    if (!name) continue
    if (!(name in SCENARIOS)) {
      const near = nearest(name, SCENARIO_NAMES)
      throw new Error(
        `--scenario: '${name}' is not a scenario${near ? `; did you mean '${near}'?` : '.'} Scenarios: ${SCENARIO_NAMES.join(', ')}.`
      )
    }
    chosen.add(/** @type {ScenarioName} */ (name))
  }
  return chosen
}
