/**
 * An installation token for a set of repositories that outlives its hour:
 * when a wait runs long, a fresh token is minted before the current one
 * expires, and the one it replaces is revoked as soon as no request uses it
 * (callers share one client whose requests each take the current token);
 * every token still live is revoked at the end. When the step is cancelled,
 * a token request in flight is awaited (within the cleanup window) so its
 * token can be revoked too.
 */
import type { Octokit } from '@octokit/core'
import { CancelledError } from '../model/errors.js'
import { mintToken, revokeToken, unrevokedTokenWarning, type InstallationToken, type Permissions } from '../github/installations.js'
import type { CleanupWindow } from './cleanup-window.js'
import { createTokenClient, type Transport } from '../http/client.js'
import { createSessionClient, type TokenLease } from './clients.js'
import type { Logger } from '../model/logger.js'
import { realClock, type Clock } from '../util/clock.js'

/** Refresh when less than this is left (or a quarter of the token's life, if shorter). */
const REFRESH_MARGIN_MS = 5 * 60_000

interface MintedToken {
  token: string
  mintedAt: number
  expiresAt: number
  /** Requests using it right now (a replaced token is revoked once this is 0). */
  inFlight: number
  state: 'live' | 'replaced' | 'revoked'
}

export interface TokenSessionOptions {
  /** The App's client (JWT-authenticated): mints and revokes. */
  app: Octokit
  transport: Transport
  installationId: number
  /** The repositories (names without the owner) every token is scoped to. */
  repositoryNames: string[]
  permissions: Permissions
  log: Logger
  /** Deadlines for minting and revoking after a cancellation. */
  cleanup: CleanupWindow
  /** Aborted when the step is cancelled: nothing more is minted. */
  signal?: AbortSignal | undefined
  /** Default: real time. */
  clock?: Clock
}

export class TokenSession {
  private current: MintedToken | undefined
  private refreshing: Promise<MintedToken> | undefined
  /** One client for every caller: each request takes the token current when it is sent. */
  private readonly sessionClient: Octokit
  private readonly minted: MintedToken[] = []
  private readonly revocations: Array<Promise<void>> = []
  private describe: (error: unknown) => string = error => String(error)

  private readonly app: Octokit
  private readonly transport: Transport
  private readonly installationId: number
  private readonly repositoryNames: string[]
  private readonly permissions: Permissions
  private readonly log: Logger
  private readonly cleanup: CleanupWindow
  private readonly signal: AbortSignal | undefined
  private readonly clock: Clock

  constructor(options: TokenSessionOptions) {
    this.app = options.app
    this.transport = options.transport
    this.installationId = options.installationId
    this.repositoryNames = options.repositoryNames
    this.permissions = options.permissions
    this.log = options.log
    this.cleanup = options.cleanup
    this.signal = options.signal
    this.clock = options.clock ?? realClock
    this.sessionClient = createSessionClient(this.transport, () => this.lease())
  }

  /** How many tokens this session has minted. */
  get count(): number {
    return this.minted.length
  }

  /** Mints the first token; throws what GitHub said. */
  start(): Promise<InstallationToken> {
    return this.mint()
  }

  /**
   * The session's client. A caller may keep it as long as it likes: each of
   * its requests uses a token that is good for a while yet (refreshed first
   * when the current one is near its end).
   */
  client(): Promise<Octokit> {
    if (this.current === undefined) return Promise.reject(new Error('TokenSession.client() before start()'))
    return Promise.resolve(this.sessionClient)
  }

  /** The token for one request; a replaced token is revoked once its last request is over. */
  private async lease(): Promise<TokenLease> {
    let token = this.current
    if (token === undefined) throw new Error('TokenSession: a request before start()')
    const margin = Math.min(REFRESH_MARGIN_MS, (token.expiresAt - token.mintedAt) / 4)
    if (token.expiresAt - this.clock.now() <= margin) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined))
      token = await this.refreshing
    }
    const leased = token
    leased.inFlight++
    return {
      token: leased.token,
      mintedAt: leased.mintedAt,
      release: () => {
        leased.inFlight--
        if (leased.state === 'replaced' && leased.inFlight === 0) this.revoke(leased)
      }
    }
  }

  /** Revokes every token still live; failures are warnings (tokens expire anyway). Resolves with how many revocations failed. */
  async revokeAll(describe: (error: unknown) => string): Promise<number> {
    this.describe = describe
    for (const token of this.minted) if (token.state !== 'revoked') this.revoke(token)
    await Promise.all(this.revocations)
    return this.failedRevocations
  }

  private failedRevocations = 0

  private revoke(token: MintedToken): void {
    if (token.state === 'revoked') return
    token.state = 'revoked'
    if (token.expiresAt <= this.clock.now()) return
    this.revocations.push(
      revokeToken(createTokenClient(this.transport, token.token), this.cleanup.signal('revoke')).catch((error: unknown) => {
        this.failedRevocations++
        this.log.warning(unrevokedTokenWarning(this.repositoryNames, this.describe(error), token.expiresAt))
      })
    )
  }

  private async mint(): Promise<InstallationToken> {
    // A token request is sent on after a cancellation only if it was already on its way.
    if (this.signal?.aborted) throw new CancelledError(false)
    const minted = await mintToken(this.app, this.installationId, this.repositoryNames, this.permissions, this.cleanup.signal('mint'))
    this.transport.registerSecret(minted.token)
    const token: MintedToken = {
      token: minted.token,
      mintedAt: this.clock.now(),
      expiresAt: Date.parse(minted.expiresAt),
      inFlight: 0,
      state: 'live'
    }
    this.minted.push(token)
    this.current = token
    return minted
  }

  private async refresh(): Promise<MintedToken> {
    const replaced = this.current
    await this.mint()
    this.log.info(`Minted a fresh token for ${this.repositoryNames.join(', ')} before the current one expires; revoking the old one.`)
    if (replaced !== undefined && replaced.state === 'live') {
      replaced.state = 'replaced'
      if (replaced.inFlight === 0) this.revoke(replaced)
    }
    return this.current as MintedToken
  }
}
