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
 * `permissions`, through @octokit/auth-app (JWT, clock-skew correction).
 */
export async function mintToken(
  app: Octokit,
  installationId: number,
  repositoryNames: string[],
  permissions: Permissions
): Promise<InstallationToken> {
  const auth = (await app.auth({
    type: 'installation',
    installationId,
    repositoryNames,
    permissions,
    // The token lives only for this run; never reuse one from auth-app's cache.
    refresh: true
  })) as { token: string; expiresAt: string; permissions: Permissions }
  return { token: auth.token, expiresAt: auth.expiresAt, permissions: auth.permissions }
}

/** `DELETE /installation/token`: the token stops working at once. */
export async function revokeToken(tokenClient: Octokit): Promise<void> {
  await tokenClient.request('DELETE /installation/token')
}
