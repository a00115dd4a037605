/**
 * One GET of a JSON document from an OIDC issuer, bounded in time and size:
 * discovery documents and key sets come from servers the broker trusts for
 * keys, not for resources (GHSA-75r6-6jg8-pfcq: octo-sts read discovery
 * answers without a limit). Redirects are refused (a redirect could lead off
 * the issuer's origin), the body is read as a stream and abandoned past the
 * cap, and the caller's signal covers the whole exchange, body included.
 */

export interface FetchBounds {
  /** Aborts the request and the body read (AbortSignal.timeout of the whole key fetch). */
  signal: AbortSignal
  timeoutMs: number
  maxBytes: number
}

/** Why a fetch failed, in words for a one-line message ("timed out after 5000 ms", "HTTP 404", …). */
export class FetchFailure extends Error {}

/** The parsed JSON object at `url`; throws FetchFailure saying what went wrong. */
export async function fetchJsonBounded(url: string, bounds: FetchBounds): Promise<Record<string, unknown>> {
  try {
    const response = await fetch(url, { redirect: 'error', signal: bounds.signal, headers: { accept: 'application/json' } })
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined)
      throw new FetchFailure(`HTTP ${response.status}`)
    }
    const declared = Number(response.headers.get('content-length') ?? NaN)
    if (declared > bounds.maxBytes) {
      await response.body?.cancel().catch(() => undefined)
      throw new FetchFailure(tooLarge(bounds.maxBytes))
    }
    const text = await readCapped(response, bounds.maxBytes)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new FetchFailure('the answer is not JSON')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new FetchFailure('the answer is not a JSON object')
    return parsed as Record<string, unknown>
  } catch (error) {
    if (error instanceof FetchFailure) throw error
    // Names, not instanceof: inside jest the errors of the host realm's fetch are not this realm's classes.
    if (bounds.signal.aborted) throw new FetchFailure(`no complete answer within ${bounds.timeoutMs} ms`)
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : ''
    throw new FetchFailure(`the request failed${detail ? ` (${detail})` : ''}`)
  }
}

const tooLarge = (maxBytes: number): string => `the answer is larger than ${maxBytes} bytes (the limit, jwksMaxBytes)`

/** The body as UTF-8, read chunk by chunk and abandoned as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array }
    if (done || value === undefined) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new FetchFailure(tooLarge(maxBytes))
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
