/**
 * The npm package as a registry page and a CommonJS project see it: package.json names the repository,
 * its home page and where to report bugs; the README's links work on npmjs.com (absolute, to files and
 * headings that exist); docs/ ships, and the shipped docs link only to shipped files; and
 * `require('app-dispatch')` works (Node ≥ 22.12 loads the synchronous ES module graph).
 */
import { expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'
import { tempDir } from '../support/temp-dir.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  repository?: { type?: string; url?: string }
  homepage?: string
  bugs?: { url?: string }
  files?: string[]
}
/** The repository the CHANGELOG's compare links name: the one canonical address. */
const REPO = /(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\/compare\//.exec(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'))?.[1] ?? 'none'

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const found = new Set<string>()
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = (heading ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    found.add(count === 0 ? base : `${base}-${count}`)
  }
  return found
}

/** Markdown links outside code blocks: [text](target). */
const links = (markdown: string): string[] =>
  [...markdown.replace(/^ *```[\s\S]*?^ *```/gm, '').matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1] ?? '')

test('package.json names the repository, its home page and its issues, at the address the CHANGELOG uses', () => {
  expect(REPO).toMatch(/^https:\/\/github\.com\//)
  expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPO}.git` })
  expect(pkg.homepage).toBe(`${REPO}#readme`)
  expect(pkg.bugs).toEqual({ url: `${REPO}/issues` })
})

test("the README's links work on the registry's page: absolute, to files and headings that exist in the repository", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const all = links(readme)
  expect(all.filter(target => !/^(https?:|mailto:|#)/.test(target))).toEqual([])
  const ours = all.filter(target => target.startsWith(`${REPO}/blob/main/`))
  expect(ours.length).toBeGreaterThan(10)
  const broken = ours.filter(target => {
    const [path = '', anchor] = target.slice(`${REPO}/blob/main/`.length).split('#')
    if (!existsSync(join(ROOT, path))) return true
    return anchor !== undefined && !anchors(readFileSync(join(ROOT, path), 'utf8')).has(anchor)
  })
  expect(broken).toEqual([])
  const inPage = all.filter(target => target.startsWith('#')).filter(target => !anchors(readme).has(target.slice(1)))
  expect(inPage).toEqual([])
})

test('docs/ ships in the package, and the shipped docs link only to files the package holds', () => {
  const listing = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })
  const shipped = new Set((JSON.parse(listing) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map(f => f.path))
  const docs = [...shipped].filter(path => /^docs\/[^/]+\.md$/.test(path))
  expect(docs).toEqual(expect.arrayContaining(['docs/library.md', 'docs/keyless.md', 'docs/slack.md', 'docs/cli.md']))
  const dangling = docs.flatMap(doc =>
    links(readFileSync(join(ROOT, doc), 'utf8'))
      .filter(target => !/^(https?:|mailto:|#)/.test(target))
      .map(target => ({ doc, target, path: normalize(join(dirname(doc), target.split('#')[0] ?? '')) }))
      .filter(link => !shipped.has(link.path))
      .map(link => `${link.doc} → ${link.target}`)
  )
  expect(dangling).toEqual([])
}, 30_000)

test("require('app-dispatch') and require('app-dispatch/slack') work from a CommonJS project", () => {
  const dir = tempDir('package-cjs-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'app-dispatch'), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'commonjs' }))
  writeFileSync(
    join(dir, 'main.cjs'),
    `const { dispatch, InputError } = require('app-dispatch')
const { createSlackApprovalHandler } = require('app-dispatch/slack')
console.log([typeof dispatch, typeof InputError, typeof createSlackApprovalHandler].join(' '))`
  )
  const out = execFileSync(process.execPath, ['main.cjs'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  expect(out.trim()).toBe('function function function')
})
