/**
 * Downloads that GitHub answers with a 302 to short-lived storage on another
 * host (artifact zips, job logs). The redirect is followed here, by hand, with
 * a request that carries no Authorization header: the token must never reach
 * the storage host, whatever the HTTP client's redirect rules (or a proxy's)
 * would do. Bodies are read with a byte cap, never whole.
 */
import type { Octokit } from '@octokit/core'
import { statusOf } from '../http/request-error.js'

export interface Capped {
  bytes: Buffer
  /** The body went on past the cap (only the first or last `cap` bytes are kept). */
  truncated: boolean
  /** The storage host's Content-Type, lower case, without parameters; '' when absent. */
  contentType: string
}

/** The storage URL GitHub redirects to (or undefined when it answered 404). */
export async function storageUrl(client: Octokit, route: string, params: Record<string, unknown>): Promise<string | undefined> {
  try {
    const response = await client.request(route, { ...params, request: { redirect: 'manual', parseSuccessResponseBody: false } })
    const location = response.headers.location
    // The 302's own body is not wanted; let its connection go back to the pool.
    await (response.data as ReadableStream | null | undefined)?.cancel?.().catch(() => undefined)
    if (typeof location === 'string' && location !== '') return location
    throw new Error(`GitHub answered ${response.status} without a download location.`)
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw error
  }
}

/** https, or plain http to this machine's loopback (the emulator's storage); nothing else is fetched. */
export function isStorageUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname)
}

/**
 * GET `url` without credentials. `keep: 'head'` keeps the first `cap` bytes
 * and stops reading; `'tail'` asks for the last `cap` bytes with a Range
 * header and, if the server sends the whole body anyway, keeps a rolling
 * window but stops after `readLimit` bytes.
 */
export async function fetchCapped(
  fetchImpl: typeof fetch,
  url: string,
  options: { cap: number; keep: 'head' | 'tail'; readLimit?: number; signal?: AbortSignal }
): Promise<Capped> {
  const parsed = new URL(url)
  if (!isStorageUrl(parsed))
    throw new Error(`the download location (${parsed.protocol}//${parsed.host}) is not https; plain http is allowed on loopback only`)
  const controller = new AbortController()
  const signal = options.signal
    ? AbortSignal.any([options.signal, controller.signal, AbortSignal.timeout(60_000)])
    : AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)])
  const headers: Record<string, string> = options.keep === 'tail' ? { range: `bytes=-${options.cap}` } : {}
  const response = await fetchImpl(parsed.href, { headers, redirect: 'error', signal })
  if (!response.ok) throw new Error(`the storage host answered ${response.status}`)
  const readLimit = options.readLimit ?? options.cap
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const chunks: Buffer[] = []
  let kept = 0
  let read = 0
  let truncated = false
  if (response.body === null) return { bytes: Buffer.alloc(0), truncated: false, contentType }
  try {
    // Leaving the loop early cancels the body: nothing past the cap is read.
    for await (const value of response.body as unknown as AsyncIterable<Uint8Array>) {
      const chunk = Buffer.from(value)
      read += chunk.length
      chunks.push(chunk)
      kept += chunk.length
      if (options.keep === 'head' && kept > options.cap) {
        truncated = true
        break
      }
      while (options.keep === 'tail' && chunks.length > 1 && kept - (chunks[0] as Buffer).length >= options.cap)
        kept -= (chunks.shift() as Buffer).length
      if (options.keep === 'tail' && read > readLimit) {
        truncated = true
        break
      }
    }
  } finally {
    controller.abort()
  }
  const all = Buffer.concat(chunks)
  // A range that does not start at byte 0 cut the body's beginning off.
  if (response.status === 206 && !/^bytes 0-/.test(response.headers.get('content-range') ?? '')) truncated = true
  if (options.keep === 'head') return { bytes: all.subarray(0, options.cap), truncated, contentType }
  return {
    bytes: all.subarray(Math.max(0, all.length - options.cap)),
    truncated: truncated || all.length > options.cap,
    contentType
  }
}
