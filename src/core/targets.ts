/** Grouping targets the way tokens are minted: one account per token, at most 500 repositories each. */
import type { Target } from '../model/plan.js'

/** GitHub's limit of repositories in one installation token. */
export const MAX_REPOSITORIES_PER_TOKEN = 500

/** Targets grouped by owner (case-insensitive), in first-seen order. */
export function groupByOwner(targets: Target[]): Map<string, Target[]> {
  const groups = new Map<string, Target[]>()
  const names = new Map<string, string>()
  for (const target of targets) {
    const key = target.owner.toLowerCase()
    if (!names.has(key)) names.set(key, target.owner)
    const owner = names.get(key) as string
    const group = groups.get(owner)
    if (group) group.push(target)
    else groups.set(owner, [target])
  }
  return groups
}

/** Splits a list into consecutive chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
