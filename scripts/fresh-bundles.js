// @ts-check
/**
 * So that `npm test` tests what src/ says, `pretest` runs this script. The
 * end-to-end tests run the committed bundles in dist/, as the runner and
 * `npx app-dispatch` do, and the Slack handler's process, the emulator and
 * the public-API test use lib/ (the package's entry points). Each is rebuilt
 * (`npm run build`, 5-8 s; `npm run build:lib`, about 3 s) unless it is known
 * to be built from the current sources: unless a record left by its last
 * build in this clone matches both a hash of its inputs (dist/: src/,
 * package-lock.json, tsconfig.json, and package.json's type, version,
 * dependencies and build script; lib/: src/ and the two tsconfig files) and
 * a hash of the output as it is now. Hand-written rather than left to tsc's
 * own up-to-date check: `tsc -b` compares only the project's root files (the
 * two entry points), so it missed edits to every module behind them.
 * Rebuilding rather than failing: after an edit to src/ the developer has to
 * rebuild and commit dist/ anyway, and the rebuild is byte-identical when
 * nothing changed, so it never leaves a spurious diff.
 *
 *   node scripts/fresh-bundles.js           rebuild lib/ and dist/ when they may be stale
 *   node scripts/fresh-bundles.js --record  note that dist/ is built from the current sources
 *                                           (run by `postbuild` and by check-dist on success)
 */
import './require-node.js' // first: one clear line on a Node.js too old
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const RECORD = join(ROOT, 'node_modules', '.cache', 'app-dispatch', 'bundles.json')
const INPUTS = ['src', 'package-lock.json', 'tsconfig.json']

/** Every file under `path` (or `path` itself), sorted. @param {string} path @returns {string[]} */
function filesUnder(path) {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name))
    .sort()
}

/** One hash over the names and contents of the files. @param {string[]} paths */
function hashOf(paths) {
  const hash = createHash('sha256')
  for (const file of paths.flatMap(path => filesUnder(join(ROOT, path)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

/** What of package.json the bundles depend on (not, say, the test scripts). */
function packageInputs() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  return JSON.stringify([pkg.type, pkg.version, pkg.dependencies, pkg.scripts?.build])
}

/** The two build outputs, each with its inputs and the npm script that makes it. */
const OUTPUTS = {
  dist: { inputs: () => hashOf(INPUTS) + packageInputs(), script: 'build' },
  lib: { inputs: () => hashOf(['src', 'tsconfig.json', 'tsconfig.lib.json']), script: 'build:lib' }
}

/**
 * Why `name` is built now: the first build in this clone (nothing recorded yet: a fresh clone, where
 * lib/ does not exist and dist/ is as committed), or a build after src/ (or the output) changed.
 * @param {'lib' | 'dist'} name @param {{ sources?: string }} recorded @param {boolean} outputExists
 */
export function buildReason(name, recorded, outputExists) {
  const how = `npm run ${OUTPUTS[name].script}`
  if (recorded.sources === undefined) {
    return outputExists
      ? `First build of ${name}/ in this clone (${how}), so the tests run what src/ says.`
      : `Building ${name}/ for the first time in this clone (${how}).`
  }
  return `${name}/ may not be what src/ builds to: rebuilding it (${how}) so the tests run what src/ says.`
}

/** @param {keyof typeof OUTPUTS} name */
const current = name => ({ sources: createHash('sha256').update(OUTPUTS[name].inputs()).digest('hex'), output: hashOf([name]) })

/** @returns {Record<string, { sources?: string, output?: string }>} */
function readRecords() {
  try {
    return JSON.parse(readFileSync(RECORD, 'utf8'))
  } catch {
    return {} // no record yet (a fresh clone): build once
  }
}

/** @param {keyof typeof OUTPUTS} name */
function record(name) {
  mkdirSync(dirname(RECORD), { recursive: true })
  writeFileSync(RECORD, JSON.stringify({ ...readRecords(), [name]: current(name) }))
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]

if (!isMain) {
  // Imported (by a test, for buildReason): nothing to do.
} else if (process.argv.includes('--record')) {
  record('dist')
} else {
  for (const name of /** @type {const} */ (['lib', 'dist'])) {
    const recorded = readRecords()[name] ?? {}
    const now = current(name)
    if (recorded.sources === now.sources && recorded.output === now.output) continue
    console.log(buildReason(name, recorded, existsSync(join(ROOT, name))))
    const build = spawnSync('npm', ['run', OUTPUTS[name].script], { cwd: ROOT, stdio: 'inherit' })
    if (build.status !== 0) {
      console.error(`npm run ${OUTPUTS[name].script} failed: the tests would run stale code, so they do not run. Fix the build first.`)
      process.exit(1)
    }
    // `npm run build` records dist/ itself (postbuild); lib/ is recorded here.
    if (name === 'lib') record('lib')
  }
}
