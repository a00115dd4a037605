/**
 * A rule's `from:` (and a ceiling rule's): which token claims it matches.
 * Every key given must match; values are exact text or globs (glob.ts).
 * Repository names compare without regard to case, as GitHub's do; every
 * other claim compares exactly.
 */
import { FROM_KEYS, type ClaimPattern, type FromClaims, type FromKey } from './format.js'
import { globMatches, globProblem } from './glob.js'
import { isObject, quote, unknownKeys, type Read } from './document.js'

const ID_KEYS: readonly FromKey[] = ['repository_id', 'repository_owner_id']

/** Longer than any claim GitHub issues (a job_workflow_ref is owner/repo/path@ref). */
const MAX_VALUE_LENGTH = 512

export type Claims = Readonly<Record<string, string | undefined>>

export function parseFrom(value: unknown): Read<FromClaims> {
  if (!isObject(value) || Object.keys(value).length === 0)
    return { problem: `from must be a non-empty map of claims (${FROM_KEYS.join(', ')})` }
  const unknown = unknownKeys(value, FROM_KEYS, 'from: ')
  if (unknown !== undefined) return { problem: unknown }
  const from: FromClaims = {}
  for (const key of FROM_KEYS) {
    if (!Object.hasOwn(value, key)) continue
    const pattern = parseClaimPattern(key, value[key])
    if ('problem' in pattern) return { problem: `from.${key}: ${pattern.problem}` }
    from[key] = pattern.value
  }
  return { value: from }
}

/** One claim value; `repository` is owner/name, the owner written out (it is the trust boundary), the name may be a glob. */
export function parseClaimPattern(key: FromKey, raw: unknown): Read<ClaimPattern> {
  const isId = ID_KEYS.includes(key)
  const text = typeof raw === 'number' && isId && Number.isSafeInteger(raw) ? String(raw) : raw
  if (typeof text !== 'string' || text === '') return { problem: isId ? 'must be a numeric id' : 'must be a non-empty string' }
  if (text.length > MAX_VALUE_LENGTH) return { problem: `longer than ${MAX_VALUE_LENGTH} characters` }
  if (isId && !/^\d+$/.test(text)) return { problem: `must be a numeric id (exact, no glob), found ${quote(text)}` }
  if (key === 'repository') return repositoryPattern(text)
  const problem = globProblem(text)
  if (problem !== undefined) return { problem }
  return { value: { text, glob: text.includes('*') } }
}

/** owner/name: the owner exact, the name exact or a glob such as `*` or `app-*`. */
export function repositoryPattern(text: string): Read<ClaimPattern> {
  const parts = text.split('/')
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return { problem: `must be owner/name, found ${quote(text)}` }
  if (parts[0]?.includes('*')) return { problem: `the owner in ${quote(text)} must be written out: a glob there would match other owners` }
  const problem = globProblem(text)
  if (problem !== undefined) return { problem }
  return { value: { text, glob: text.includes('*') } }
}

/** Whether a claim value matches a pattern. */
export function claimMatches(key: FromKey, pattern: ClaimPattern, value: string): boolean {
  if (key === 'repository') return globMatches(pattern.text.toLowerCase(), value.toLowerCase())
  return globMatches(pattern.text, value)
}

/** How the claims differ from `from`: one phrase per key that does not match; empty when all do. */
export function fromMismatches(from: FromClaims, claims: Claims): string[] {
  const mismatches: string[] = []
  for (const key of FROM_KEYS) {
    const pattern = from[key]
    if (pattern === undefined) continue
    const value = claims[key]
    const wants = `the rule wants ${quote(pattern.text)}`
    if (value === undefined || value === '') mismatches.push(`the token has no ${key}, ${wants}`)
    else if (!claimMatches(key, pattern, value)) mismatches.push(`${key} is ${quote(value)}, ${wants}`)
  }
  return mismatches
}

/** The claims a caller presented that rules can match on (for a denial). */
export function presentedClaims(claims: Claims): Record<string, string> {
  const shown: Record<string, string> = {}
  for (const key of FROM_KEYS) {
    const value = claims[key]
    if (value !== undefined && value !== '') shown[key] = value
  }
  return shown
}
