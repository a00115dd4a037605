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
import pLimit from 'p-limit'
import { GitHubError } from '../model/errors.js'
import { msg } from '../model/placeholders.js'
import type { AppPlan, Plan, Target } from '../model/plan.js'
import { REPOSITORY_NOT_IN_INSTALLATION, toGitHubError, webUrlFor, type StepFailure } from '../github/advice.js'
import { githubMessageOf } from '../http/request-error.js'
import { findInstallation, lookUpInstallation } from '../github/installations.js'
import { createTransport } from '../http/client.js'
import { createAppClient } from '../auth/clients.js'
import { tokenPermissions } from '../auth/permissions.js'
import { CleanupWindow } from '../auth/cleanup-window.js'
import { TokenSession } from '../auth/token-session.js'
import { createSender } from './modes/index.js'
import type { TargetResult } from '../model/result.js'

import { chunk, groupByOwner, MAX_REPOSITORIES_PER_TOKEN } from './targets.js'
import { adviceContext, failedOutcome, type DispatchCall } from './call.js'
import { cancellationSummary, failure, failureOf, toTargetResult, type TargetOutcome } from './outcome.js'
import { dispatchAndWait } from './target-run.js'
import { realClock } from '../util/clock.js'
import type { DispatchEnvironment } from './environment.js'

export type { DispatchEnvironment } from './environment.js'

/** The core's one entry: every target of the Plan dispatched (and followed), one result each, in input order. */
export async function dispatchPlan(plan: Plan, env: DispatchEnvironment): Promise<TargetResult[]> {
  if (plan.duplicateTargets !== undefined && plan.duplicateTargets.length > 0) {
    const repeated = plan.duplicateTargets.join(', ')
    env.log.warning(
      msg`{repository} lists ${repeated} more than once (names compare case-insensitively, as on GitHub): dispatching to each once.`
    )
  }
  if (plan.broker !== undefined) {
    // Loaded only for a broker: a step that holds the App never evaluates it.
    const { dispatchThroughBroker } = await import('./brokered/dispatch.js')
    return dispatchThroughBroker(plan, env)
  }
  return dispatchWithApp(plan, env)
}

async function dispatchWithApp(plan: AppPlan, env: DispatchEnvironment): Promise<TargetResult[]> {
  const clock = env.clock ?? realClock
  const transport = createTransport({
    apiUrl: plan.apiUrl,
    userAgent: env.userAgent,
    log: env.log,
    onSecret: env.onSecret,
    signal: env.signal,
    clock,
    requestTimeoutMs: env.requestTimeoutMs
  })
  const sender = createSender(plan.mode, env.log)
  const call: DispatchCall = {
    plan,
    app: createAppClient(transport, plan.appId, plan.appKey),
    transport,
    sender,
    permissions: tokenPermissions(sender.permissions, plan.wait),
    limit: pLimit(plan.maxConcurrency),
    webUrl: webUrlFor(plan.apiUrl),
    log: env.log,
    signal: env.signal,
    clock,
    cleanup: new CleanupWindow(env.signal),
    granted: new Map(),
    delivery: new Map()
  }
  const byOwner = await Promise.all([...groupByOwner(plan.targets)].map(([owner, targets]) => dispatchToOwner(call, owner, targets)))
  if (env.signal?.aborted) reportCancellation(call)
  const outcomes = new Map(byOwner.flat().map(outcome => [outcome.target, outcome]))
  return plan.targets.map(target =>
    toTargetResult(outcomes.get(target) ?? failedOutcome(call, target, null, failure('unexpected', 'not attempted')))
  )
}

/** After a cancellation: which targets were sent, which not, which nobody can tell. */
function reportCancellation(call: DispatchCall): void {
  call.log.warning(cancellationSummary(call.plan.targets, target => call.delivery.get(target) ?? 'not-sent'))
}

async function dispatchToOwner(call: DispatchCall, owner: string, targets: Target[]): Promise<TargetOutcome[]> {
  let installationId = call.plan.installationId
  let covered = targets
  let failed: TargetOutcome[] = []
  if (installationId === undefined) {
    const found = await resolveInstallation(call, owner, targets)
    if (found.installationId === undefined) return found.failed
    installationId = found.installationId
    ;({ covered, failed } = found)
  }
  const id = installationId
  const parts = await Promise.all(chunk(covered, MAX_REPOSITORIES_PER_TOKEN).map(part => dispatchWithToken(call, owner, id, part)))
  return [...failed, ...parts.flat()]
}

/**
 * `GET /repos/{owner}/{repo}/installation` for the owner's first target. On a
 * 404 (that repository is not in the installation) the others are looked up
 * too, so each target left out fails on its own and the rest still go out.
 * The installation is undefined when no target can proceed; `failed` holds the outcomes of those that cannot.
 */
async function resolveInstallation(
  call: DispatchCall,
  owner: string,
  targets: Target[]
): Promise<{ installationId: number | undefined; covered: Target[]; failed: TargetOutcome[] }> {
  const lookup = async (target: Target): Promise<number | StepFailure> => {
    try {
      const found = await lookUpInstallation(call.app, target.owner, target.repo)
      call.granted.set(owner.toLowerCase(), found.permissions)
      return found.id
    } catch (error) {
      return toGitHubError('installation-lookup', error, adviceContext(call, owner, [target]))
    }
  }
  const [first, ...rest] = targets as [Target, ...Target[]]
  const firstResult = await lookup(first)
  const outcomes = new Map<Target, number | StepFailure>([[first, firstResult]])
  if (typeof firstResult !== 'number') {
    if (!(firstResult instanceof GitHubError) || firstResult.status !== 404) {
      // Credentials, network, rate limit, signer, cancellation: the same for every target of this owner.
      const why = failureOf(firstResult, 'the installation lookup')
      return { installationId: undefined, covered: [], failed: targets.map(target => failedOutcome(call, target, null, why)) }
    }
    const others = await Promise.all(rest.map(target => call.limit(() => lookup(target))))
    rest.forEach((target, i) => outcomes.set(target, others[i] as number | StepFailure))
  } else {
    for (const target of rest) outcomes.set(target, firstResult)
  }
  const installationId = [...outcomes.values()].find((o): o is number => typeof o === 'number')
  const covered: Target[] = []
  const failed: TargetOutcome[] = []
  for (const target of targets) {
    const outcome = outcomes.get(target)
    if (typeof outcome === 'number') covered.push(target)
    else
      failed.push(
        failedOutcome(call, target, null, outcome ? failureOf(outcome, 'the installation lookup') : failure('unexpected', 'not looked up'))
      )
  }
  if (installationId !== undefined) call.log.info(`The App's installation on ${owner} is ${installationId}.`)
  return { installationId, covered, failed }
}

async function dispatchWithToken(
  call: DispatchCall,
  owner: string,
  installationId: number,
  targets: Target[],
  narrowed = false
): Promise<TargetOutcome[]> {
  const ctx = adviceContext(call, owner, targets, installationId)
  const names = ctx.repositories.join(', ')
  const session = new TokenSession({
    app: call.app,
    transport: call.transport,
    installationId,
    repositoryNames: targets.map(t => t.repo),
    permissions: call.permissions,
    log: call.log,
    cleanup: call.cleanup,
    signal: call.signal,
    clock: call.clock
  })
  try {
    const minted = await session.start()
    const granted = Object.entries(minted.permissions)
      .map(([name, level]) => `${name}: ${level}`)
      .join(', ')
    call.log.info(`Minted a token for ${names} (${granted}), expiring ${minted.expiresAt}.`)
  } catch (error) {
    const refused = toGitHubError('token', error, ctx)
    const partial = refused instanceof GitHubError && refused.status === 422 && REPOSITORY_NOT_IN_INSTALLATION.test(githubMessageOf(error))
    if (!narrowed && targets.length > 1 && partial) {
      // Some of these repositories are not in the installation: find which, fail
      // those alone, and mint again for the rest.
      const inInstallation = await Promise.all(targets.map(target => call.limit(() => isInInstallation(call, target, installationId))))
      const kept = targets.filter((_, i) => inInstallation[i])
      const left = targets
        .filter((_, i) => !inInstallation[i])
        .map(target => {
          const alone = toGitHubError('token', error, adviceContext(call, owner, [target], installationId))
          return failedOutcome(call, target, installationId, failureOf(alone, 'the token was minted'))
        })
      if (kept.length > 0 && kept.length < targets.length)
        return [...left, ...(await dispatchWithToken(call, owner, installationId, kept, true))]
      if (kept.length === targets.length) return targets.map(target => failedOutcome(call, target, installationId, failureOf(refused, '')))
      return left
    }
    return targets.map(target => failedOutcome(call, target, installationId, failureOf(refused, 'the token was minted')))
  }

  try {
    return await Promise.all(targets.map(target => dispatchAndWait(call, session, target, installationId, ctx)))
  } finally {
    const failed = await session.revokeAll(error => toGitHubError('revoke', error, ctx).message)
    // Only what GitHub confirmed (a failure has its own warning above).
    const revoked = session.count - failed
    if (revoked > 0) call.log.info(`Revoked ${session.count > 1 ? `${revoked} of ${session.count} tokens` : 'the token'} for ${names}.`)
  }
}

async function isInInstallation(call: DispatchCall, target: Target, installationId: number): Promise<boolean> {
  try {
    return (await findInstallation(call.app, target.owner, target.repo)) === installationId
  } catch {
    return false
  }
}
