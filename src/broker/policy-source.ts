/**
 * Where policies come from: the target repository's own
 * `.github/app-dispatch.yml` on its default branch (and, when configured, the
 * organisation's ceiling), read with a token limited to reading that one
 * repository's contents and revoked at once, reused for at most 60 s.
 * A policy that cannot be read or parsed is a problem, and a problem denies.
 */
import type { Target } from '../model/plan.js'
import { messageOf } from '../model/errors.js'
import type { AppAccess } from './app-access.js'
import { loadPolicyText, parseCeiling, parsePolicy, type Ceiling, type Policy } from './policy/index.js'

type Loaded<T> = { value: T } | { problem: string }

export interface PolicySource {
  policyOf(target: Target): Promise<Loaded<Policy>>
  /** undefined: no ceiling is configured. */
  ceiling(): Promise<Loaded<Ceiling> | undefined>
}

export function createPolicySource(options: {
  access: AppAccess
  path: string
  ceiling: { target: Target; path: string } | undefined
  cacheSeconds: number
  now: () => number
}): PolicySource {
  const cache = new Map<string, { at: number; loaded: Promise<Loaded<unknown>> }>()

  function cached<T>(key: string, load: () => Promise<Loaded<T>>): Promise<Loaded<T>> {
    const held = cache.get(key)
    if (held !== undefined && options.now() - held.at < options.cacheSeconds * 1000) return held.loaded as Promise<Loaded<T>>
    const loaded = load()
    if (options.cacheSeconds > 0) cache.set(key, { at: options.now(), loaded })
    return loaded
  }

  async function read(target: Target, path: string): Promise<{ text: string } | { problem: string }> {
    try {
      return await options.access.withToken(target, { contents: 'read' }, client => loadPolicyText(client, target.owner, target.repo, path))
    } catch (error) {
      return { problem: `could not read ${path} of ${target.fullName}: ${messageOf(error)}` }
    }
  }

  return {
    policyOf: target =>
      cached(`policy#${target.fullName.toLowerCase()}`, async () => {
        const text = await read(target, options.path)
        if ('problem' in text) return text
        const parsed = parsePolicy(text.text, `${target.fullName}:${options.path}`)
        return 'problem' in parsed ? parsed : { value: parsed.policy }
      }),
    ceiling: async () => {
      const ceiling = options.ceiling
      if (ceiling === undefined) return undefined
      return cached(`ceiling#${ceiling.target.fullName.toLowerCase()}`, async () => {
        const text = await read(ceiling.target, ceiling.path)
        if ('problem' in text) return text
        const parsed = parseCeiling(text.text, `${ceiling.target.fullName}:${ceiling.path}`)
        return 'problem' in parsed ? parsed : { value: parsed.ceiling }
      })
    }
  }
}
