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
