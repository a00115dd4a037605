/**
 * The trust policies and OIDC subjects the docs teach.
 *
 * GitHub announced an immutable `sub` that put the IDs after a hyphen (`repo:octo-org-123456/app-456789:…`)
 * and withdrew it before shipping: a legacy name such as `octo-org-123456` can be registered by anyone, so
 * the text could be squatted. The form that shipped puts each ID after an `@` (`repo:octo-org@123456/app@456789:…`).
 * No page may teach the withdrawn form, and every trust policy must pin the immutable claims AWS can check.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'

const files = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter(f => f.endsWith('.md'))
    .map(f => `docs/${f}`)
]
const texts = files.map(file => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))

/** A name followed by `-digits` where the ID form is meant: the withdrawn hyphen form. */
const HYPHEN_ID = /-\d+$/

/** Every `repo:OWNER/REPO:…` subject in a text, with its two name parts. */
function subjects(text: string): Array<{ subject: string; owner: string; repo: string }> {
  return [...text.matchAll(/repo:([^\s"'`/:*]+)\/([^\s"'`:*]+):[^\s"'`]*/g)].map(m => ({
    subject: m[0],
    owner: m[1] ?? '',
    repo: m[2] ?? ''
  }))
}

/** The withdrawn form anywhere in a text: a subject whose owner or repository ends in -digits, or an `owner-123/repo-456` pair. */
function hyphenForms(text: string): string[] {
  const inSubjects = subjects(text)
    .filter(s => HYPHEN_ID.test(s.owner) || HYPHEN_ID.test(s.repo))
    .map(s => s.subject)
  const pairs = [...text.matchAll(/[\w.-]+-\d{3,}\/[\w.-]+-\d{3,}/g)].map(m => m[0]).filter(pair => !inSubjects.some(s => s.includes(pair)))
  return [...new Set([...inSubjects, ...pairs])]
}

/** The GitHub claims AWS STS accepts as `token.actions.githubusercontent.com:<claim>` condition keys (AWS, January 2026). */
const AWS_GITHUB_CONDITION_KEYS = new Set([
  'aud',
  'sub',
  'amr',
  'actor',
  'actor_id',
  'job_workflow_ref',
  'repository',
  'repository_id',
  'workflow',
  'ref',
  'environment',
  'enterprise_id'
])

type Conditions = Record<string, Record<string, string | string[]>>
interface Statement {
  Action?: string | string[]
  Condition?: Conditions
}
interface Policy {
  Statement?: Statement[]
}

/** JSON blocks that are trust policies (a statement allowing sts:AssumeRoleWithWebIdentity), or a bare Condition. */
function trustPolicies(): Array<{ name: string; conditions: Conditions }> {
  return texts.flatMap(({ file, text }) =>
    [...text.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((m, i) => {
      const parsed = JSON.parse(m[1] ?? '') as Policy & Record<string, unknown>
      const name = `${file} json #${i + 1}`
      if (Array.isArray(parsed.Statement)) {
        return parsed.Statement.filter(s => [s.Action].flat().includes('sts:AssumeRoleWithWebIdentity')).map(s => ({
          name,
          conditions: s.Condition ?? {}
        }))
      }
      // A bare Condition block, shown to replace the one in a full policy.
      return JSON.stringify(parsed).includes('token.actions.githubusercontent.com:') ? [{ name, conditions: parsed as Conditions }] : []
    })
  )
}

const conditionKeys = (conditions: Conditions): string[] => Object.values(conditions).flatMap(block => Object.keys(block))
const values = (conditions: Conditions, key: string): string[] => Object.values(conditions).flatMap(block => [block[key] ?? []].flat())

describe('the withdrawn hyphen form of the immutable OIDC subject', () => {
  test.each(texts)('$file teaches no subject with a -digits ID', ({ text }) => {
    expect(hyphenForms(text)).toEqual([])
  })

  test('the detector finds the withdrawn form and lets the shipped one and plain names pass', () => {
    expect(hyphenForms('"repo:octo-org-123456/app-456789:ref:refs/heads/main"')).toEqual([
      'repo:octo-org-123456/app-456789:ref:refs/heads/main'
    ])
    expect(hyphenForms('`repo:octo-org/app-456789:environment:production`')).toEqual(['repo:octo-org/app-456789:environment:production'])
    expect(hyphenForms('the ids follow the names (octo-org-123456/app-456789)')).toEqual(['octo-org-123456/app-456789'])
    expect(hyphenForms('"repo:octo-org@123456/app@456789:ref:refs/heads/main"')).toEqual([])
    expect(hyphenForms('"repo:octo-org/app:ref:refs/heads/main", repo:octo-org/*')).toEqual([])
  })
})

describe('the trust policies in the docs', () => {
  const policies = trustPolicies()

  test('the docs hold trust policies, and one of them pins the shipped @ form of the subject', () => {
    expect(policies.length).toBeGreaterThanOrEqual(2)
    const subs = policies.flatMap(p => values(p.conditions, 'token.actions.githubusercontent.com:sub'))
    expect(subs).toContain('repo:octo-org@123456/app@456789:ref:refs/heads/main')
  })

  test.each(policies)(
    '$name names only condition keys AWS accepts for GitHub tokens, and pins the audience and an immutable claim',
    ({ conditions }) => {
      const keys = conditionKeys(conditions).filter(k => k.startsWith('token.actions.githubusercontent.com:'))
      expect(keys.map(k => k.slice('token.actions.githubusercontent.com:'.length)).filter(k => !AWS_GITHUB_CONDITION_KEYS.has(k))).toEqual(
        []
      )
      expect(values(conditions, 'token.actions.githubusercontent.com:aud')).toEqual(['sts.amazonaws.com'])
      expect(keys).toContain('token.actions.githubusercontent.com:repository_id')
      const operators = Object.keys(conditions)
      expect(operators.filter(op => op.startsWith('ForAllValues:'))).toEqual([])
    }
  )

  test('keyless.md says how to tell which subject form a repository uses, and that GHES has only the name form', () => {
    const keyless = readFileSync(join(ROOT, 'docs', 'keyless.md'), 'utf8')
    expect(keyless).toContain('/repos/{owner}/{repo}/actions/oidc/customization/sub')
    expect(keyless).toMatch(/2026-07-15/)
    expect(keyless).toMatch(/GitHub Enterprise Server/)
    expect(keyless).toMatch(/job_workflow_ref/)
    expect(keyless).toMatch(/repository_owner_id/)
  })
})
