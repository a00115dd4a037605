/**
 * Reading `.github/app-dispatch.yml` from the target's default branch with a
 * client whose token may read only that repository's contents.
 *
 * The JSON form of the contents API is asked for (not the raw media type):
 * GitHub inlines a file's content only up to 1 MB, so the answer is bounded
 * before it is read, and `size` tells a file over our limit before it is
 * decoded. Any answer but a file we can read is a problem: fail closed.
 */
import type { Octokit } from '@octokit/core'
import { getContents } from '../../github/contents.js'
import { networkErrorText, statusOf } from '../../http/request-error.js'
import { MAX_POLICY_BYTES, POLICY_PATH } from './format.js'
import { isObject } from './document.js'

export async function loadPolicyText(
  client: Octokit,
  owner: string,
  repo: string,
  path: string = POLICY_PATH
): Promise<{ text: string } | { problem: string }> {
  const where = `${path} on the default branch of ${owner}/${repo}`
  let data: unknown
  try {
    // No ref: the default branch, which only the target's maintainers can change.
    data = await getContents(client, { owner, repo }, path, { object: true })
  } catch (error) {
    const status = statusOf(error)
    if (status === 404) return { problem: `no ${where}: nothing may be dispatched to it through the broker` }
    if (status !== undefined) return { problem: `could not read ${where}: GitHub answered ${status}, so nothing is allowed` }
    return { problem: `could not read ${where} (${networkErrorText(error)}), so nothing is allowed` }
  }
  return decodeContents(data, where)
}

/** The text of a contents answer for one file, or why there is none. */
export function decodeContents(data: unknown, where: string): { text: string } | { problem: string } {
  if (!isObject(data) || data['type'] !== 'file') {
    const type = isObject(data) ? data['type'] : Array.isArray(data) ? 'dir' : undefined
    const kind = type === 'dir' ? 'a directory' : type === 'symlink' ? 'a symbolic link' : type === 'submodule' ? 'a submodule' : undefined
    return { problem: kind === undefined ? `${where} is not a file` : `${where} is ${kind}, not a file` }
  }
  const size = data['size']
  if (typeof size !== 'number' || size > MAX_POLICY_BYTES) {
    return {
      problem: `${where} is ${typeof size === 'number' ? `${size} bytes` : 'of unknown size'}; at most ${MAX_POLICY_BYTES} are read`
    }
  }
  const content = data['content']
  if (data['encoding'] !== 'base64' || typeof content !== 'string') return { problem: `${where}: GitHub did not return its content` }
  const bytes = Buffer.from(content, 'base64')
  if (bytes.length !== size) return { problem: `${where}: the content GitHub returned is ${bytes.length} bytes, not ${size}` }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { problem: `${where} is not UTF-8 text` }
  }
}
