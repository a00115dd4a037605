/**
 * The policy's globs: `*` matches any run of characters except `/`, `:` and
 * `@`, so it never crosses a path segment, a claim's `repo:…:ref:…` parts or
 * a workflow ref's `@ref`. Every other character is literal (`?`, `[`, `.`,
 * `\`), and `**` is refused when the policy is read (glob.ts has no meaning
 * for it).
 *
 * Hand-written rather than a RegExp or a glob library: minimatch and friends
 * give `*` other boundaries (only `/`) and accept classes and braces we do
 * not want, and a RegExp built from a policy backtracks in polynomial time
 * on patterns like `*a*a*a*a*b`. This walks the pattern as a set of
 * positions (an NFA), in at most pattern × value steps.
 */

/** The characters a `*` never matches. */
const BOUNDARIES = new Set(['/', ':', '@'])

/** Whether `value` matches `pattern` (exact when the pattern has no `*`). */
export function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value
  const tokens = Array.from(pattern)
  const values = Array.from(value)
  // Positions in the pattern reachable after the characters read so far; a `*` may match nothing.
  let states = closure(new Set([0]), tokens)
  for (const char of values) {
    const next = new Set<number>()
    for (const state of states) {
      const token = tokens[state]
      if (token === undefined) continue
      if (token === '*') {
        if (!BOUNDARIES.has(char)) next.add(state)
      } else if (token === char) {
        next.add(state + 1)
      }
    }
    if (next.size === 0) return false
    states = closure(next, tokens)
  }
  return states.has(tokens.length)
}

/** Adds, for each position at a `*`, the position after it (the `*` matching nothing). */
function closure(states: Set<number>, tokens: string[]): Set<number> {
  const out = new Set(states)
  for (const state of states) {
    let position = state
    while (tokens[position] === '*') out.add(++position)
  }
  return out
}

/** Why a text cannot be a glob, or undefined when it can. */
export function globProblem(text: string): string | undefined {
  if (text.includes('**')) return `'**' is not a glob here: '*' matches within one part (never across '/', ':' or '@')`
  return undefined
}
