/**
 * Release and repository hygiene: the README says why `@actions/github` is not a dependency; every step
 * nested in a composite sub-action is pinned to a full commit SHA (organisations that require SHA pinning
 * fail a composite action whose inner steps are not); the release notes say the release is immutable and
 * tell whoever publishes a copy to turn immutable releases on; and `npm test` on a fresh clone calls its
 * first build a first build, not a fault.
 */
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { ROOT } from '../../emulator/run-action.js'
import { buildReason } from '../../scripts/fresh-bundles.js'

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

test('the README says why @actions/github is not a dependency, and it is not one', () => {
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> }
  expect(Object.keys(pkg.dependencies)).not.toContain('@actions/github')
  expect(read('README.md')).toMatch(/`@actions\/github` is deliberately not a dependency: [^\n]+\n[^\n]*start-up/)
})

/** `uses:` of a composite action's steps that are not a local path or pinned to a full commit SHA. */
function unpinned(actionYml: string): string[] {
  const action = parseDocument(actionYml).toJS() as { runs?: { using?: string; steps?: Array<{ uses?: string }> } }
  if (action.runs?.using !== 'composite') return []
  return (action.runs.steps ?? [])
    .map(step => step.uses)
    .filter((uses): uses is string => typeof uses === 'string')
    .filter(uses => !uses.startsWith('./') && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses))
}

describe('composite sub-actions pin every nested step to a full commit SHA', () => {
  const composites = readdirSync(ROOT, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map(entry => `${entry.name}/action.yml`)
    .filter(path => {
      try {
        return /using:\s*['"]?composite/.test(read(path))
      } catch {
        return false
      }
    })

  test('the composite sub-actions are found', () => {
    expect(composites.sort()).toEqual(expect.arrayContaining(['reply/action.yml', 'request-approval/action.yml']))
  })

  test.each(composites)('%s', path => {
    expect(unpinned(read(path))).toEqual([])
  })

  test('the check refuses a tag, a branch, a short SHA and a Docker image, and lets a full SHA and a local path pass', () => {
    const composite = (uses: string[]): string => `runs:\n  using: composite\n  steps:\n${uses.map(u => `    - uses: ${u}\n`).join('')}`
    expect(
      unpinned(
        composite([
          'actions/upload-artifact@v7',
          'actions/upload-artifact@main',
          'actions/upload-artifact@043fb46',
          'docker://alpine:3',
          'actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a',
          'github/codeql-action/init@cdf488f595d80d6e07e03d4674febd5ab45fa938',
          './reply'
        ])
      )
    ).toEqual(['actions/upload-artifact@v7', 'actions/upload-artifact@main', 'actions/upload-artifact@043fb46', 'docker://alpine:3'])
  })
})

describe('releases', () => {
  test("the release's notes are the CHANGELOG section, then how to pin it and to turn on immutable releases for a copy", () => {
    const notes = execFileSync(process.execPath, [join(ROOT, 'scripts', 'changelog-section.js'), 'v1.0.0', '--release-notes'], {
      encoding: 'utf8'
    })
    const section = execFileSync(process.execPath, [join(ROOT, 'scripts', 'changelog-section.js'), 'v1.0.0'], { encoding: 'utf8' })
    expect(notes.startsWith(section.trimEnd())).toBe(true)
    const footer = notes.slice(section.trimEnd().length)
    expect(footer).toContain('`v1.0.0` is an immutable release')
    expect(footer).toContain('uses: app-dispatch/app-dispatch@<the commit of v1.0.0> # v1.0.0')
    expect(footer).toContain(
      'Turn on immutable releases before its\nfirst release: *Settings → General → Releases → Enable release immutability*'
    )
  })

  test('the release workflow publishes those notes and warns when the release is not immutable', () => {
    const workflow = read('.github/workflows/release.yml')
    expect(workflow).toContain('node scripts/changelog-section.js "$TAG" --release-notes > "$RUNNER_TEMP/notes.md"')
    expect(workflow).toMatch(/gh api "repos\/\$REPO\/releases\/tags\/\$TAG" --jq '\.immutable[^']*'/)
    expect(workflow).toMatch(/::warning::Release \$TAG is not immutable/)
    expect(read('docs/development.md')).toMatch(/## Releasing[\s\S]*turn on \*\*immutable releases\*\*/)
  })
})

describe("npm test's build step", () => {
  test('a fresh clone reads as a first build, not a fault', () => {
    expect(buildReason('lib', {}, false)).toBe('Building lib/ for the first time in this clone (npm run build:lib).')
    expect(buildReason('dist', {}, true)).toBe('First build of dist/ in this clone (npm run build), so the tests run what src/ says.')
  })

  test('a changed source still says why it rebuilds', () => {
    expect(buildReason('lib', { sources: 'abc' }, true)).toBe(
      'lib/ may not be what src/ builds to: rebuilding it (npm run build:lib) so the tests run what src/ says.'
    )
  })
})
