/**
 * The core: a validated Plan in, one result per target (in input order) out.
 * No knowledge of the Actions runner; adapters pass a logger and a secret sink.
 *
 * Per owner, concurrently: one installation lookup → one token per ≤500
 * targets, scoped to exactly those repositories and the permissions the plan
 * needs → sends, at most `maxConcurrency` in flight across the call → with
 * wait, follow each run and bring back its outputs or why it failed →
 * revoke, on every path. Every target is attempted; failures are per target.
 */
import type { Octokit } from '@octokit/core'
import pLimit, { type LimitFunction } from 'p-limit'
import { CancelledError, messageOf, type GitHubError } from './errors.js'
import { ACTION_TERMS, renderTerms, type Terms } from './input-model.js'
import type { Plan, Target } from './plan.js'
import { githubMessageOf, REPOSITORY_NOT_IN_INSTALLATION, toGitHubError, webUrlFor, type AdviceContext } from './github/advice.js'
import { findInstallation, type Permissions } from './github/app.js'
import { createAppClient, createTransport, type Logger, type Transport } from './github/client.js'
import { describePermissions, tokenPermissions } from './github/permissions.js'
import { TokenSession } from './github/token-session.js'
import { createSender } from './modes/index.js'
import type { Correlation, Sender } from './modes/sender.js'
import type { TargetResult } from './result.js'

export type { TargetResult } from './result.js'
import { sleep } from './sleep.js'
import { chunk, groupByOwner, MAX_REPOSITORIES_PER_TOKEN } from './targets.js'
import { newDistinctId } from './wait/correlation.js'
import { lookForRun, waitForRun, type DispatchEvent } from './wait/follow.js'

export { MAX_REPOSITORIES_PER_TOKEN } from './targets.js'

export interface DispatchEnvironment {
  log: Logger
  /** Receives every credential (JWT, token) before it is used. */
  onSecret: (secret: string) => void
  userAgent: string
  /** Abort to cancel: requests in flight are abandoned, nothing more is sent, and every token is still revoked. */
  signal?: AbortSignal
  /** How messages name inputs: the action's names (default), CLI flags or library options. */
  terms?: Terms
}

/** What became of a target's dispatch, for the cancellation report. */
type Delivery = 'sent' | 'unknown'

/** Everything one dispatch() call shares among its targets. */
interface DispatchCall {
  plan: Plan
  app: Octokit
  transport: Transport
  sender: Sender
  /** What every token of the call asks for. */
  permissions: Permissions
  limit: LimitFunction
  webUrl: string
  log: Logger
  signal: AbortSignal | undefined
  results: Map<Target, TargetResult>
  delivery: Map<Target, Delivery>
  terms: Terms
}

export async function dispatch(plan: Plan, env: DispatchEnvironment): Promise<TargetResult[]> {
  const transport = createTransport({
    apiUrl: plan.apiUrl,
    userAgent: env.userAgent,
    log: env.log,
    onSecret: env.onSecret,
    signal: env.signal
  })
  const sender = createSender(plan.mode, env.log, env.signal)
  const call: DispatchCall = {
    plan,
    app: createAppClient(transport, plan.appId, plan.privateKey),
    transport,
    sender,
    permissions: tokenPermissions(sender.permissions, plan.wait),
    limit: pLimit(plan.maxConcurrency),
    webUrl: webUrlFor(plan.apiUrl),
    log: env.log,
    signal: env.signal,
    results: new Map(),
    delivery: new Map(),
    terms: env.terms ?? ACTION_TERMS
  }
  await Promise.all([...groupByOwner(plan.targets)].map(([owner, targets]) => dispatchToOwner(call, owner, targets)))
  if (env.signal?.aborted) reportCancellation(call)
  return plan.targets.map(target => call.results.get(target) as TargetResult)
}

/** After a cancellation: which targets were sent, which not, which nobody can tell. */
function reportCancellation(call: DispatchCall): void {
  const names = (which: Delivery | undefined): string =>
    call.plan.targets
      .filter(t => call.delivery.get(t) === which)
      .map(t => t.fullName)
      .join(', ') || 'none'
  call.log.warning(
    `Cancelled. Sent to: ${names('sent')}. Not sent to: ${names(undefined)}. Unknown (the request was in flight when cancelled; check the target): ${names('unknown')}.`
  )
}

function adviceContext(call: DispatchCall, owner: string, targets: Target[], installationId?: number): AdviceContext {
  const { mode } = call.plan
  return {
    appId: call.plan.appId,
    owner,
    repositories: targets.map(t => t.fullName),
    webUrl: call.webUrl,
    permission: describePermissions(call.permissions),
    installationId,
    terms: call.terms,
    ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow, ref: mode.ref } : {})
  }
}

function record(call: DispatchCall, target: Target, installationId: number | null, outcome: Partial<TargetResult>): void {
  call.results.set(target, {
    repository: target.fullName,
    installation_id: installationId,
    event: call.sender.event,
    dispatched: false,
    ...call.sender.resultFields,
    ...outcome,
    ...(outcome.error === undefined ? {} : { error: renderTerms(outcome.error, call.terms) })
  })
}

/** The message for a failure; a cancellation says so plainly. */
function failureText(error: unknown, what: string): string {
  if (error instanceof CancelledError) {
    return error.inFlight
      ? `The step was cancelled while ${what} was in flight; whether GitHub received it is unknown.`
      : `Not sent: the step was cancelled before ${what}.`
  }
  return messageOf(error)
}

async function dispatchToOwner(call: DispatchCall, owner: string, targets: Target[]): Promise<void> {
  let installationId = call.plan.installationId
  let covered = targets
  if (installationId === undefined) {
    const found = await resolveInstallation(call, owner, targets)
    if (found === undefined) return
    ;({ installationId, covered } = found)
  }
  const id = installationId
  await Promise.all(chunk(covered, MAX_REPOSITORIES_PER_TOKEN).map(part => dispatchWithToken(call, owner, id, part)))
}

/**
 * `GET /repos/{owner}/{repo}/installation` for the owner's first target. On a
 * 404 (that repository is not in the installation) the others are looked up
 * too, so each target left out fails on its own and the rest still go out.
 * Returns undefined when no target can proceed (their results are recorded).
 */
async function resolveInstallation(
  call: DispatchCall,
  owner: string,
  targets: Target[]
): Promise<{ installationId: number; covered: Target[] } | undefined> {
  const lookup = async (target: Target): Promise<number | GitHubError | CancelledError> => {
    try {
      return await findInstallation(call.app, target.owner, target.repo)
    } catch (error) {
      return toGitHubError('installation-lookup', error, adviceContext(call, owner, [target]))
    }
  }
  const [first, ...rest] = targets as [Target, ...Target[]]
  const firstResult = await lookup(first)
  const outcomes = new Map<Target, number | GitHubError | CancelledError>([[first, firstResult]])
  if (typeof firstResult !== 'number') {
    if (firstResult instanceof CancelledError || firstResult.status !== 404) {
      // Credentials, network, rate limit, cancellation: the same for every target of this owner.
      for (const target of targets) record(call, target, null, { error: failureText(firstResult, 'the installation lookup') })
      return undefined
    }
    const others = await Promise.all(rest.map(target => call.limit(() => lookup(target))))
    rest.forEach((target, i) => outcomes.set(target, others[i] as number | GitHubError))
  } else {
    for (const target of rest) outcomes.set(target, firstResult)
  }
  const installationId = [...outcomes.values()].find((o): o is number => typeof o === 'number')
  const covered: Target[] = []
  for (const target of targets) {
    const outcome = outcomes.get(target)
    if (typeof outcome === 'number') covered.push(target)
    else record(call, target, null, { error: outcome ? failureText(outcome, 'the installation lookup') : 'not looked up' })
  }
  if (installationId === undefined) return undefined
  call.log.info(`The App's installation on ${owner} is ${installationId}.`)
  return { installationId, covered }
}

async function dispatchWithToken(
  call: DispatchCall,
  owner: string,
  installationId: number,
  targets: Target[],
  narrowed = false
): Promise<void> {
  const ctx = adviceContext(call, owner, targets, installationId)
  const names = ctx.repositories.join(', ')
  const session = new TokenSession(
    call.app,
    call.transport,
    installationId,
    targets.map(t => t.repo),
    call.permissions,
    call.log,
    call.signal
  )
  try {
    const minted = await session.start()
    const granted = Object.entries(minted.permissions)
      .map(([name, level]) => `${name}: ${level}`)
      .join(', ')
    call.log.info(`Minted a token for ${names} (${granted}), expiring ${minted.expiresAt}.`)
  } catch (error) {
    const failure = toGitHubError('token', error, ctx)
    const partial =
      failure instanceof CancelledError ? false : failure.status === 422 && REPOSITORY_NOT_IN_INSTALLATION.test(githubMessageOf(error))
    if (!narrowed && targets.length > 1 && partial) {
      // Some of these repositories are not in the installation: find which, fail
      // those alone, and mint again for the rest.
      const inInstallation = await Promise.all(targets.map(target => call.limit(() => isInInstallation(call, target, installationId))))
      const kept = targets.filter((_, i) => inInstallation[i])
      for (const target of targets.filter((_, i) => !inInstallation[i])) {
        const alone = toGitHubError('token', error, adviceContext(call, owner, [target], installationId))
        record(call, target, installationId, { error: alone.message })
      }
      if (kept.length > 0 && kept.length < targets.length) return dispatchWithToken(call, owner, installationId, kept, true)
      if (kept.length === targets.length) for (const target of targets) record(call, target, installationId, { error: failure.message })
      return
    }
    for (const target of targets) record(call, target, installationId, { error: failureText(failure, 'the token was minted') })
    return
  }

  try {
    await Promise.all(targets.map(target => dispatchAndWait(call, session, target, installationId, ctx)))
  } finally {
    await session.revokeAll(error => toGitHubError('revoke', error, ctx).message)
    call.log.info(`Revoked the token${session.count > 1 ? 's' : ''} for ${names}.`)
  }
}

async function isInInstallation(call: DispatchCall, target: Target, installationId: number): Promise<boolean> {
  try {
    return (await findInstallation(call.app, target.owner, target.repo)) === installationId
  } catch {
    return false
  }
}

/** Sends to one target (within the concurrency limit), then, when waiting, follows its run. */
async function dispatchAndWait(
  call: DispatchCall,
  session: TokenSession,
  target: Target,
  installationId: number,
  ownerCtx: AdviceContext
): Promise<void> {
  const ctx = { ...ownerCtx, repositories: [target.fullName] }
  const wait = call.plan.wait
  const event: DispatchEvent = call.plan.mode.kind
  let dispatchedAt = Date.now()
  const distinctId = wait ? newDistinctId() : undefined
  const correlation: Correlation | undefined =
    distinctId === undefined
      ? undefined
      : { distinctId, alreadyStarted: () => runExists(call, session, target, event, distinctId, dispatchedAt) }

  let outcome: Awaited<ReturnType<Sender['send']>>
  try {
    outcome = await call.limit(async () => {
      if (call.signal?.aborted) throw new CancelledError(false)
      dispatchedAt = Date.now()
      return call.sender.send(await session.client(), target, ctx, correlation)
    })
  } catch (error) {
    if (error instanceof CancelledError && error.inFlight) call.delivery.set(target, 'unknown')
    record(call, target, installationId, { error: failureText(error, 'the dispatch') })
    return
  }
  call.delivery.set(target, 'sent')
  const what = ctx.workflow ? `workflow ${ctx.workflow} on ${outcome.ref ?? ''}` : `'${call.sender.event}'`
  call.log.info(`Dispatched ${what} to ${target.fullName}${outcome.run_url ? `: ${outcome.run_url}` : ''}.`)
  const fields = { ...outcome }
  delete fields.distinctId
  if (wait === undefined) {
    record(call, target, installationId, { dispatched: true, ...fields })
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
    log: call.log,
    signal: call.signal
  })
  // Loaded when first needed: a step that does not wait never evaluates it (nor its unzip library).
  const { followUp } = await import('./downstream/follow-up.js')
  const downstream = await followUp({
    client: () => session.client(),
    fetch: call.transport.fetch,
    target,
    report,
    wait,
    log: call.log,
    signal: call.signal
  })
  const reported: Partial<typeof report> = { ...report }
  delete reported.ended
  const error = [report.error, downstream.error].filter(Boolean).join(' ') || undefined
  record(call, target, installationId, { dispatched: true, ...fields, ...reported, ...downstream, ...(error ? { error } : {}) })
}

/**
 * Whether a run carrying the distinct_id exists. A run appears a few seconds
 * after its dispatch is accepted, so this looks three times over four seconds.
 */
async function runExists(
  call: DispatchCall,
  session: TokenSession,
  target: Target,
  event: DispatchEvent,
  distinctId: string,
  dispatchedAt: number
): Promise<boolean> {
  for (let check = 1; check <= 3; check++) {
    if (call.signal?.aborted) return false
    try {
      const found = await lookForRun(await session.client(), { target, event, distinctId, dispatchedAt })
      if (found.run) return true
    } catch {
      // Could not look: the caller decides on what it knows.
    }
    if (check < 3) await sleep(2000, call.signal)
  }
  return false
}
