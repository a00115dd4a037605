/**
 * docs/keyless.md's set-up can be followed as written: step 1 uses only the tools its prerequisites name
 * (besides the POSIX basics), its key policy is least privilege (only the signer role signs, with the one
 * algorithm; administrators manage but do not sign; no account-wide statement an IAM policy could widen),
 * and it shows the set-up for several dispatching repositories.
 */
import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'

const keyless = readFileSync(join(ROOT, 'docs', 'keyless.md'), 'utf8')
const part = (from: string, to: string): string => keyless.slice(keyless.indexOf(from), keyless.indexOf(to, keyless.indexOf(from) + 1))
const blocks = (text: string, lang: string): string[] =>
  [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1] ?? '')

/** Present on every machine the set-up runs on (POSIX and coreutils basics), so not listed. */
const BASICS = new Set(['cat', 'tr', 'base64', 'diff', 'echo', 'grep', 'command', 'for', 'do', 'done'])

/** The commands a shell text runs: the first word of each pipeline stage, substitution and list item. */
function commands(sh: string): Set<string> {
  const found = new Set<string>()
  const text = sh.replace(/^\s*#.*$/gm, '').replace(/\\\n/g, ' ')
  for (const [, word] of text.matchAll(/(?:^|\||&&|\|\||;|\$\(|<\()\s*([a-z][\w-]*)/gm)) found.add(word ?? '')
  found.delete('')
  return found
}

test("step 1 uses only the tools 'Before you start' lists", () => {
  const prerequisites = part('## Before you start', '## 1.')
  const listed = new Set(
    [...prerequisites.matchAll(/\*\*(?:GNU )?`?([\w-]+)`?\*\*|\*\*([A-Z]+) CLI\*\*|\*\*OpenSSL 3\*\*/g)].map(m =>
      (m[1] ?? m[2] ?? 'openssl').toLowerCase()
    )
  )
  expect([...listed].sort()).toEqual(['aws', 'jq', 'openssl', 'shred', 'xxd'])
  const used = commands(blocks(part('## 1.', '## 2.'), 'sh').join('\n'))
  expect([...used].filter(command => !listed.has(command) && !BASICS.has(command))).toEqual([])
  expect(used.has('openssl') && used.has('xxd') && used.has('shred') && used.has('jq')).toBe(true)
  expect(prerequisites).toMatch(/macOS's `\/usr\/bin\/openssl` is LibreSSL/)
  expect(prerequisites).toMatch(/AWS CloudShell/)
})

test('the command finder reads pipelines, substitutions and continued lines', () => {
  expect(
    [...commands('KEY=$(aws kms x \\\n  --y) && jq -r .a f | base64 -d > o\nopenssl enc -K "$(xxd -p < k | tr -d x)"')].sort()
  ).toEqual(['aws', 'base64', 'jq', 'openssl', 'tr', 'xxd'])
})

interface Statement {
  Sid?: string
  Principal?: { AWS?: string | string[] }
  Action: string | string[]
  Condition?: Record<string, Record<string, string>>
}

test('the key policy is shown in full and is least privilege', () => {
  const policies = blocks(keyless, 'json')
    .map(json => JSON.parse(json) as { Id?: string; Statement?: Statement[] })
    .filter(policy => policy.Statement?.some(s => [s.Action].flat().some(a => a.startsWith('kms:'))) && policy.Id !== undefined)
  expect(policies).toHaveLength(1)
  const statements = policies[0]?.Statement ?? []
  const actions = (s: Statement): string[] => [s.Action].flat()
  const principals = (s: Statement): string[] => [s.Principal?.AWS ?? []].flat()
  // Nobody gets kms:* or a wildcard; no account-root statement through which any IAM policy could grant more.
  expect(statements.flatMap(actions).filter(a => a.includes('*'))).toEqual([])
  expect(statements.flatMap(principals).filter(p => p.endsWith(':root') || p === '*')).toEqual([])
  // Only the signer role signs, with the one algorithm and message type.
  const signing = statements.filter(s => actions(s).includes('kms:Sign'))
  expect(signing).toHaveLength(1)
  expect(actions(signing[0] as Statement)).toEqual(['kms:Sign'])
  expect(principals(signing[0] as Statement)).toEqual(['arn:aws:iam::111122223333:role/app-dispatch-signer'])
  expect(signing[0]?.Condition?.['StringEquals']).toEqual({ 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'RAW' })
  // The administrators can change the policy (KMS's lockout check) but cannot use the key.
  const admin = statements.find(s => actions(s).includes('kms:PutKeyPolicy'))
  expect(admin).toBeDefined()
  expect(
    actions(admin as Statement).filter(a => /^kms:(Sign|Verify|Encrypt|Decrypt|GenerateDataKey|ReEncrypt|CreateGrant)/.test(a))
  ).toEqual([])
  expect(keyless).toContain('aws kms put-key-policy --key-id "$KEY_ID" --policy-name default --policy file://key-policy.json')
})

test('it shows the set-up for several dispatching repositories', () => {
  const several = part('### Several dispatching repositories', '## 3.')
  const [policy] = blocks(several, 'json').map(json => JSON.parse(json) as { Statement: Statement[] })
  const ids = policy?.Statement[0]?.Condition?.['StringEquals']?.['token.actions.githubusercontent.com:repository_id']
  expect(Array.isArray(ids) && ids.length).toBeGreaterThanOrEqual(2)
  expect(several).toMatch(/One role per repository/)
})
