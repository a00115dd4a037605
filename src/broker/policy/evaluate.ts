/**
 * Deciding a request against the target's policy.
 *
 * - The first rule (in file order) that matches decides; later rules are not
 *   read. A denial gives, for every rule, why it did not match, in terms of
 *   this policy and the caller's own claims and request only.
 * - A rule matches when every `from` key matches the token's claims, the
 *   event type is in its `repository_dispatch` (or the workflow and ref in
 *   its `workflow_dispatch`), the payload satisfies its `payload` schema
 *   (checked only once the rest matched, so only allowed callers reach it),
 *   and, if the request asks to wait, the rule has `wait: true`. A request
 *   that asks to wait where the rule does not allow it is denied by that rule
 *   (fail closed: the step asked for a token it must not get, and silently
 *   not waiting would report a result it did not see).
 * - Tokens from `pull_request_target`, `workflow_run` and `pull_request` runs
 *   match only a rule whose `from.event_name` is that event written out (a
 *   glob does not count): those runs act for people outside the repository.
 * - workflow_dispatch: `workflow` compares exactly with the request's (a
 *   file name matches a file name, an id an id); a rule's `ref` is exact or
 *   a glob and compares with the request's ref as written (`main` is not
 *   `refs/heads/main`); an entry without `ref` allows only the target's
 *   default branch, that is a request without a ref.
 * - With a ceiling, nothing is allowed unless the ceiling allows this caller
 *   and target; its denial says only that (ceiling.ts).
 */
import { GUARDED_EVENTS, type Ceiling, type Policy, type PolicyAsk, type PolicyDecision, type PolicyRule } from './format.js'
import { globMatches } from './glob.js'
import { quote } from './document.js'
import { CEILING_DENIAL, ceilingAllows } from './ceiling.js'
import { fromMismatches, type Claims } from './from.js'

export function evaluatePolicy(policy: Policy, claims: Claims, ask: PolicyAsk, ceiling?: Ceiling): PolicyDecision {
  if (ceiling !== undefined && !ceilingAllows(ceiling, claims, ask.repository)) return { allowed: false, reasons: [CEILING_DENIAL] }
  if (policy.rules.length === 0) return { allowed: false, reasons: ["the policy's allow: list is empty: it allows nothing"] }
  const reasons: string[] = []
  for (const [index, rule] of policy.rules.entries()) {
    const why = ruleMismatch(rule, claims, ask)
    if (why === undefined) {
      return { allowed: true, rule: index + 1, wait: ask.wait && rule.wait, ...(rule.approval ? { approval: rule.approval } : {}) }
    }
    reasons.push(`rule ${index + 1}: ${why}`)
  }
  return { allowed: false, reasons }
}

/** Why a rule does not allow the request, or undefined when it does. */
function ruleMismatch(rule: PolicyRule, claims: Claims, ask: PolicyAsk): string | undefined {
  const from = fromMismatches(rule.from, claims)
  if (from.length > 0) return from.join('; ')
  const event = claims['event_name']
  if (event !== undefined && GUARDED_EVENTS.includes(event) && rule.from.event_name?.text !== event) {
    return `the token comes from a ${event} run, which only a rule whose from.event_name is '${event}' (written out, not a glob) allows`
  }
  const target = ask.kind === 'repository_dispatch' ? eventMismatch(rule, ask) : workflowMismatch(rule, ask)
  if (target !== undefined) return target
  if (ask.wait && !rule.wait) return 'the request asks to wait, and the rule does not say wait: true'
  const payload = rule.payload?.check(ask.payload)
  if (payload !== undefined) return `payload ${payload}`
  return undefined
}

function eventMismatch(rule: PolicyRule, ask: PolicyAsk): string | undefined {
  const types = rule.repositoryDispatch
  if (types === undefined) return 'the rule allows workflow_dispatch only, the request is a repository_dispatch'
  const event = ask.eventType ?? ''
  if (!types.includes(event)) return `event ${quote(event)} not in repository_dispatch [${types.join(', ')}]`
  return undefined
}

function workflowMismatch(rule: PolicyRule, ask: PolicyAsk): string | undefined {
  const entries = rule.workflowDispatch
  if (entries === undefined) return 'the rule allows repository_dispatch only, the request is a workflow_dispatch'
  const workflow = ask.workflow ?? ''
  const same = entries.filter(entry => entry.workflow === workflow)
  if (same.length === 0) return `workflow ${quote(workflow)} not in workflow_dispatch [${entries.map(e => e.workflow).join(', ')}]`
  const refMatches = same.some(entry =>
    entry.ref === undefined ? ask.ref === undefined : ask.ref !== undefined && globMatches(entry.ref.text, ask.ref)
  )
  if (refMatches) return undefined
  const wanted = same.map(entry => (entry.ref === undefined ? 'the default branch (no ref)' : quote(entry.ref.text))).join(' or ')
  const asked = ask.ref === undefined ? 'the default branch (no ref)' : `ref ${quote(ask.ref)}`
  return `workflow ${quote(workflow)} on ${asked}: the rule allows it on ${wanted}`
}
