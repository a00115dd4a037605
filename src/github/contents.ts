/** A repository's default branch and its files (the contents API, JSON form). */
import type { Octokit } from '@octokit/core'
import type { Target } from '../model/plan.js'

type Where = Pick<Target, 'owner' | 'repo'>

/** `GET /repos/{owner}/{repo}`: the default branch, or undefined when GitHub leaves it out. */
export async function getDefaultBranch(client: Octokit, where: Where, signal?: AbortSignal): Promise<string | undefined> {
  const { data } = await client.request('GET /repos/{owner}/{repo}', {
    owner: where.owner,
    repo: where.repo,
    ...(signal ? { request: { signal } } : {})
  })
  const branch = (data as { default_branch?: unknown }).default_branch
  return typeof branch === 'string' ? branch : undefined
}

/**
 * `GET /repos/{owner}/{repo}/contents/{path}` on the default branch: a file
 * (with its base64 content, up to 1 MB) or a directory's entries, as GitHub
 * answers; `object` asks for the object form, which answers a directory as an
 * object too, so the caller can tell it from a file before decoding.
 */
export async function getContents(
  client: Octokit,
  where: Where,
  path: string,
  options: { signal?: AbortSignal; object?: boolean } = {}
): Promise<unknown> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/contents/{path}', {
    owner: where.owner,
    repo: where.repo,
    path,
    ...(options.object ? { headers: { accept: 'application/vnd.github.object+json' } } : {}),
    ...(options.signal ? { request: { signal: options.signal } } : {})
  })
  return data
}
