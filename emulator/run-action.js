// @ts-check
/**
 * Runs the committed bundle the way the GitHub Actions runner does: a child
 * `node dist/index.js` with `INPUT_*` variables (names upper-cased, hyphens
 * kept), action.yml's defaults evaluated, and GITHUB_OUTPUT /
 * GITHUB_STEP_SUMMARY files; then reads back what the step printed and wrote.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = join(ROOT, 'dist', 'index.js')
/**
 * The Node that runs the bundles: this one, or STEP_NODE (e.g. a Node 24
 * binary, the runner's version: `STEP_NODE=$(npx -p node@24 -- node -p process.execPath) npm test`).
 */
export const STEP_NODE = process.env['STEP_NODE'] || process.execPath

/**
 * @typedef {{
 *   code: number | null, stdout: string, stderr: string, outputs: Record<string, string>,
 *   summary: string, durationMs: number, startedAt: number, errors: string[], masks: string[]
 * }} StepResult
 */

/** @type {{ inputs?: Record<string, { default?: unknown }> } | undefined} */
let parsedActionYml
/** action.yml, parsed once per process (a run of the test suite parses it for each of ~300 steps otherwise). */
function actionYml() {
  parsedActionYml ??= parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  return /** @type {{ inputs?: Record<string, { default?: unknown }> }} */ (parsedActionYml)
}

/** action.yml's inputs with their defaults, `${{ github.* }}` evaluated. @param {Record<string, string>} github */
export function actionDefaults(github) {
  const action = actionYml()
  /** @type {Record<string, string>} */
  const defaults = {}
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    if (spec && spec.default !== undefined) {
      defaults[name] = String(spec.default).replace(/\$\{\{\s*github\.(\w+)\s*\}\}/g, (_, key) => github[key] ?? '')
    }
  }
  return defaults
}

/**
 * NODE_COMPILE_CACHE, when this process has it (jest.config.js sets it for the test run): V8's code
 * cache for the bundle's modules, so that the ~240 runs of the bundles in one `npm test` compile them
 * once. It changes no behaviour, only compile time; `npm run bench` clears it, so that its figures are
 * cold, as on the runner. @returns {Record<string, string>}
 */
export function compileCache() {
  const dir = process.env['NODE_COMPILE_CACHE']
  return dir ? { NODE_COMPILE_CACHE: dir } : {}
}

/**
 * What the runner sets for every step (the job summary aside): the CI flags, the API and server URLs,
 * the repository, the step's output file and its temporary directory.
 * @param {{ apiUrl: string, repository: string, dir: string, outputFile: string }} step
 * @returns {Record<string, string>}
 */
export function runnerVariables({ apiUrl, repository, dir, outputFile }) {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: repository,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: dir
  }
}

/**
 * The step's inputs as the runner passes them: action.yml's defaults, then `inputs`, each as INPUT_<NAME>.
 * @param {Record<string, string>} inputs @param {{ apiUrl: string, repository: string }} step
 * @returns {Record<string, string>}
 */
export function inputVariables(inputs, { apiUrl, repository }) {
  const all = { ...actionDefaults({ repository, api_url: apiUrl }), ...inputs }
  return Object.fromEntries(Object.entries(all).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]))
}

/**
 * @param {{
 *   inputs: Record<string, string>, apiUrl: string, repository?: string, env?: Record<string, string>, timeoutMs?: number,
 *   onStart?: (child: import('node:child_process').ChildProcess) => void
 * }} options
 * @returns {Promise<StepResult>}
 */
export async function runAction({ inputs, apiUrl, repository = 'octo-org/upstream', env = {}, timeoutMs = 120_000, onStart }) {
  const dir = mkdtempSync(join(tmpdir(), 'app-dispatch-step-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  /** @type {Record<string, string>} */
  const stepEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    ...runnerVariables({ apiUrl, repository, dir, outputFile }),
    GITHUB_STEP_SUMMARY: summaryFile,
    ...compileCache(),
    ...env,
    ...inputVariables(inputs, { apiUrl, repository })
  }
  const startedAt = Date.now()
  const child = spawn(STEP_NODE, [BUNDLE], { env: stepEnv, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  onStart?.(child)
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  /** @type {number | null} */
  const code = await new Promise(resolve => child.on('close', resolve))
  clearTimeout(timer)
  const durationMs = Date.now() - startedAt
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    durationMs,
    startedAt,
    errors: stdout.split('\n').filter(line => line.startsWith('::error')),
    masks: stdout
      .split('\n')
      .filter(line => line.startsWith('::add-mask::'))
      .map(line => line.slice('::add-mask::'.length))
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER` blocks. @param {string} text */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (match && match[1] && match[2]) {
      const value = []
      for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i])
      outputs[match[1]] = value.join('\n')
    } else if (lines[i]?.includes('=')) {
      const [name, ...rest] = (lines[i] ?? '').split('=')
      if (name) outputs[name] = rest.join('=')
    }
  }
  return outputs
}

/**
 * Places where a secret shows in what a user could see: log lines (other
 * than the runner's `::add-mask::` commands, which the runner consumes),
 * stderr, outputs and the job summary.
 * @param {StepResult} result @param {string[]} secrets
 */
export function findLeaks(result, secrets) {
  const visible = {
    stdout: result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: result.stderr,
    outputs: JSON.stringify(result.outputs),
    summary: result.summary
  }
  /** @type {string[]} */
  const leaks = []
  for (const secret of secrets) {
    for (const [where, text] of Object.entries(visible)) {
      if (secret && text.includes(secret)) leaks.push(`${where}: ${secret.slice(0, 8)}…`)
    }
  }
  return leaks
}
