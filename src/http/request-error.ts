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

/** GitHub's `message` from an error response, or the error's own text. */
export function githubMessageOf(error: unknown): string {
  const e = error as RequestErrorLike
  const data = e?.response?.data
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
    const errors = 'errors' in data && Array.isArray(data.errors) ? data.errors : []
    const details = errors
      .map((item: unknown) =>
        typeof item === 'string' ? item : item && typeof item === 'object' && 'message' in item ? String(item.message) : ''
      )
      .filter(Boolean)
    return details.length ? `${data.message}: ${details.join('; ')}` : data.message
  }
  return e?.response === undefined ? networkErrorText(error) : (e.message ?? String(error))
}

/**
 * A network failure in one line a person can act on: OpenSSL's multi-line
 * reports and Node's error codes turned into words. `connected`: the socket
 * had completed its connection and TLS handshake (delivery.ts, socketConnected).
 */
export function describeNetworkError(message: string, connected?: boolean): string {
  if (/wrong version number|packet length too long|EPROTO/i.test(message)) {
    if (connected === true) {
      return 'after the request was sent, something between this machine and GitHub answered with bytes that are not TLS (a load balancer or an inspection proxy?)'
    }
    return 'the server did not answer with TLS: is the https:// URL pointing at a plain http port?'
  }
  if (/self[- ]signed|unable to (get|verify) (local )?issuer|certificate/i.test(message)) {
    return `the server's TLS certificate is not trusted (${message.split('\n')[0]?.trim() ?? ''}); for a private CA set NODE_EXTRA_CA_CERTS`
  }
  // Node names the address it tried after the code: "connect ECONNREFUSED 127.0.0.1:1", "getaddrinfo ENOTFOUND api.x".
  const at = /(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\s+([^\s,;)]+)/.exec(message)?.[1]
  if (/ECONNREFUSED/.test(message)) return `connection refused${at ? ` by ${at}` : ''}: nothing listens at that address and port`
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return `the host name${at ? ` ${at}` : ''} does not resolve`
  if (/^no answer within/.test(message)) return message
  if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|timeout/i.test(message)) return `the connection${at ? ` to ${at}` : ''} timed out`
  if (/ECONNRESET|other side closed|socket hang up/i.test(message)) return 'the connection was closed before an answer came'
  return message
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(Boolean)
    .join(' ')
}
