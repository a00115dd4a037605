// Prints CHANGELOG.md's section for a version (`node scripts/changelog-section.js v1.2.3`):
// the release notes. Fails when there is none.
import { readFileSync } from 'node:fs'

const version = (process.argv[2] ?? '').replace(/^v/, '')
const text = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8')
const lines = text.split('\n')
const start = lines.findIndex(line => new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`).test(line))
if (!version || start < 0) {
  console.error(`CHANGELOG.md has no section '## [${version}]'. Add one before releasing.`)
  process.exit(1)
}
const end = lines.findIndex((line, i) => i > start && /^## /.test(line))
console.log(
  lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim()
)
