/**
 * The App, as the broker holds it: one request stack and App client for the
 * life of the process (kept-alive connections, auth-app's JWT), installations
 * remembered per repository, and short-lived tokens minted for exactly one
 * repository and one purpose: reading its policy (contents: read, revoked at
 * once) or letting a caller wait (actions: read, handed to the caller, who
 * revokes it).
 */
import type { Octokit } from '@octokit/core'
import { findInstallation, mintToken, revokeToken, type InstallationToken, type Permissions } from '../github/installations.js'
import { createTokenClient, createTransport, type Transport } from '../http/client.js'
import { createAppClient } from '../auth/clients.js'
import type { AppKey } from '../model/plan.js'
import type { Target } from '../model/plan.js'
import type { Logger } from '../model/logger.js'
import { USER_AGENT } from '../util/version.js'

/** How long an installation id is trusted before it is looked up again. */
const INSTALLATION_TTL_MS = 10 * 60_000

export interface AppAccess {
  transport: Transport
  app: Octokit
  installationOf(target: Target): Promise<number>
  /** Forget a repository's installation (after GitHub said the token could not be minted). */
  forget(target: Target): void
  /** A token for one repository; `use` runs with a client holding it, and the token is revoked afterwards on every path. */
  withToken<T>(target: Target, permissions: Permissions, use: (client: Octokit) => Promise<T>): Promise<T>
  /** A token handed out (not revoked here): the caller's read token. */
  mint(target: Target, permissions: Permissions): Promise<InstallationToken>
  /** The App's JWT, reused until a minute before it expires (with AWS KMS each new one is a Sign call). */
  jwt(): Promise<{ jwt: string; expiresAt: string }>
}

export function createAppAccess(settings: { appId: string; appKey: AppKey; apiUrl: string; log: Logger; now: () => number }): AppAccess {
  const transport = createTransport({
    apiUrl: settings.apiUrl,
    userAgent: `${USER_AGENT} broker`,
    log: settings.log,
    // The broker prints no credential: its log lines never carry one.
    onSecret: () => undefined
  })
  const app = createAppClient(transport, settings.appId, settings.appKey)
  const installations = new Map<string, { id: Promise<number>; at: number }>()
  const keyOf = (target: Target): string => target.fullName.toLowerCase()

  function installationOf(target: Target): Promise<number> {
    const held = installations.get(keyOf(target))
    if (held !== undefined && settings.now() - held.at < INSTALLATION_TTL_MS) return held.id
    const id = findInstallation(app, target.owner, target.repo)
    installations.set(keyOf(target), { id, at: settings.now() })
    id.catch(() => installations.delete(keyOf(target)))
    return id
  }

  async function mint(target: Target, permissions: Permissions): Promise<InstallationToken> {
    return mintToken(app, await installationOf(target), [target.repo], permissions)
  }

  let jwt: Promise<{ jwt: string; expiresAt: string }> | undefined
  const jwtGood = async (held: NonNullable<typeof jwt>): Promise<boolean> => Date.parse((await held).expiresAt) - settings.now() > 60_000
  async function appJwt(): Promise<{ jwt: string; expiresAt: string }> {
    if (jwt !== undefined && (await jwtGood(jwt).catch(() => false))) return jwt
    jwt = (app.auth({ type: 'app' }) as Promise<{ token: string; expiresAt: string }>).then(auth => ({
      jwt: auth.token,
      expiresAt: auth.expiresAt
    }))
    jwt.catch(() => (jwt = undefined))
    return jwt
  }

  return {
    transport,
    app,
    jwt: appJwt,
    installationOf,
    forget: target => void installations.delete(keyOf(target)),
    mint,
    async withToken(target, permissions, use) {
      const minted = await mint(target, permissions)
      const client = createTokenClient(transport, minted.token)
      try {
        return await use(client)
      } finally {
        await revokeToken(client).catch((error: unknown) =>
          settings.log.warning(
            `Could not revoke the broker's own ${Object.keys(permissions).join(', ')} token for ${target.fullName}: ${String(error)}`
          )
        )
      }
    }
  }
}
