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
import { renderingLogger, renderResults, termsForPlan } from '../model/placeholders.js'
import { USER_AGENT } from '../util/version.js'
import { planFromOptions, type DispatchOptions } from './options.js'

export { AppDispatchError, CancelledError, GitHubError, InputError, SignerError } from '../model/errors.js'
export type { ErrorCode, GitHubStep } from '../model/errors.js'
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
  // Messages name options as a JavaScript caller writes them (appId, waitTimeout), rendered here, at the edge.
  const terms = termsForPlan(plan, LIBRARY_TERMS)
  const results = await dispatchPlan(plan, {
    log: renderingLogger(
      {
        debug: logger.debug ?? quiet,
        info: logger.info ?? quiet,
        notice: logger.notice ?? logger.info ?? quiet,
        warning: logger.warning ?? quiet,
        ...(logger.group ? { group: logger.group } : {})
      },
      terms
    ),
    onSecret: options.onSecret ?? quiet,
    userAgent: USER_AGENT,
    signal: options.signal
  })
  return renderResults(results, terms)
}
