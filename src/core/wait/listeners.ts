/**
 * Does any workflow of the target listen for the event type? GitHub accepts
 * a repository_dispatch whether or not a workflow on the default branch lists
 * its type, so a mismatch would otherwise show only as a wait that times out.
 * Read once while the wait looks for the run, with the dispatch's own token
 * (Contents: write includes read): the default branch, the files under
 * .github/workflows and their `on.repository_dispatch.types`.
 *
 * Best effort and conservative: any failure (a request, a file that does not
 * parse, too many files) ends the check without a finding, and only a
 * certain mismatch is reported.
 */
import type { Octokit } from '@octokit/core'
import type { Target } from '../../model/plan.js'
import { getContents, getDefaultBranch } from '../../github/contents.js'

/** More workflow files than this are not read one by one. */
const MAX_WORKFLOW_FILES = 30

interface ContentEntry {
  type: string
  name: string
  path: string
}

/** A workflow's repository_dispatch types: 'all' (no `types`), a list, or undefined (it does not run on repository_dispatch). */
export function dispatchTypes(workflow: unknown): 'all' | string[] | undefined {
  if (workflow === null || typeof workflow !== 'object') return undefined
  const document = workflow as Record<string, unknown>
  // A YAML 1.1 reader turns the key `on` into true; the yaml package (YAML 1.2) keeps it.
  const on = document['on'] ?? document['true']
  if (on === 'repository_dispatch') return 'all'
  if (Array.isArray(on)) return on.includes('repository_dispatch') ? 'all' : undefined
  if (on === null || typeof on !== 'object' || !('repository_dispatch' in on)) return undefined
  const trigger = (on as Record<string, unknown>)['repository_dispatch']
  const types = trigger !== null && typeof trigger === 'object' ? (trigger as Record<string, unknown>)['types'] : undefined
  if (types === undefined || types === null) return 'all'
  if (typeof types === 'string') return [types]
  return Array.isArray(types) ? types.map(String) : 'all'
}

/**
 * What the workflows say about `eventType`: a sentence naming the mismatch,
 * or undefined when some workflow listens for it (or nothing certain was
 * learnt). Throws on any failure; the caller keeps it silent.
 */
export async function listenerMismatch(
  client: Octokit,
  target: Target,
  eventType: string,
  signal: AbortSignal
): Promise<string | undefined> {
  const where = { owner: target.owner, repo: target.repo }
  const branch = (await getDefaultBranch(client, where, signal)) ?? 'the default branch'
  const on = `on ${branch} of ${target.fullName}`
  let entries: unknown
  try {
    entries = await getContents(client, where, '.github/workflows', { signal })
  } catch (error) {
    if ((error as { status?: number }).status === 404) return `no workflow ${on} listens for \`${eventType}\`: it has no .github/workflows.`
    throw error
  }
  if (!Array.isArray(entries)) throw new Error('.github/workflows is not a directory')
  const files = (entries as ContentEntry[]).filter(entry => entry.type === 'file' && /\.ya?ml$/i.test(entry.name))
  if (files.length > MAX_WORKFLOW_FILES) throw new Error(`${files.length} workflow files: not read one by one`)
  // Loaded here: a step that does not look for a run never evaluates the YAML parser.
  const { parse } = await import('yaml')
  const listened = new Set<string>()
  for (const file of files) {
    const data = await getContents(client, where, file.path, { signal })
    const content = (data as { content?: unknown }).content
    if (typeof content !== 'string') throw new Error(`${file.path} came without its content`)
    const types = dispatchTypes(parse(Buffer.from(content, 'base64').toString('utf8')))
    // Compared without case: a mismatch is only claimed when certain.
    if (types === 'all' || types?.some(type => type.toLowerCase() === eventType.toLowerCase())) return undefined
    for (const type of types ?? []) listened.add(type)
  }
  if (listened.size > 0) return `no workflow ${on} listens for \`${eventType}\`; it listens for: ${[...listened].join(', ')}.`
  const names = files.map(file => file.name).join(', ')
  return `no workflow ${on} runs on repository_dispatch${names ? ` (its workflows: ${names})` : ''}, so \`${eventType}\` starts nothing.`
}
