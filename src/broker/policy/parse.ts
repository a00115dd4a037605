/**
 * `.github/app-dispatch.yml` → a Policy, or one problem that names the file,
 * the rule (1-based) and what is wrong. Anything unknown or malformed is a
 * problem: a policy that cannot be read allows nothing (fail closed).
 */
import { FROM_KEYS, type Approval, type Policy, type PolicyRule, type WorkflowEntry } from './format.js'
import { globProblem } from './glob.js'
import { isObject, quote, readTop, readYaml, stringList, unknownKeys, type Read } from './document.js'
import { parseFrom } from './from.js'
import { compilePayloadSchema } from './payload-schema.js'

const TOP_KEYS = ['version', 'allow'] as const
const RULE_KEYS = ['from', 'repository_dispatch', 'workflow_dispatch', 'payload', 'wait', 'approval'] as const

/** More rules than this is not a policy a person reviews. */
const MAX_RULES = 100

export function parsePolicy(text: string, source: string): { policy: Policy } | { problem: string } {
  const yaml = readYaml(text)
  if ('problem' in yaml) return { problem: `${source}: ${yaml.problem}` }
  const top = readTop(yaml.value, TOP_KEYS)
  if ('problem' in top) return { problem: `${source}: ${top.problem}` }
  if (top.value.length > MAX_RULES) return { problem: `${source}: ${top.value.length} rules; at most ${MAX_RULES}` }
  const rules: PolicyRule[] = []
  for (const [index, raw] of top.value.entries()) {
    const rule = parseRule(raw)
    if ('problem' in rule) return { problem: `${source}: rule ${index + 1}: ${rule.problem}` }
    rules.push(rule.value)
  }
  return { policy: { source, rules } }
}

function parseRule(raw: unknown): Read<PolicyRule> {
  if (!isObject(raw)) return { problem: 'a rule must be a map with from: and repository_dispatch: or workflow_dispatch:' }
  const unknown = unknownKeys(raw, RULE_KEYS, '')
  if (unknown !== undefined) return { problem: unknown }
  if (!Object.hasOwn(raw, 'from')) return { problem: `from: is missing: a rule names the callers it allows (${FROM_KEYS.join(', ')})` }
  const from = parseFrom(raw['from'])
  if ('problem' in from) return from
  const rule: PolicyRule = { from: from.value, wait: false }
  if (!Object.hasOwn(raw, 'repository_dispatch') && !Object.hasOwn(raw, 'workflow_dispatch')) {
    return { problem: 'a rule needs repository_dispatch: [event types] or workflow_dispatch: [{workflow, ref}]' }
  }
  if (Object.hasOwn(raw, 'repository_dispatch')) {
    const types = stringList(raw['repository_dispatch'], 'repository_dispatch')
    if ('problem' in types) return types
    const long = types.value.find(type => Array.from(type).length > 100)
    if (long !== undefined) return { problem: `repository_dispatch: ${quote(long)} is longer than GitHub's 100 characters` }
    rule.repositoryDispatch = types.value
  }
  if (Object.hasOwn(raw, 'workflow_dispatch')) {
    const entries = parseWorkflows(raw['workflow_dispatch'])
    if ('problem' in entries) return entries
    rule.workflowDispatch = entries.value
  }
  if (Object.hasOwn(raw, 'payload')) {
    const compiled = compilePayloadSchema(raw['payload'])
    if ('problem' in compiled) return compiled
    rule.payload = compiled.schema
  }
  if (Object.hasOwn(raw, 'wait')) {
    if (typeof raw['wait'] !== 'boolean') return { problem: 'wait must be true or false' }
    rule.wait = raw['wait']
  }
  if (Object.hasOwn(raw, 'approval')) {
    const approval = parseApproval(raw['approval'])
    if ('problem' in approval) return approval
    rule.approval = approval.value
  }
  return { value: rule }
}

function parseWorkflows(raw: unknown): Read<WorkflowEntry[]> {
  if (!Array.isArray(raw) || raw.length === 0) return { problem: 'workflow_dispatch must be a non-empty list of {workflow, ref}' }
  const entries: WorkflowEntry[] = []
  for (const [index, item] of raw.entries()) {
    const where = `workflow_dispatch ${index + 1}: `
    if (!isObject(item)) return { problem: `${where}must be a map {workflow: file name or id, ref: branch or tag}` }
    const unknown = unknownKeys(item, ['workflow', 'ref'], where)
    if (unknown !== undefined) return { problem: unknown }
    const workflow =
      typeof item['workflow'] === 'number' && Number.isSafeInteger(item['workflow']) ? String(item['workflow']) : item['workflow']
    if (typeof workflow !== 'string' || workflow === '')
      return { problem: `${where}workflow must be a file name (deploy.yml) or a workflow id` }
    if (workflow.includes('*')) return { problem: `${where}workflow ${quote(workflow)}: no glob here, name the workflow exactly` }
    const entry: WorkflowEntry = { workflow }
    if (Object.hasOwn(item, 'ref')) {
      const ref = item['ref']
      if (typeof ref !== 'string' || ref === '')
        return { problem: `${where}ref must be a branch or tag name (omit it for the default branch)` }
      const problem = globProblem(ref)
      if (problem !== undefined) return { problem: `${where}ref: ${problem}` }
      entry.ref = { text: ref, glob: ref.includes('*') }
    }
    entries.push(entry)
  }
  return { value: entries }
}

function parseApproval(raw: unknown): Read<Approval> {
  if (!isObject(raw)) return { problem: 'approval must be a map {channel, users}' }
  const unknown = unknownKeys(raw, ['channel', 'users'], 'approval: ')
  if (unknown !== undefined) return { problem: unknown }
  const channel = raw['channel']
  if (typeof channel !== 'string' || !/^[CG][A-Z0-9]{2,}$/.test(channel)) {
    return { problem: 'approval.channel must be a Slack channel id such as C0123ABCD (the channel name is not stable)' }
  }
  const users = stringList(raw['users'], 'approval.users')
  if ('problem' in users) return users
  const bad = users.value.find(user => !/^[UW][A-Z0-9]{2,}$/.test(user))
  if (bad !== undefined) return { problem: `approval.users: ${quote(bad)} is not a Slack user id such as U0123ABCD` }
  return { value: { channel, users: users.value } }
}
