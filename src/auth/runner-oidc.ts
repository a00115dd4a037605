/**
 * The job's OIDC token from the runner: a GET of ACTIONS_ID_TOKEN_REQUEST_URL
 * with `&audience=…` and ACTIONS_ID_TOKEN_REQUEST_TOKEN as a bearer answers
 * `{"value": JWT}`. Used for AWS STS (aws/credentials.ts) and for the
 * dispatch broker. Each call asks for a fresh token (a fresh `jti`: a broker
 * refuses one it has seen). Both the request token and the token go to
 * `onSecret` first.
 */
import { OidcTokenError } from '../model/errors.js'
import { awsRequest } from './signers/aws/http.js'
import type { SignerContext } from './signer-context.js'

export interface OidcTokenRequest {
  /** ACTIONS_ID_TOKEN_REQUEST_URL */
  requestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN (a secret) */
  requestToken: string
  audience: string
}

/** A fresh OIDC token of the job for `audience`; a refusal says the job needs `permissions: id-token: write`. */
export async function runnerOidcToken(context: SignerContext, request: OidcTokenRequest): Promise<string> {
  const url = new URL(request.requestUrl)
  url.searchParams.set('audience', request.audience)
  context.onSecret(request.requestToken)
  const headers = (): Record<string, string> => ({ authorization: `Bearer ${request.requestToken}`, accept: 'application/json' })
  const answer = await awsRequest(context, url, { method: 'GET', headers, body: '' }, "the runner's OIDC token service", () => false)
  let token: unknown
  try {
    token = (JSON.parse(answer.text) as { value?: unknown }).value
  } catch {
    // worded below
  }
  if (answer.status !== 200 || typeof token !== 'string' || token === '') {
    throw new OidcTokenError(
      `The runner did not hand out the job's OIDC token (HTTP ${answer.status}). The job needs 'permissions: id-token: write'.`
    )
  }
  context.onSecret(token)
  return token
}
