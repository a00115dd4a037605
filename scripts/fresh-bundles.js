// @ts-check
/**
 * The end-to-end tests run the committed bundles in dist/, as the runner and
 * `npx app-dispatch` do. So that `npm test` tests what src/ says, `pretest`
 * runs this script: it rebuilds dist/ (`npm run build`, 5-8 s) unless dist/ is
 * known to be built from the current sources, that is, unless a record left
 * by the last build or check-dist in this clone matches both a hash of the
 * build's inputs (src/, package-lock.json, tsconfig.json, and package.json's
 * type, version, dependencies and build script) and a
 * hash of dist/ as it is now. Rebuilding rather than failing: after an edit
 * to src/ the developer has to rebuild and commit dist/ anyway, and the
 * rebuild is byte-identical when nothing changed, so it never leaves a
 * spurious diff.
 *
 *   node scripts/fresh-bundles.js           rebuild dist/ when it may be stale
 *   node scripts/fresh-bundles.js --record  note that dist/ is built from the current sources
 *                                           (run by `postbuild` and by check-dist on success)
 */
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

const current = () => ({
  sources: createHash('sha256').update(hashOf(INPUTS)).update(packageInputs()).digest('hex'),
  dist: hashOf(['dist'])
})

if (process.argv.includes('--record')) {
  mkdirSync(dirname(RECORD), { recursive: true })
  writeFileSync(RECORD, JSON.stringify(current()))
} else {
  /** @type {{ sources?: string, dist?: string }} */
  let recorded = {}
  try {
    recorded = JSON.parse(readFileSync(RECORD, 'utf8'))
  } catch {
    // No record yet (a fresh clone): build once.
  }
  const now = current()
  if (recorded.sources !== now.sources || recorded.dist !== now.dist) {
    console.log('dist/ may not be what src/ builds to: rebuilding it (npm run build) so the tests run what src/ says.')
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (build.status !== 0) {
      console.error('npm run build failed: the tests would run stale bundles, so they do not run. Fix the build first.')
      process.exit(1)
    }
  }
}
