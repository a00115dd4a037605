/**
 * The App's side of a run: find the installation that covers a repository,
 * mint a token narrowed to exactly the repositories and permissions needed,
 * and revoke it.
 */
import type { Octokit } from '@octokit/core'

/** Repository permissions an installation token can ask for, as GitHub names them. */
export type Permissions = Record<string, 'read' | 'write'>

/**
 * `GET /repos/{owner}/{repo}/installation`: the id of the installation that
 * covers this repository. Never "the first of GET /app/installations", which
 * is the wrong account for an App installed on several.
 */
export async function findInstallation(app: Octokit, owner: string, repo: string): Promise<number> {
  const { data } = await app.request('GET /repos/{owner}/{repo}/installation', { owner, repo })
  return data.id
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
 * when the run is cancelled; `deadline` then bounds it.
 */
export async function revokeToken(tokenClient: Octokit, deadline?: AbortSignal): Promise<void> {
  await tokenClient.request('DELETE /installation/token', {
    request: { keepOnCancel: true, ...(deadline === undefined ? {} : { signal: deadline }) }
  })
}
