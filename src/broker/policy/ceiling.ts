/**
 * The organisation's ceiling: a file in a repository named in the broker's
 * config that bounds what any target's policy may allow.
 *
 *   version: 1
 *   allow:
 *     - from: { repository_owner_id: '123456' }   # same keys as a rule's from
 *       to: [octo-org/*]                          # target repositories
 *
 * A target's rule takes effect only when some ceiling rule matches the same
 * claims and the target repository.
 */
import type { Ceiling, CeilingRule, ClaimPattern } from './format.js'
import { isObject, readTop, readYaml, unknownKeys, type Read } from './document.js'
import { claimMatches, fromMismatches, parseFrom, repositoryPattern, type Claims } from './from.js'

const TOP_KEYS = ['version', 'allow'] as const
const RULE_KEYS = ['from', 'to'] as const
const MAX_RULES = 500

/** The one thing a denial by the ceiling says: its content is the organisation's, not the caller's or the target's. */
export const CEILING_DENIAL = "the organisation's ceiling does not allow this caller to dispatch to this target"

export function parseCeiling(text: string, source: string): { ceiling: Ceiling } | { problem: string } {
  const yaml = readYaml(text)
  if ('problem' in yaml) return { problem: `${source}: ${yaml.problem}` }
  const top = readTop(yaml.value, TOP_KEYS)
  if ('problem' in top) return { problem: `${source}: ${top.problem}` }
  if (top.value.length > MAX_RULES) return { problem: `${source}: ${top.value.length} rules; at most ${MAX_RULES}` }
  const rules: CeilingRule[] = []
  for (const [index, raw] of top.value.entries()) {
    const rule = parseCeilingRule(raw)
    if ('problem' in rule) return { problem: `${source}: rule ${index + 1}: ${rule.problem}` }
    rules.push(rule.value)
  }
  return { ceiling: { source, rules } }
}

function parseCeilingRule(raw: unknown): Read<CeilingRule> {
  if (!isObject(raw)) return { problem: 'a ceiling rule must be a map with from: and to:' }
  const unknown = unknownKeys(raw, RULE_KEYS, '')
  if (unknown !== undefined) return { problem: unknown }
  const from = parseFrom(raw['from'])
  if ('problem' in from) return from
  const to = raw['to']
  if (!Array.isArray(to) || to.length === 0)
    return { problem: 'to must be a non-empty list of target repositories (owner/name, the name may be a glob)' }
  const targets: ClaimPattern[] = []
  for (const item of to) {
    const pattern = typeof item === 'string' ? repositoryPattern(item) : { problem: 'must be owner/name' }
    if ('problem' in pattern) return { problem: `to: ${pattern.problem}` }
    targets.push(pattern.value)
  }
  return { value: { from: from.value, to: targets } }
}

/** Whether some ceiling rule matches these claims and this target. */
export function ceilingAllows(ceiling: Ceiling, claims: Claims, target: string): boolean {
  return ceiling.rules.some(
    rule => fromMismatches(rule.from, claims).length === 0 && rule.to.some(pattern => claimMatches('repository', pattern, target))
  )
}
