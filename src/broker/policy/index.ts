/** The broker's policy engine: reading a target's `.github/app-dispatch.yml` and the organisation's ceiling, and deciding requests. */
export type { Approval, Ceiling, Policy, PolicyAsk, PolicyDecision, PolicyRule } from './format.js'
export { FROM_KEYS, GUARDED_EVENTS, MAX_POLICY_BYTES, POLICY_PATH } from './format.js'
export { parsePolicy } from './parse.js'
export { CEILING_DENIAL, parseCeiling } from './ceiling.js'
export { evaluatePolicy } from './evaluate.js'
export { presentedClaims, type Claims } from './from.js'
export { loadPolicyText } from './load.js'
