/**
 * The library: dispatch from any Node program (a Lambda, a bot, a script)
 * with the same validation, errors, retries, least privilege and waiting as
 * the action. No dependency on the Actions runner.
 *
 *   import { dispatch, failureMessage } from 'app-dispatch'
 *   const results = await dispatch({ appId, privateKey, repository: 'octo/deploy', eventType: 'deploy' })
 */
import { dispatchPlan } from '../core/dispatch.js'
import { LIBRARY_TERMS } from '../model/input-table.js'
import type { TargetResult } from '../model/result.js'
import { USER_AGENT } from '../util/version.js'
import { planFromOptions, type DispatchOptions } from './options.js'

export { InputError, GitHubError } from '../model/errors.js'
export { failureMessage, failed } from '../model/report.js'
export type { RunConclusion, RunStatus, TargetResult } from '../model/result.js'
export type { Logger } from '../model/logger.js'
export type { CreateJwt } from '../model/plan.js'
export type { DispatchOptions } from './options.js'
export { inertLine, inertHtml } from '../util/inert.js'

const quiet = (): void => undefined

/**
 * Sends the dispatch(es) and, with `wait`, follows the runs. Resolves with
 * one result per target (in input order) even when some failed: check
 * `failed(result)` or `failureMessage(results)`. Rejects with InputError for
 * bad options, before anything is sent.
 */
export async function dispatch(options: DispatchOptions): Promise<TargetResult[]> {
  const plan = planFromOptions(options)
  const logger = options.logger ?? {}
  return dispatchPlan(plan, {
    log: {
      debug: logger.debug ?? quiet,
      info: logger.info ?? quiet,
      notice: logger.notice ?? logger.info ?? quiet,
      warning: logger.warning ?? quiet,
      ...(logger.group ? { group: logger.group } : {})
    },
    onSecret: options.onSecret ?? quiet,
    userAgent: USER_AGENT,
    signal: options.signal,
    terms: LIBRARY_TERMS
  })
}
