/**
 * The dispatch itself, through the library: the same least-privilege token
 * (one repository, one permission, revoked), the same at-most-once rule (a
 * lost answer is "unknown", never re-sent), with the broker's cached
 * installation and JWT. The result becomes the answer the caller gets and
 * every repeat of its request gets.
 */
import type { BrokerDispatchAnswer, BrokerErrorAnswer } from '../model/broker-protocol.js'
import { DISTINCT_ID_KEY } from '../model/plan.js'
import { messageOf } from '../model/errors.js'
import { dispatch, type DispatchOptions, type TargetResult } from '../lib/index.js'
import type { HandlerLog } from '../slack/logger.js'
import type { AppAccess } from './app-access.js'
import type { CheckedBrokerConfig } from './config.js'
import type { DispatchAsk } from './request.js'
import type { StoredAnswer } from './store.js'
import { answerBase } from './answer.js'

export async function sendDispatch(
  access: AppAccess,
  checked: CheckedBrokerConfig,
  ask: DispatchAsk,
  log: HandlerLog
): Promise<StoredAnswer> {
  let installationId: number
  try {
    installationId = await access.installationOf(ask.target)
  } catch (error) {
    return refused(ask, `The broker's App cannot reach ${ask.target.fullName}: ${messageOf(error)}`, 404)
  }
  const what: Partial<DispatchOptions> =
    ask.kind === 'repository_dispatch'
      ? { eventType: ask.eventType, clientPayload: { ...ask.clientPayload, [DISTINCT_ID_KEY]: ask.distinctId } }
      : { workflow: ask.workflow, ...(ask.ref === undefined ? {} : { ref: ask.ref }), inputs: ask.inputs }
  let result: TargetResult | undefined
  try {
    ;[result] = await dispatch({
      appId: checked.appId,
      createJwt: () => access.jwt(),
      repository: [ask.target.fullName],
      installationId,
      apiUrl: checked.apiUrl,
      outputsArtifact: '',
      ...what,
      logger: { warning: line => log.warning(line) }
    })
  } catch (error) {
    return refused(ask, `The dispatch could not be made: ${messageOf(error)}`)
  }
  if (result === undefined) return refused(ask, 'The dispatch gave no result.')
  if (result.dispatched === false) {
    // The installation may have changed (uninstalled, repositories removed): look it up afresh next time.
    access.forget(ask.target)
    return refused(ask, result.error ?? 'GitHub refused the dispatch.', result.error_status, result.error_step)
  }
  const body: BrokerDispatchAnswer = {
    ...answerBase(ask, installationId),
    dispatched: result.dispatched,
    replayed: false,
    ...(result.ref === undefined ? {} : { ref: result.ref }),
    ...(result.run_id === undefined ? {} : { run_id: result.run_id }),
    ...(result.run_url === undefined ? {} : { run_url: result.run_url }),
    ...(result.dispatched === 'unknown' ? { message: result.error ?? "GitHub's answer was lost; the dispatch was not sent again." } : {})
  }
  return { status: 200, body: body as unknown as Record<string, unknown> }
}

function refused(ask: DispatchAsk, message: string, status?: number, step?: string): StoredAnswer {
  const body: BrokerErrorAnswer = {
    error: 'github-refused',
    message: `${ask.target.fullName}: ${message}`,
    ...(status ? { status } : {}),
    ...(status && step ? { step } : {})
  }
  return { status: 502, body: body as unknown as Record<string, unknown> }
}
