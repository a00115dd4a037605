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
import { findInstallation, type Permissions } from './github/app.js'
import { createAppClient, createTransport, type Logger, type Transport } from './github/client.js'
import { TokenSession } from './github/token-session.js'
import { sleep } from './sleep.js'
import { newDistinctId } from './wait/correlation.js'
import { lookForRun, waitForRun, type DispatchEvent } from './wait/follow.js'
import { repositoryDispatchSender } from './modes/repository-dispatch.js'
import type { Correlation, Sender } from './modes/sender.js'
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
  /** workflow_dispatch, or when waiting. */
  run_id?: number | null
  run_url?: string | null
  /** When waiting. */
  status?: string | null
  conclusion?: string | null
  started_at?: string | null
  completed_at?: string | null
}

export interface DispatchEnvironment {
  log: Logger
  /** Receives every credential (JWT, token) before it is used. */
  onSecret: (secret: string) => void
  userAgent: string
  /** Abort to cancel: nothing more is sent, waits stop, and every token is still revoked. */
  signal?: AbortSignal
}

/** GitHub's limit of repositories in one installation token. */
export const MAX_REPOSITORIES_PER_TOKEN = 500

interface Run {
  plan: Plan
  app: Octokit
  transport: Transport
  sender: Sender
  /** What every token of the run asks for. */
  permissions: Permissions
  limit: LimitFunction
  webUrl: string
  log: Logger
  signal: AbortSignal | undefined
  results: Map<Target, TargetResult>
}

export function createSender(mode: Mode, log: Logger): Sender {
  return mode.kind === 'repository_dispatch' ? repositoryDispatchSender(mode, log) : workflowDispatchSender(mode, log)
}

const PERMISSION_TITLES: Record<string, string> = { contents: 'Contents', actions: 'Actions', metadata: 'Metadata' }

/** Permissions as the App's settings page names them: "Contents: Read and write and Actions: Read-only". */
export function describePermissions(permissions: Permissions): string {
  return Object.entries(permissions)
    .map(([name, level]) => `${PERMISSION_TITLES[name] ?? name}: ${level === 'write' ? 'Read and write' : 'Read-only'}`)
    .join(' and ')
}

/** The mode's permissions, plus Actions: read to watch runs when waiting. */
export function tokenPermissions(sender: Sender, waiting: boolean): Permissions {
  if (!waiting || sender.permissions['actions'] !== undefined) return sender.permissions
  return { ...sender.permissions, actions: 'read' }
}

export async function dispatch(plan: Plan, env: DispatchEnvironment): Promise<TargetResult[]> {
  const transport = createTransport({
    apiUrl: plan.apiUrl,
    userAgent: env.userAgent,
    log: env.log,
    onSecret: env.onSecret,
    signal: env.signal
  })
  const sender = createSender(plan.mode, env.log)
  const run: Run = {
    plan,
    app: createAppClient(transport, plan.appId, plan.privateKey),
    transport,
    sender,
    permissions: tokenPermissions(sender, plan.wait !== undefined),
    limit: pLimit(plan.maxConcurrency),
    webUrl: webUrlFor(plan.apiUrl),
    log: env.log,
    signal: env.signal,
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
    const group = groups.get(owner)
    if (group) group.push(target)
    else groups.set(owner, [target])
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
    permission: describePermissions(run.permissions),
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
      return await findInstallation(run.app, target.owner, target.repo)
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
  const session = new TokenSession(run.app, run.transport, installationId, targets.map(t => t.repo), run.permissions, run.log)
  try {
    const minted = await session.start()
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

  try {
    await Promise.all(targets.map(target => dispatchAndWait(run, session, target, installationId, ctx)))
  } finally {
    await session.revokeAll(error => toGitHubError('revoke', error, ctx).message)
    run.log.info(`Revoked the token${run.plan.wait ? 's' : ''} for ${names}.`)
  }
}

async function isInInstallation(run: Run, target: Target, installationId: number): Promise<boolean> {
  try {
    return (await findInstallation(run.app, target.owner, target.repo)) === installationId
  } catch {
    return false
  }
}

/** Sends to one target (within the concurrency limit), then, when waiting, follows its run. */
async function dispatchAndWait(
  run: Run,
  session: TokenSession,
  target: Target,
  installationId: number,
  ownerCtx: AdviceContext
): Promise<void> {
  const ctx = { ...ownerCtx, repositories: [target.fullName] }
  const wait = run.plan.wait
  const event: DispatchEvent = run.plan.mode.kind
  let dispatchedAt = Date.now()
  const distinctId = wait ? newDistinctId() : undefined
  const correlation: Correlation | undefined =
    distinctId === undefined
      ? undefined
      : { distinctId, alreadyStarted: () => runExists(session, target, event, distinctId, dispatchedAt) }

  let outcome: Awaited<ReturnType<Sender['send']>>
  try {
    outcome = await run.limit(async () => {
      if (run.signal?.aborted) throw new Error('Not dispatched: the step was cancelled first.')
      dispatchedAt = Date.now()
      return run.sender.send(await session.client(), target, ctx, correlation)
    })
  } catch (error) {
    record(run, target, installationId, { error: messageOf(error) })
    return
  }
  const what = ctx.workflow ? `workflow ${ctx.workflow} on ${outcome.ref ?? ''}` : `'${run.sender.event}'`
  run.log.info(`Dispatched ${what} to ${target.fullName}${outcome.run_url ? `: ${outcome.run_url}` : ''}.`)
  const fields = { ...outcome }
  delete fields.distinctId
  if (wait === undefined) {
    record(run, target, installationId, { dispatched: true, ...fields })
    return
  }
  const report = await waitForRun({
    client: () => session.client(),
    target,
    event,
    distinctId: outcome.distinctId,
    runId: outcome.run_id ?? undefined,
    dispatchedAt,
    deadline: dispatchedAt + wait.timeoutSeconds * 1000,
    pollIntervalMs: wait.pollIntervalSeconds * 1000,
    log: run.log,
    signal: run.signal
  })
  record(run, target, installationId, { dispatched: true, ...fields, ...report })
}

/**
 * Whether a run carrying the distinct_id exists. A run appears a few seconds
 * after its dispatch is accepted, so this looks three times over four seconds.
 */
async function runExists(
  session: TokenSession,
  target: Target,
  event: DispatchEvent,
  distinctId: string,
  dispatchedAt: number
): Promise<boolean> {
  for (let check = 1; check <= 3; check++) {
    try {
      const found = await lookForRun(await session.client(), { target, event, distinctId, dispatchedAt })
      if (found.run) return true
    } catch {
      // Could not look: the caller decides on what it knows.
    }
    if (check < 3) await sleep(2000)
  }
  return false
}
