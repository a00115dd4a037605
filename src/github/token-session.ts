/**
 * An installation token for a set of repositories that outlives its hour:
 * when a wait runs long, a fresh token is minted before the current one
 * expires (and the old one revoked), and every token minted is revoked at the
 * end.
 */
import type { Octokit } from '@octokit/core'
import { mintToken, revokeToken, unrevokedTokenWarning, type InstallationToken, type Permissions } from './app.js'
import { createTokenClient, type Logger, type Transport } from './client.js'

/** Refresh when less than this is left (or a quarter of the token's life, if shorter). */
const REFRESH_MARGIN_MS = 5 * 60_000
/** Once the run is cancelled, each revocation gets this long (the runner kills the step 10 s after SIGINT). */
export const REVOKE_DEADLINE_ON_CANCEL_MS = 2_000

export class TokenSession {
  private current: { client: Octokit; mintedAt: number; expiresAt: number } | undefined
  private refreshing: Promise<Octokit> | undefined
  /** Every token minted; revoked at the end unless already expired. */
  private readonly minted: Array<{ client: Octokit; expiresAt: number }> = []

  constructor(
    private readonly app: Octokit,
    private readonly transport: Transport,
    private readonly installationId: number,
    private readonly repositoryNames: string[],
    private readonly permissions: Permissions,
    private readonly log: Logger,
    private readonly signal?: AbortSignal
  ) {}

  /** How many tokens this session has minted. */
  get count(): number {
    return this.mintedCount
  }

  private mintedCount = 0

  /** Mints the first token; throws what GitHub said. */
  start(): Promise<InstallationToken> {
    return this.mint()
  }

  /** A client with a token that is good for a while yet. */
  async client(): Promise<Octokit> {
    const current = this.current
    if (current === undefined) throw new Error('TokenSession.client() before start()')
    const margin = Math.min(REFRESH_MARGIN_MS, (current.expiresAt - current.mintedAt) / 4)
    if (current.expiresAt - Date.now() > margin) return current.client
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined))
    return this.refreshing
  }

  /** Revokes every token still live; failures are warnings (tokens expire anyway). */
  async revokeAll(describe: (error: unknown) => string): Promise<void> {
    const clients = this.minted.splice(0).filter(t => t.expiresAt > Date.now())
    const deadline = this.signal?.aborted ? REVOKE_DEADLINE_ON_CANCEL_MS : undefined
    await Promise.all(
      clients.map(async ({ client, expiresAt }) => {
        try {
          await revokeToken(client, deadline)
        } catch (error) {
          this.log.warning(unrevokedTokenWarning(this.repositoryNames, describe(error), expiresAt))
        }
      })
    )
  }

  private async mint(): Promise<InstallationToken> {
    const minted = await mintToken(this.app, this.installationId, this.repositoryNames, this.permissions)
    this.transport.registerSecret(minted.token)
    const client = createTokenClient(this.transport, minted.token)
    const expiresAt = Date.parse(minted.expiresAt)
    this.minted.push({ client, expiresAt })
    this.mintedCount++
    this.current = { client, mintedAt: Date.now(), expiresAt }
    return minted
  }

  // The old token is left to requests still in flight with it, and revoked at
  // the end with the others (or expires first).
  private async refresh(): Promise<Octokit> {
    await this.mint()
    this.log.info(`Minted a fresh token for ${this.repositoryNames.join(', ')} before the current one expires.`)
    return (this.current as { client: Octokit }).client
  }
}
