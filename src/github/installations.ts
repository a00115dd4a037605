/**
 * The App's side of a run: find the installation that covers a repository,
 * mint a token narrowed to exactly the repositories and permissions needed,
 * and revoke it.
 */
import type { Octokit } from '@octokit/core'
import { statusOf, githubMessageOf } from '../http/request-error.js'
import { AppDispatchError } from '../model/errors.js'

/** Repository permissions an installation token can ask for, as GitHub names them. */
export type Permissions = Record<string, 'read' | 'write'>

/**
 * `GET /repos/{owner}/{repo}/installation`: the id of the installation that
 * covers this repository. Never "the first of GET /app/installations", which
 * is the wrong account for an App installed on several.
 */
export async function findInstallation(app: Octokit, owner: string, repo: string): Promise<number> {
  return (await lookUpInstallation(app, owner, repo)).id
}

/** The same lookup, with the permissions the installation grants (so a refusal can name only what is missing). */
export async function lookUpInstallation(app: Octokit, owner: string, repo: string): Promise<{ id: number; permissions: Permissions }> {
  const { data } = await app.request('GET /repos/{owner}/{repo}/installation', { owner, repo })
  return { id: data.id, permissions: (data.permissions ?? {}) as Permissions }
}

export interface InstallationToken {
  token: string
  expiresAt: string
  permissions: Permissions
}

/**
 * `POST /app/installations/{id}/access_tokens` with `repositories` and
 * `permissions`, sent by this run itself with the App's JWT (auth-app signs
 * it and corrects clock skew). Not `app.auth({ type: 'installation' })`:
 * auth-app shares one pending token request among every caller in the process
 * with the same installation, repositories and permissions (`refresh: true`
 * does not opt out), so two concurrent dispatch() calls would get the same
 * token and the first to finish would revoke it under the other. Every token
 * minted here belongs to the caller that asked for it.
 */
export async function mintToken(
  app: Octokit,
  installationId: number,
  repositoryNames: string[],
  permissions: Permissions,
  /** Set: the request goes on if the step is cancelled meanwhile (its token must come back to be revoked), until this fires. */
  cleanupSignal?: AbortSignal
): Promise<InstallationToken> {
  const { data } = await app.request('POST /app/installations/{installation_id}/access_tokens', {
    installation_id: installationId,
    repositories: repositoryNames,
    permissions,
    ...(cleanupSignal ? { request: { keepOnCancel: true, signal: cleanupSignal } } : {})
  })
  return { token: data.token, expiresAt: data.expires_at, permissions: (data.permissions ?? {}) as Permissions }
}

/**
 * `DELETE /installation/token`: the token stops working at once. Sent even
 * when the run is cancelled; `deadline` then bounds it. Only a 204 confirms
 * it: any other answer throws, with the token itself cut out of what GitHub
 * said. (GitHub does not document whether the stateless `ghs_<APPID>_<JWT>`
 * tokens of GHE Cloud can be revoked; one that cannot works until it expires.)
 */
export async function revokeToken(tokenClient: Octokit, deadline?: AbortSignal): Promise<void> {
  let status: number
  try {
    ;({ status } = await tokenClient.request('DELETE /installation/token', {
      request: { keepOnCancel: true, ...(deadline === undefined ? {} : { signal: deadline }) }
    }))
  } catch (error) {
    const said = withoutToken(githubMessageOf(error), await tokenOf(tokenClient))
    throw new RevocationError(said, statusOf(error))
  }
  if (status !== 204) throw new RevocationError(`it answered ${status}, not 204, so the token may still work`, status)
}

/**
 * A revocation GitHub did not confirm, shaped like a request error (status,
 * response.data.message) so the advice reads it; it never holds the token.
 */
export class RevocationError extends AppDispatchError {
  override readonly name = 'RevocationError'
  readonly response: { data: { message: string } } | undefined
  constructor(
    message: string,
    readonly status: number | undefined
  ) {
    super('revocation', message)
    this.response = status === undefined ? undefined : { data: { message } }
  }
}

/** The warning for a token that may still work: whose it is, why, and until when (never the token). */
export function unrevokedTokenWarning(repositoryNames: string[], detail: string, expiresAtMs: number): string {
  const until = Number.isFinite(expiresAtMs) ? `until ${new Date(expiresAtMs).toISOString()}` : 'for at most an hour'
  return `Could not revoke a token for ${repositoryNames.join(', ')}: ${detail} It stays valid ${until}.`
}

async function tokenOf(tokenClient: Octokit): Promise<string> {
  try {
    const auth = (await tokenClient.auth()) as { token?: unknown }
    return typeof auth.token === 'string' ? auth.token : ''
  } catch {
    return ''
  }
}

function withoutToken(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('[the token]')
}
