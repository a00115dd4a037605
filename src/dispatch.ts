/**
 * The core: a validated Plan in, one result per target out. No knowledge of
 * the Actions runner; adapters pass a logger and a secret sink.
 *
 * For each owner: App JWT → installation → one token scoped to exactly that
 * owner's targets and the one permission the mode needs → dispatches →
 * revoke, whatever happened.
 */
import type { Octokit } from '@octokit/core'
import { messageOf } from './errors.js'
import type { Plan, Target } from './inputs.js'
import { toGitHubError, webUrlFor, type AdviceContext } from './github/advice.js'
import { findInstallation, mintToken, revokeToken, type Permissions } from './github/app.js'
import {
  createAppClient,
  createTokenClient,
  createTransport,
  type ClientSettings,
  type Logger,
  type Transport
} from './github/client.js'

export interface TargetResult {
  repository: string
  installation_id: number | null
  event: string
  dispatched: boolean
  error?: string
}

export interface DispatchEnvironment {
  log: Logger
  onSecret: (secret: string) => void
  userAgent: string
  /** Test seams. */
  requestTimeoutMs?: number
  random?: () => number
}

/** repository_dispatch needs Contents: write, and nothing else. */
const DISPATCH_PERMISSIONS: Permissions = { contents: 'write' }
const DISPATCH_PERMISSION_NAME = 'Contents: Read and write'

export async function dispatch(plan: Plan, env: DispatchEnvironment): Promise<TargetResult[]> {
  const settings: ClientSettings = {
    apiUrl: plan.apiUrl,
    userAgent: env.userAgent,
    log: env.log,
    onSecret: env.onSecret,
    requestTimeoutMs: env.requestTimeoutMs,
    random: env.random
  }
  const transport = createTransport(settings)
  const app = createAppClient(transport, plan.appId, plan.privateKey)
  const webUrl = webUrlFor(plan.apiUrl)

  const results = new Map<Target, TargetResult>()
  for (const [owner, targets] of groupByOwner(plan.targets)) {
    const ctx: AdviceContext = {
      appId: plan.appId,
      owner,
      repositories: targets.map(t => t.fullName),
      webUrl,
      permission: DISPATCH_PERMISSION_NAME,
      installationId: plan.installationId
    }
    const groupResults = await dispatchToOwner(app, transport, plan, targets, ctx)
    targets.forEach((target, i) => results.set(target, groupResults[i] as TargetResult))
  }
  return plan.targets.map(target => results.get(target) as TargetResult)
}

/** Targets grouped by owner (case-insensitive), in first-seen order. */
export function groupByOwner(targets: Target[]): Map<string, Target[]> {
  const groups = new Map<string, Target[]>()
  const names = new Map<string, string>()
  for (const target of targets) {
    const key = target.owner.toLowerCase()
    if (!names.has(key)) names.set(key, target.owner)
    const owner = names.get(key) as string
    groups.set(owner, [...(groups.get(owner) ?? []), target])
  }
  return groups
}

async function dispatchToOwner(
  app: Octokit,
  transport: Transport,
  plan: Plan,
  targets: Target[],
  ctx: AdviceContext
): Promise<TargetResult[]> {
  const { log } = transport.settings
  let installationId: number | null = plan.installationId ?? null
  const failAll = (error: unknown): TargetResult[] =>
    targets.map(t => ({
      repository: t.fullName,
      installation_id: installationId,
      event: plan.eventType,
      dispatched: false,
      error: messageOf(error)
    }))

  let token: string
  try {
    if (installationId === null) {
      const first = targets[0] as Target
      try {
        const installation = await findInstallation(app, first.owner, first.repo)
        installationId = installation.id
        log.info(`The App's installation for ${first.fullName} is ${installation.id} (account ${installation.account ?? ctx.owner}).`)
      } catch (error) {
        throw toGitHubError('installation-lookup', error, ctx)
      }
    }
    try {
      const minted = await mintToken(
        app,
        installationId,
        targets.map(t => t.repo),
        DISPATCH_PERMISSIONS
      )
      token = minted.token
      transport.registerSecret(token)
      log.info(
        `Minted a token for ${ctx.repositories.join(', ')} with ${describePermissions(minted.permissions)}, expiring ${minted.expiresAt}.`
      )
    } catch (error) {
      throw toGitHubError('token', error, { ...ctx, installationId: installationId ?? undefined })
    }
  } catch (error) {
    return failAll(error)
  }

  const client = createTokenClient(transport, token)
  try {
    const results: TargetResult[] = []
    for (const target of targets) {
      results.push(await dispatchOne(client, plan, target, installationId, ctx, log))
    }
    return results
  } finally {
    try {
      await revokeToken(client)
      log.info(`Revoked the token for ${ctx.repositories.join(', ')}.`)
    } catch (error) {
      // The dispatches stand; the token dies by itself within the hour.
      log.warning(
        `Could not revoke the token for ${ctx.repositories.join(', ')}: ${toGitHubError('revoke', error, ctx).message} It expires within an hour.`
      )
    }
  }
}

async function dispatchOne(
  client: Octokit,
  plan: Plan,
  target: Target,
  installationId: number,
  ctx: AdviceContext,
  log: Logger
): Promise<TargetResult> {
  const result: TargetResult = {
    repository: target.fullName,
    installation_id: installationId,
    event: plan.eventType,
    dispatched: false
  }
  try {
    // The route is widened to string: the typed one insists on an object body.
    await client.request('POST /repos/{owner}/{repo}/dispatches' as string, {
      owner: target.owner,
      repo: target.repo,
      // Sent as text so the payload arrives exactly as the user wrote it.
      data: `{"event_type":${JSON.stringify(plan.eventType)},"client_payload":${plan.clientPayloadJson}}`,
      headers: { 'content-type': 'application/json; charset=utf-8' }
    })
    result.dispatched = true
    log.info(`Dispatched '${plan.eventType}' to ${target.fullName}.`)
  } catch (error) {
    const failure = toGitHubError('dispatch', error, { ...ctx, repositories: [target.fullName] })
    result.error = failure.message
  }
  return result
}

function describePermissions(permissions: Permissions): string {
  const entries = Object.entries(permissions)
  return entries.length ? entries.map(([name, level]) => `${name}: ${level}`).join(', ') : 'no permissions listed'
}

