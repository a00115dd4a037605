// @ts-check
/**
 * Files the test files that sit directly in __tests__/ into their tiers
 * (docs/development.md, "Test layout"), with `git mv`, and rewrites their
 * relative imports for the new depth. Re-runnable: a file already in a tier
 * is left alone, and a file it does not know is reported (add it to TIERS).
 *
 *   node scripts/move-tests.js            move, then rewrite imports
 *   node scripts/move-tests.js --dry-run  print what would move
 *
 * Tiers: unit/<src folder>/ (in-process, mirrors src/), e2e/<front end>/
 * (action, cli, library, slack, broker), repo/ (docs, packaging, hygiene, the
 * test tooling). A file's snapshot (__snapshots__/<file>.snap) moves with it.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TESTS = join(ROOT, '__tests__')

/** Where each test file goes, by its name (without .test.ts), under __tests__/. */
const TIERS = {
  // unit/: mirrors src/
  'unit/action': ['start-commands', 'hardening', 'mistakes-named'],
  'unit/auth': ['app-jwt', 'token-session', 'revoke'],
  'unit/auth/signers/aws': ['aws-redirects', 'kms-moto', 'kms-refusals'],
  'unit/broker': ['broker-oidc', 'broker-policy', 'broker-policy-load', 'broker-wording'],
  'unit/cli': ['main'],
  'unit/core': ['concurrency', 'advice-and-retries', 'error-codes', 'fanout', 'exactly-once'],
  'unit/core/brokered': ['broker-caller'],
  'unit/core/modes': ['workflow-dispatch'],
  'unit/core/wait': ['correlation', 'listeners', 'wait-virtual-time', 'wait-jobs'],
  'unit/core/downstream': ['storage-download', 'outputs'],
  'unit/github': ['advice'],
  'unit/http': ['api-version', 'delivery', 'retries', 'retry-policy'],
  'unit/input': ['inputs', 'app-key', 'job-names', 'input-kinds', 'app-credentials'],
  'unit/lib': ['messages'],
  'unit/model': ['input-model', 'placeholders'],
  'unit/slack': ['slack-config', 'slack-logger', 'slack-message', 'slack-rate-limits'],
  // e2e/: by front end
  'e2e/action': [
    'action.e2e',
    'api-version.e2e',
    'cancel-downstream.e2e',
    'cancel-while-hanging.e2e',
    'exactly-once.e2e',
    'failure-explained.e2e',
    'fanout.e2e',
    'hardening.e2e',
    'inert-outputs.e2e',
    'keyless.e2e',
    'mistakes-named.e2e',
    'outputs-unzipped.e2e',
    'outputs.e2e',
    'proxy.e2e',
    'startup.e2e',
    'snapshots.e2e',
    'stateless-tokens.e2e',
    'wait-causes.e2e',
    'wait-faults.e2e',
    'wait-jobs.e2e',
    'wait.e2e',
    'workflow-dispatch.e2e'
  ],
  'e2e/cli': ['cli.e2e', 'cli-messages.e2e', 'wait-jobs.cli.e2e', 'node-version.e2e', 'emulator-command.e2e', 'emulator-scenarios.e2e'],
  'e2e/library': ['library', 'wait-jobs.library', 'never-sent.e2e', 'typed-options.library'],
  'e2e/slack': [
    'slack-approval.e2e',
    'slack-claims-dynamodb.e2e',
    'slack-exactly-once.e2e',
    'slack-lambda.e2e',
    'slack-request-approval.e2e',
    'slack-server-docs.e2e'
  ],
  'e2e/broker': ['broker.e2e', 'broker-approval.e2e', 'broker-caller.e2e', 'broker-shared-store.e2e', 'broker-step.e2e'],
  // repo/: the repository's documents, package and hygiene, and the test tooling itself
  repo: [
    'docs',
    'docs-keyless',
    'docs-trust-policies',
    'docs-types',
    'hygiene',
    'package',
    'public-api',
    'matchers',
    'emulator',
    'emulator-jobs',
    'emulator-versions'
  ]
}

const dryRun = process.argv.includes('--dry-run')

/** @param {string[]} args */
function git(...args) {
  const result = spawnSync('git', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed`)
}

/** tier of each name */
const tierOf = new Map(Object.entries(TIERS).flatMap(([tier, names]) => names.map(name => [name, tier])))

const topLevel = readdirSync(TESTS).filter(name => name.endsWith('.test.ts'))
const unknown = []
const moved = []
for (const file of topLevel) {
  const name = file.replace(/\.test\.ts$/, '')
  const tier = tierOf.get(name)
  if (tier === undefined) {
    unknown.push(file)
    continue
  }
  const to = join(TESTS, tier, file)
  console.log(`${relative(ROOT, join(TESTS, file))} → ${relative(ROOT, to)}`)
  moved.push({ to, depth: tier.split('/').length })
  if (dryRun) continue
  spawnSync('mkdir', ['-p', join(TESTS, tier)])
  git('mv', join(TESTS, file), to)
  const snapshot = join(TESTS, '__snapshots__', `${file}.snap`)
  if (existsSync(snapshot)) {
    spawnSync('mkdir', ['-p', join(TESTS, tier, '__snapshots__')])
    git('mv', snapshot, join(TESTS, tier, '__snapshots__', `${file}.snap`))
  }
}

// Imports (and the URLs made from import.meta.url) that leave __tests__/ or reach support/ now start
// `depth` levels further up: './support/x.js' → '../../support/x.js', '../src/x.js' → '../../../src/x.js'.
for (const { to, depth } of dryRun ? [] : moved) {
  const up = '../'.repeat(depth)
  const text = readFileSync(to, 'utf8')
  const rewritten = text.replace(/(['"])(\.\.?\/)([^'"\n]*)\1/g, (whole, quote, start, rest) => {
    // Only paths to the test support and to the repository's code: './support/…' inside __tests__/, and
    // '../src/…' (emulator, lib, scripts, dist, deploy) outside it. Other strings ('./reply' as a step's
    // `uses:`, '../x' as a hostile artifact name) are data and stay as they are.
    const inside = start === './' && /^support\//.test(rest)
    const outside = start === '../' && /^(src|emulator|lib|scripts|dist|deploy)\//.test(rest)
    if (!inside && !outside) return whole
    return `${quote}${posix.normalize(up + (inside ? rest : `../${rest}`))}${quote}`
  })
  if (rewritten !== text) writeFileSync(to, rewritten)
}
// A longer path can push an import past the line length: format the moved files as the repository does.
if (!dryRun && moved.length > 0) {
  spawnSync('npx', ['prettier', '--write', '--log-level', 'warn', ...moved.map(m => m.to)], { cwd: ROOT, stdio: 'inherit' })
}

if (unknown.length > 0) {
  console.error(`Not filed (add them to TIERS in scripts/move-tests.js): ${unknown.join(', ')}`)
  process.exitCode = 1
}
