/**
 * `POST /dispatch`, in the order that keeps power where it is checked:
 *
 *   1. who is calling: the bearer is a GitHub OIDC token from a configured
 *      issuer, for this broker's audience, fresh, its jti never seen before;
 *   2. what is asked: the body, checked by the action's own parsers;
 *   3. may they: the target's policy (and the organisation's ceiling) allows
 *      this caller, this event or workflow, this payload;
 *   4. exactly once: (target, distinct_id) is claimed with the request's hash;
 *      a repeat gets the first answer, a different body 409;
 *   5. a person first, when the rule says so; else the dispatch, at most once
 *      (a lost GitHub answer is "unknown", never re-sent);
 *   6. with `wait`, a token that can only read the target's Actions data.
 *
 * Every request ends in one audit line. Anything unexpected denies.
 */
import { BROKER_DISPATCH_PATH, type BrokerDispatchAnswer } from '../model/broker-protocol.js'
import { InputError, messageOf } from '../model/errors.js'
import { parseRepository } from '../input/parsers.js'
import { handlerLog, type HandlerLog } from '../slack/logger.js'
import { answerBase, auditLine, BrokerRefusal, json, refusalResponse, type BrokerHttpRequest, type BrokerHttpResponse } from './answer.js'
import { createAppAccess, type AppAccess } from './app-access.js'
import { checkBrokerConfig, DEFAULT_CEILING_PATH, DEFAULT_POLICY_PATH, type DispatchBrokerConfig } from './config.js'
import { sendDispatch } from './send.js'
import { createOidcVerifier } from './oidc/verify.js'
import type { CallerClaims } from './oidc/claims.js'
import { evaluatePolicy, presentedClaims } from './policy/index.js'
import { createPolicySource, type PolicySource } from './policy-source.js'
import { idempotencyKey, parseAsk, payloadOf, requestHash, type DispatchAsk } from './request.js'
import { MemoryBrokerStore, newNonce, type BrokerStore, type StoredAnswer } from './store.js'
import { createApprovals, type Approvals } from './approval.js'

/** How long a request that finds its key taken, with no answer yet, waits for the first one to finish. */
const IN_FLIGHT_WAIT_MS = 20_000
const IN_FLIGHT_POLL_MS = 200

export interface BrokerCore {
  handle(request: BrokerHttpRequest): Promise<BrokerHttpResponse>
  log: HandlerLog
  store: BrokerStore
  access: AppAccess
  approvals: Approvals | undefined
}

interface Decided {
  rule: number
  wait: boolean
  approval?: { channel: string; users: string[] } | undefined
}

export function createBrokerCore(input: DispatchBrokerConfig): BrokerCore {
  const checked = checkBrokerConfig(input)
  const { config } = checked
  const log = handlerLog(config.logger)
  const nowSeconds = (): number => config.now?.() ?? Math.floor(Date.now() / 1000)
  const nowMs = (): number => (config.now ? config.now() * 1000 : Date.now())
  const store = config.store ?? new MemoryBrokerStore(nowSeconds)
  if (config.store === undefined && process.env['AWS_LAMBDA_FUNCTION_NAME'])
    log.warning(
      'The broker remembers requests in memory, which does not hold across Lambda instances: set BROKER_TABLE (a DynamoDB table).'
    )
  const verifier = createOidcVerifier({
    issuers: config.issuers ?? ['https://token.actions.githubusercontent.com'],
    audience: config.audience,
    now: nowSeconds
  })
  const access = createAppAccess({
    appId: checked.appId,
    appKey: checked.appKey,
    apiUrl: checked.apiUrl,
    log: { ...log, debug: () => undefined, notice: log.info },
    now: nowMs
  })
  const ceiling = config.ceiling && {
    target: parseRepository(config.ceiling.repository),
    path: config.ceiling.path ?? DEFAULT_CEILING_PATH
  }
  const policies: PolicySource = createPolicySource({
    access,
    path: DEFAULT_POLICY_PATH,
    ceiling,
    cacheSeconds: checked.policyCacheSeconds,
    now: nowMs
  })
  const approvals = config.slack ? createApprovals({ config: config.slack, checked, store, log, nowSeconds }) : undefined

  async function caller(request: BrokerHttpRequest): Promise<CallerClaims> {
    const header = request.headers['authorization'] ?? request.headers['Authorization']
    const value = Array.isArray(header) ? header[0] : header
    const token = /^Bearer\s+(\S+)$/i.exec(value ?? '')?.[1]
    if (token === undefined)
      throw new BrokerRefusal('unauthenticated', "No bearer token: send the calling job's GitHub OIDC token as 'Authorization: Bearer …'.")
    let claims: CallerClaims
    try {
      claims = await verifier.verify(token)
    } catch (error) {
      throw new BrokerRefusal('unauthenticated', messageOf(error))
    }
    // Each token once: a copied token cannot be replayed, even within its few minutes.
    const jti = await store.begin({ key: `jti#${claims.iss}#${claims.jti}`, hash: '', nonce: newNonce(), expiresAt: claims.exp + 120 })
    if (!jti.created)
      throw new BrokerRefusal('unauthenticated', 'This OIDC token was used before: request a fresh token for each broker request.')
    return claims
  }

  async function decide(claims: CallerClaims, ask: DispatchAsk): Promise<Decided> {
    const loaded = await policies.policyOf(ask.target)
    const presented = presentedClaims(claims as unknown as Record<string, string | undefined>)
    if ('problem' in loaded) throw new BrokerRefusal('policy-denied', `Denied: ${loaded.problem}`, { claims: presented })
    const ceilingLoaded = await policies.ceiling()
    if (ceilingLoaded !== undefined && 'problem' in ceilingLoaded)
      throw new BrokerRefusal('policy-denied', "Denied: the organisation's ceiling policy could not be used; ask the broker's operators.", {
        claims: presented
      })
    const decision = evaluatePolicy(
      loaded.value,
      claims as unknown as Record<string, string | undefined>,
      {
        repository: ask.target.fullName,
        kind: ask.kind,
        ...(ask.kind === 'repository_dispatch' ? { eventType: ask.eventType } : { workflow: ask.workflow, ref: ask.ref }),
        payload: payloadOf(ask),
        wait: ask.wait
      },
      ceilingLoaded?.value
    )
    if (!decision.allowed)
      throw new BrokerRefusal(
        'policy-denied',
        `Denied by ${DEFAULT_POLICY_PATH} of ${ask.target.fullName}: no rule allows this caller to send this (reasons below).`,
        { claims: presented, reasons: decision.reasons }
      )
    return { rule: decision.rule, wait: decision.wait, approval: decision.approval }
  }

  /** The first answer for a key already taken: stored, or awaited while the first request is still working. */
  async function firstAnswer(key: string): Promise<StoredAnswer | undefined> {
    const until = nowMs() + IN_FLIGHT_WAIT_MS
    for (;;) {
      const record = await store.read(key)
      if (record?.answer !== undefined) return record.answer
      if (Date.now() >= until && nowMs() >= until) return undefined
      await new Promise(resolve => setTimeout(resolve, IN_FLIGHT_POLL_MS))
    }
  }

  /** The answer with a fresh read token when the rule lets the caller wait and something was (or may have been) sent. */
  async function withReadToken(answer: StoredAnswer, ask: DispatchAsk, decided: Decided): Promise<StoredAnswer> {
    const body = answer.body as unknown as BrokerDispatchAnswer
    if (!(decided.wait && ask.wait) || (body.dispatched !== true && body.dispatched !== 'unknown')) return answer
    try {
      const minted = await access.mint(ask.target, { actions: 'read' })
      return {
        ...answer,
        body: {
          ...answer.body,
          read_token: {
            token: minted.token,
            expires_at: minted.expiresAt,
            repository: ask.target.fullName,
            permissions: { actions: 'read' }
          }
        }
      }
    } catch (error) {
      log.warning(`Could not mint a read token for ${ask.target.fullName}: ${messageOf(error)}`)
      return {
        ...answer,
        body: { ...answer.body, message: `Dispatched, but no read token could be minted to wait with: ${messageOf(error)}` }
      }
    }
  }

  async function dispatchOnce(
    claims: CallerClaims,
    ask: DispatchAsk,
    decided: Decided
  ): Promise<{ answer: StoredAnswer; replayed: boolean }> {
    const key = idempotencyKey(ask)
    const hash = requestHash(ask, claims)
    const expiresAt = nowSeconds() + checked.idempotencySeconds
    const begun = await store.begin({ key, hash, nonce: newNonce(), expiresAt })
    if (!begun.created) {
      if (begun.record.hash !== hash)
        throw new BrokerRefusal(
          'idempotency-conflict',
          `distinct_id ${ask.distinctId} was already used for another request to ${ask.target.fullName}: use a fresh distinct_id for each dispatch.`
        )
      const first = await firstAnswer(key)
      if (first !== undefined) return { answer: first, replayed: true }
      const body: BrokerDispatchAnswer = {
        ...answerBase(ask, null),
        dispatched: 'unknown',
        replayed: true,
        message:
          "The first request with this distinct_id is still being handled, or was interrupted; it is not sent again. Check the target's Actions runs."
      }
      return { answer: { status: 200, body: body as unknown as Record<string, unknown> }, replayed: true }
    }
    let answer: StoredAnswer
    if (decided.approval !== undefined) {
      if (approvals === undefined)
        throw new BrokerRefusal(
          'policy-denied',
          `Rule ${decided.rule} asks for an approval in Slack, and this broker has no Slack configured.`
        )
      answer = await approvals.ask(claims, ask, decided.approval, key)
    } else {
      answer = await sendDispatch(access, checked, ask, log)
    }
    await store.settle(key, answer, expiresAt)
    return { answer, replayed: false }
  }

  async function handleDispatch(request: BrokerHttpRequest, startedAt: number): Promise<BrokerHttpResponse> {
    let claims: CallerClaims | undefined
    let ask: DispatchAsk | undefined
    let rule: number | undefined
    const audit = (outcome: string, status: number, replayed = false): void =>
      log.info(auditLine({ caller: claims, ask, rule, outcome, status, replayed, startedAt, now: nowMs() }))
    try {
      claims = await caller(request)
      try {
        ask = parseAsk(request.rawBody)
      } catch (error) {
        if (error instanceof InputError) throw new BrokerRefusal('bad-request', error.message)
        throw error
      }
      const decided = await decide(claims, ask)
      rule = decided.rule
      const { answer, replayed } = await dispatchOnce(claims, ask, decided)
      const sent = await withReadToken({ ...answer, body: { ...answer.body, replayed } }, ask, decided)
      audit(outcomeOf(answer), answer.status, replayed)
      return json(sent.status, sent.body)
    } catch (error) {
      const refusal =
        error instanceof BrokerRefusal
          ? error
          : new BrokerRefusal('broker-error', 'The broker failed unexpectedly; nothing was sent. Its log has the details.')
      if (!(error instanceof BrokerRefusal)) log.warning(`The broker failed unexpectedly: ${messageOf(error)}`)
      audit(refusal.code, refusal.status)
      return refusalResponse(refusal)
    }
  }

  return {
    log,
    store,
    access,
    approvals,
    async handle(request) {
      const startedAt = nowMs()
      if (request.path !== BROKER_DISPATCH_PATH)
        return json(404, { error: 'bad-request', message: `Not found: the broker serves POST ${BROKER_DISPATCH_PATH}.` })
      if (request.method !== 'POST')
        return {
          ...json(405, { error: 'bad-request', message: `Use POST ${BROKER_DISPATCH_PATH}.` }),
          headers: { allow: 'POST', 'content-type': 'application/json; charset=utf-8' }
        }
      return handleDispatch(request, startedAt)
    }
  }
}

/** The audit's word for an answer: dispatched, unknown, pending-approval, or the refusal's code. */
function outcomeOf(answer: StoredAnswer): string {
  const { dispatched, error } = answer.body as { dispatched?: unknown; error?: unknown }
  if (dispatched === true) return 'dispatched'
  return typeof dispatched === 'string' ? dispatched : typeof error === 'string' ? error : 'unknown'
}
