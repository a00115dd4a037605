/**
 * The core: a validated Plan in, one result per target (in input order) out.
 * No knowledge of the Actions runner; adapters pass a logger and a secret sink.
 *
 * Per owner, concurrently: one installation lookup → one token per ≤500
 * targets, scoped to exactly those repositories and the one permission the
 * mode needs → sends, at most `maxConcurrency` in flight across the run →
 * revoke, on every path. Every target is attempted; failures are per target.
 */
import type { Octokit } from '@octokit/core'
import pLimit, { type LimitFunction } from 'p-limit'
import { messageOf, type GitHubError } from './errors.js'
import type { Mode, Plan, Target } from './inputs.js'
import { githubMessageOf, REPOSITORY_NOT_IN_INSTALLATION, toGitHubError, webUrlFor, type AdviceContext } from './github/advice.js'
import { findInstallation, mintToken, revokeToken } from './github/app.js'
import { createAppClient, createTokenClient, createTransport, type Logger, type Transport } from './github/client.js'
import { repositoryDispatchSender } from './modes/repository-dispatch.js'
import type { Sender } from './modes/sender.js'
import { workflowDispatchSender } from './modes/workflow-dispatch.js'

export interface TargetResult {
  repository: string
  installation_id: number | null
  event: string
  dispatched: boolean
  error?: string
  /** workflow_dispatch only. */
  workflow?: string
  ref?: string
  run_id?: number | null
  run_url?: string | null
}

export interface DispatchEnvironment {
  log: Logger
  /** Receives every credential (JWT, token) before it is used. */
  onSecret: (secret: string) => void
  userAgent: string
  /** Test seams. */
  requestTimeoutMs?: number
  random?: () => number
}

/** GitHub's limit of repositories in one installation token. */
export const MAX_REPOSITORIES_PER_TOKEN = 500

interface Run {
  plan: Plan
  app: Octokit
  transport: Transport
  sender: Sender
  limit: LimitFunction
  webUrl: string
  log: Logger
  results: Map<Target, TargetResult>
}

export function createSender(mode: Mode, log: Logger): Sender {
  return mode.kind === 'repository_dispatch' ? repositoryDispatchSender(mode) : workflowDispatchSender(mode, log)
}

export async function dispatch(plan: Plan, env: DispatchEnvironment): Promise<TargetResult[]> {
  const transport = createTransport({
    apiUrl: plan.apiUrl,
    userAgent: env.userAgent,
    log: env.log,
    onSecret: env.onSecret,
    requestTimeoutMs: env.requestTimeoutMs,
    random: env.random
  })
  const run: Run = {
    plan,
    app: createAppClient(transport, plan.appId, plan.privateKey),
    transport,
    sender: createSender(plan.mode, env.log),
    limit: pLimit(plan.maxConcurrency),
    webUrl: webUrlFor(plan.apiUrl),
    log: env.log,
    results: new Map()
  }
  await Promise.all([...groupByOwner(plan.targets)].map(([owner, targets]) => dispatchToOwner(run, owner, targets)))
  return plan.targets.map(target => run.results.get(target) as TargetResult)
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

/** Splits a list into consecutive chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

function adviceContext(run: Run, owner: string, targets: Target[], installationId?: number): AdviceContext {
  const { mode } = run.plan
  return {
    appId: run.plan.appId,
    owner,
    repositories: targets.map(t => t.fullName),
    webUrl: run.webUrl,
    permission: run.sender.permissionName,
    installationId,
    ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow, ref: mode.ref } : {})
  }
}

function record(run: Run, target: Target, installationId: number | null, outcome: Partial<TargetResult>): void {
  run.results.set(target, {
    repository: target.fullName,
    installation_id: installationId,
    event: run.sender.event,
    dispatched: false,
    ...run.sender.resultFields,
    ...outcome
  })
}

async function dispatchToOwner(run: Run, owner: string, targets: Target[]): Promise<void> {
  let installationId = run.plan.installationId
  let covered = targets
  if (installationId === undefined) {
    const found = await resolveInstallation(run, owner, targets)
    if (found === undefined) return
    ;({ installationId, covered } = found)
  }
  const id = installationId
  await Promise.all(chunk(covered, MAX_REPOSITORIES_PER_TOKEN).map(part => dispatchWithToken(run, owner, id, part)))
}

/**
 * `GET /repos/{owner}/{repo}/installation` for the owner's first target. On a
 * 404 (that repository is not in the installation) the others are looked up
 * too, so each target left out fails on its own and the rest still go out.
 * Returns undefined when no target can proceed (their results are recorded).
 */
async function resolveInstallation(
  run: Run,
  owner: string,
  targets: Target[]
): Promise<{ installationId: number; covered: Target[] } | undefined> {
  const lookup = async (target: Target): Promise<number | GitHubError> => {
    try {
      const installation = await findInstallation(run.app, target.owner, target.repo)
      return installation.id
    } catch (error) {
      return toGitHubError('installation-lookup', error, adviceContext(run, owner, [target]))
    }
  }
  const [first, ...rest] = targets as [Target, ...Target[]]
  const firstResult = await lookup(first)
  const outcomes = new Map<Target, number | GitHubError>([[first, firstResult]])
  if (typeof firstResult !== 'number') {
    if (firstResult.status !== 404) {
      // Credentials, network, rate limit: the same for every target of this owner.
      for (const target of targets) record(run, target, null, { error: firstResult.message })
      return undefined
    }
    const others = await Promise.all(rest.map(target => run.limit(() => lookup(target))))
    rest.forEach((target, i) => outcomes.set(target, others[i] as number | GitHubError))
  } else {
    for (const target of rest) outcomes.set(target, firstResult)
  }
  const installationId = [...outcomes.values()].find((o): o is number => typeof o === 'number')
  const covered: Target[] = []
  for (const target of targets) {
    const outcome = outcomes.get(target)
    if (typeof outcome === 'number') covered.push(target)
    else record(run, target, null, { error: outcome?.message ?? 'not looked up' })
  }
  if (installationId === undefined) return undefined
  run.log.info(`The App's installation on ${owner} is ${installationId}.`)
  return { installationId, covered }
}

async function dispatchWithToken(
  run: Run,
  owner: string,
  installationId: number,
  targets: Target[],
  narrowed = false
): Promise<void> {
  const ctx = adviceContext(run, owner, targets, installationId)
  const names = ctx.repositories.join(', ')
  let token: string
  try {
    const minted = await mintToken(run.app, installationId, targets.map(t => t.repo), run.sender.permissions)
    token = minted.token
    run.transport.registerSecret(token)
    const granted = Object.entries(minted.permissions)
      .map(([name, level]) => `${name}: ${level}`)
      .join(', ')
    run.log.info(`Minted a token for ${names} (${granted}), expiring ${minted.expiresAt}.`)
  } catch (error) {
    const failure = toGitHubError('token', error, ctx)
    if (!narrowed && targets.length > 1 && failure.status === 422 && REPOSITORY_NOT_IN_INSTALLATION.test(githubMessageOf(error))) {
      // Some of these repositories are not in the installation: find which, fail
      // those alone, and mint again for the rest.
      const inInstallation = await Promise.all(targets.map(target => run.limit(() => isInInstallation(run, target, installationId))))
      const kept = targets.filter((_, i) => inInstallation[i])
      for (const target of targets.filter((_, i) => !inInstallation[i])) {
        const alone = toGitHubError('token', error, adviceContext(run, owner, [target], installationId))
        record(run, target, installationId, { error: alone.message })
      }
      if (kept.length > 0 && kept.length < targets.length) return dispatchWithToken(run, owner, installationId, kept, true)
      if (kept.length === targets.length) for (const target of targets) record(run, target, installationId, { error: failure.message })
      return
    }
    for (const target of targets) record(run, target, installationId, { error: failure.message })
    return
  }

  const client = createTokenClient(run.transport, token)
  try {
    await Promise.all(targets.map(target => run.limit(() => sendOne(run, client, target, installationId, ctx))))
  } finally {
    try {
      await revokeToken(client)
      run.log.info(`Revoked the token for ${names}.`)
    } catch (error) {
      // The dispatches stand; the token dies by itself within the hour.
      run.log.warning(`Could not revoke the token for ${names}: ${toGitHubError('revoke', error, ctx).message} It expires within an hour.`)
    }
  }
}

async function isInInstallation(run: Run, target: Target, installationId: number): Promise<boolean> {
  try {
    return (await findInstallation(run.app, target.owner, target.repo)).id === installationId
  } catch {
    return false
  }
}

async function sendOne(run: Run, client: Octokit, target: Target, installationId: number, ctx: AdviceContext): Promise<void> {
  try {
    const outcome = await run.sender.send(client, target, { ...ctx, repositories: [target.fullName] })
    record(run, target, installationId, { dispatched: true, ...outcome })
    const what = ctx.workflow ? `workflow ${ctx.workflow} on ${outcome.ref ?? ''}` : `'${run.sender.event}'`
    run.log.info(`Dispatched ${what} to ${target.fullName}${outcome.run_url ? `: ${outcome.run_url}` : ''}.`)
  } catch (error) {
    record(run, target, installationId, { error: messageOf(error) })
  }
}
