/**
 * The nearest known name to a mistyped one, for "did you mean": edit distance
 * at most 3, else a known name that holds it or that it holds (`waitTimeout`
 * → `waitTimeoutSeconds`, `githubApiUrl` → `apiUrl`), the longest such.
 */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined
  let holding: string | undefined
  const lower = name.toLowerCase()
  for (const candidate of known) {
    const other = candidate.toLowerCase()
    const distance = editDistance(lower, other)
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { name: candidate, distance }
    const overlap = Math.min(lower.length, other.length)
    if (overlap >= 4 && (lower.includes(other) || other.includes(lower)) && candidate.length > (holding?.length ?? 0)) holding = candidate
  }
  return best?.name ?? holding
}

// Levenshtein distance: a dozen lines, not worth a dependency for "did you mean".
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
