/**
 * What the code reads from a failed request: Octokit's RequestError (status,
 * response with headers and data) or a network error (no response). One
 * shape and one reader, instead of casts at each use.
 */
export interface RequestErrorLike {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

/** The HTTP status GitHub answered with; undefined when no answer came (a network failure) or it is not a request error. */
export function statusOf(error: unknown): number | undefined {
  const e = error as RequestErrorLike | null | undefined
  return e?.response !== undefined && typeof e.status === 'number' ? e.status : undefined
}

/**
 * A network failure as Node reported it: the messages along the error's `cause` chain (Octokit's
 * RequestError → fetch's TypeError → the socket's error: "getaddrinfo ENOTFOUND api.x", OpenSSL's
 * "wrong version number"), each said once, fetch's bare "fetch failed" left out when there is more.
 * Read by property, not `instanceof`: the socket's error may come from another realm (a test
 * runner's VM context), where Octokit's `cause instanceof Error` check drops it.
 */
export function networkErrorText(error: unknown): string {
  const messages: string[] = []
  for (const { message } of causeChain(error)) {
    if (typeof message === 'string' && message !== '' && !messages.some(seen => seen.includes(message))) messages.push(message)
  }
  const specific = messages.filter(message => message !== 'fetch failed')
  return (specific.length > 0 ? specific : messages).join('; ') || String(error)
}

/**
 * The error and its causes, outermost first (Octokit's RequestError → fetch's TypeError → the
 * socket's error), at most five deep. Read by property: any realm's errors, or plain objects.
 */
export function* causeChain(error: unknown): Generator<{ message?: unknown; code?: unknown; cause?: unknown }> {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const link = current as { message?: unknown; code?: unknown; cause?: unknown }
    yield link
    current = link.cause
  }
}
