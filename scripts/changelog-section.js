// Prints CHANGELOG.md's section for a version (`node scripts/changelog-section.js v1.2.3`).
// With --release-notes, the GitHub release's notes: the section, then how to pin the release and why
// the repository publishing it (this one, or a copy of it) has immutable releases turned on.
// Fails when there is no section for the version.
import { readFileSync } from 'node:fs'

const args = process.argv.slice(2)
const version = (args.find(arg => !arg.startsWith('--')) ?? '').replace(/^v/, '')
const text = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8')
const lines = text.split('\n')
const start = lines.findIndex(line => new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`).test(line))
if (!version || start < 0) {
  console.error(`CHANGELOG.md has no section '## [${version}]'. Add one before releasing.`)
  process.exit(1)
}
const end = lines.findIndex((line, i) => i > start && /^## /.test(line))
const section = lines
  .slice(start + 1, end < 0 ? undefined : end)
  .join('\n')
  .trim()

/** The footer of every release's notes. @param {string} tag */
function pinning(tag) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const repository = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository?.url ?? '')?.[1] ?? 'OWNER/app-dispatch'
  const major = tag.split('.')[0] ?? tag
  return `---

**Pinning.** \`${tag}\` is an immutable release: its tag cannot be moved to other code, and its assets cannot
change. \`${major}\` moves to each ${major.slice(1)}.x release. Where your organisation requires actions pinned to a
full commit SHA, use \`uses: ${repository}@<the commit of ${tag}> # ${tag}\`; the composite sub-actions
(\`reply\`, \`request-approval\`) pin their own steps the same way.

**Publishing a copy** (a fork, or a mirror inside your organisation)? Turn on immutable releases before its
first release: *Settings → General → Releases → Enable release immutability*. Without it, anyone who can
push a tag can move a published version to other code, and every workflow that uses the version runs it.`
}

console.log(args.includes('--release-notes') ? `${section}\n\n${pinning(`v${version}`)}` : section)
