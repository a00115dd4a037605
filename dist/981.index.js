export const id = 981;
export const ids = [981];
export const modules = {

/***/ 6354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ runnerOidcToken)
/* harmony export */ });
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3409);
/* harmony import */ var _signers_aws_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5194);
/**
 * The job's OIDC token from the runner: a GET of ACTIONS_ID_TOKEN_REQUEST_URL
 * with `&audience=…` and ACTIONS_ID_TOKEN_REQUEST_TOKEN as a bearer answers
 * `{"value": JWT}`. Used for AWS STS (aws/credentials.ts) and for the
 * dispatch broker. Each call asks for a fresh token (a fresh `jti`: a broker
 * refuses one it has seen). Both the request token and the token go to
 * `onSecret` first.
 */


/** A fresh OIDC token of the job for `audience`; a refusal says the job needs `permissions: id-token: write`. */
async function runnerOidcToken(context, request) {
    const url = new URL(request.requestUrl);
    url.searchParams.set('audience', request.audience);
    context.onSecret(request.requestToken);
    const headers = () => ({ authorization: `Bearer ${request.requestToken}`, accept: 'application/json' });
    const answer = await (0,_signers_aws_http_js__WEBPACK_IMPORTED_MODULE_1__/* .awsRequest */ .g0)(context, url, { method: 'GET', headers, body: '' }, "the runner's OIDC token service", () => false);
    let token;
    try {
        token = JSON.parse(answer.text).value;
    }
    catch {
        // worded below
    }
    if (answer.status !== 200 || typeof token !== 'string' || token === '') {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OidcTokenError */ .HZ(`The runner did not hand out the job's OIDC token (HTTP ${answer.status}). The job needs 'permissions: id-token: write'.`);
    }
    context.onSecret(token);
    return token;
}


/***/ }),

/***/ 5194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PC: () => (/* binding */ awsEndpoint),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   g0: () => (/* binding */ awsRequest)
/* harmony export */ });
/* unused harmony export MAX_ANSWER_BYTES */
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3409);
/* harmony import */ var _util_sleep_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7783);
/* harmony import */ var _http_request_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8734);
/**
 * Where AWS is reached and how: endpoints as the AWS SDKs and CLI resolve
 * them (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true; else the service's regional
 * endpoint), and one request with a timeout, cancellation and a few retries
 * for answers that say "try again" (both calls made here only read). A
 * redirect is never followed (the AWS SDKs do not follow one either): it
 * would carry STS's body, which holds the job's OIDC token, or KMS's
 * x-amz-security-token to the host it names. Answers are read up to 1 MiB.
 */



/** The endpoint of `service` ('kms', 'sts') in `region`. */
function awsEndpoint(service, region, env) {
    const variable = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
    if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() !== 'true') {
        for (const name of [variable, 'AWS_ENDPOINT_URL']) {
            const value = env[name];
            if (!value)
                continue;
            try {
                const url = new URL(value);
                if (url.protocol === 'https:' || url.protocol === 'http:')
                    return url;
            }
            catch {
                // worded below
            }
            throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SignerError */ .nw(`${name} '${value}' is not an http(s) URL; set it to the endpoint's URL or unset it.`);
        }
    }
    return new URL(`https://${service}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`);
}
/** An answer of AWS or the runner's token service is a few KB: a bigger one is refused, unread. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** A failure that no retry mends, said in words naming `what` and where. */
class Refused extends Error {
}
/** The body as text, or a Refused when it holds more than MAX_ANSWER_BYTES (it is not read further). */
async function readCapped(response, what, origin) {
    const refuse = () => new Refused(`${what} at ${origin} answered with more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, which was refused unread ` +
        '(its answers are a few KB). Check that the endpoint is the one you meant.');
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > MAX_ANSWER_BYTES) {
        await response.body?.cancel().catch(() => undefined);
        throw refuse();
    }
    if (response.body === null)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > MAX_ANSWER_BYTES) {
            await reader.cancel().catch(() => undefined);
            throw refuse();
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** fetch's failure for a redirect under `redirect: 'error'` (undici's words; node-fetch.ts says the same). */
function isRedirectRefusal(error) {
    return [...(0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .causeChain */ .DD)(error)].some(({ message }) => typeof message === 'string' && message.startsWith('unexpected redirect'));
}
const ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 300;
const TIMEOUT_MS = 15_000;
/**
 * Sends one request; a network failure, a 5xx or an answer `retryable` calls
 * transient is tried again (at most 3 attempts). A network failure after the
 * last attempt is thrown in words naming `what` and the URL.
 */
async function awsRequest(context, url, init, what, retryable) {
    const fetch = context.fetchFor(url.href);
    const wait = context.sleep ?? _util_sleep_js__WEBPACK_IMPORTED_MODULE_2__/* .sleep */ .y;
    for (let attempt = 1;; attempt++) {
        if (context.signal?.aborted)
            throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc(false);
        const timeout = AbortSignal.timeout(TIMEOUT_MS);
        const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
        let answer;
        let failure;
        try {
            // Headers are signed per attempt: the signature carries the time.
            // No body rather than an empty one: undici's fetch (the proxy path) refuses any body on a GET.
            const body = init.body === '' ? undefined : init.body;
            const response = await fetch(url, { method: init.method, headers: init.headers(), body, signal, redirect: 'error' });
            answer = { status: response.status, text: await readCapped(response, what, url.origin) };
        }
        catch (error) {
            if (context.signal?.aborted)
                throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc(true);
            if (error instanceof Refused)
                throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SignerError */ .nw(error.message);
            if (isRedirectRefusal(error)) {
                throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SignerError */ .nw(`${what} at ${url.origin} answered with a redirect, which was not followed: it never redirects, and following it ` +
                    'would carry the request and its credentials to another host. Check that the endpoint is the one you meant ' +
                    '(AWS_ENDPOINT_URL_*, AWS_ENDPOINT_URL, or a proxy in between).');
            }
            failure = (0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .gl)((0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .networkErrorText */ .Mi)(error));
        }
        const transient = answer === undefined || answer.status >= 500 || retryable(answer);
        if (!transient || attempt >= ATTEMPTS) {
            if (answer)
                return answer;
            throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SignerError */ .nw(`Could not reach ${what} at ${url.origin} (${failure ?? 'no answer'}) after ${attempt} attempts.`);
        }
        context.log.debug(`${what}: ${answer ? `HTTP ${answer.status}` : failure}; trying again (attempt ${attempt + 1}).`);
        await wait(FIRST_BACKOFF_MS * 2 ** (attempt - 1), context.signal);
    }
}
/** Text from AWS in one bounded line (it is shown in logs and messages). */
function oneLine(text, max = 300) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}


/***/ }),

/***/ 8981:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dispatchThroughBroker: () => (/* binding */ dispatchThroughBroker)
});

// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/model/placeholders.ts
var placeholders = __webpack_require__(891);
// EXTERNAL MODULE: ./src/github/advice.ts
var advice = __webpack_require__(8831);
// EXTERNAL MODULE: ./src/auth/cleanup-window.ts
var cleanup_window = __webpack_require__(6351);
// EXTERNAL MODULE: ./src/http/client.ts + 1 modules
var http_client = __webpack_require__(8744);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(7110);
// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
// EXTERNAL MODULE: ./src/core/wait/correlation.ts
var correlation = __webpack_require__(2097);
;// CONCATENATED MODULE: ./src/model/broker-protocol.ts
/**
 * The dispatch broker's wire contract, shared by the broker (src/broker/) and
 * the step that calls it (the action, the CLI, the library with `brokerUrl`).
 * Types and constants only.
 *
 *   POST {broker-url}/dispatch
 *   Authorization: Bearer <the calling job's GitHub OIDC token, aud = the broker's audience>
 *   Content-Type: application/json
 *   body: BrokerRequest
 *
 * Answers are JSON: 200 BrokerDispatchAnswer (dispatched true or "unknown"),
 * 202 BrokerDispatchAnswer with dispatched "pending-approval", otherwise a
 * BrokerErrorAnswer with the status of BROKER_ERROR_STATUS.
 *
 * Idempotency: (repository, distinct_id) is claimed once with the hash of the
 * body. The same body again gets the first answer and sends nothing; a
 * different body under the same key gets 409. A step may therefore re-send a
 * request whose answer it lost, with a fresh OIDC token.
 */
const BROKER_DISPATCH_PATH = '/dispatch';
/** A distinct_id the broker accepts: it ends up in a run name and a claim key. */
const BROKER_DISTINCT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const BROKER_ERROR_STATUS = {
    'bad-request': 400,
    unauthenticated: 401,
    'policy-denied': 403,
    'idempotency-conflict': 409,
    'approval-rejected': 403,
    'github-refused': 502,
    'broker-error': 500
};

// EXTERNAL MODULE: ./src/http/request-error.ts
var request_error = __webpack_require__(8734);
// EXTERNAL MODULE: ./src/auth/runner-oidc.ts
var runner_oidc = __webpack_require__(6354);
// EXTERNAL MODULE: ./src/auth/signers/aws/http.ts
var http = __webpack_require__(5194);
;// CONCATENATED MODULE: ./src/core/brokered/broker-request.ts
/**
 * One request to the dispatch broker (model/broker-protocol.ts) and what its
 * answer means. Every POST carries a fresh OIDC token of the job (the broker
 * refuses a `jti` it has seen). An answer that was lost (no answer, a reset,
 * a timeout, a 5xx that is not a broker answer) is sent again with the SAME
 * body: the broker keys it by (repository, distinct_id) and gives the first
 * answer back without dispatching twice. After the last attempt the outcome
 * is unknown. Hand-written over fetch: it is one POST with a JSON answer.
 */






/** Sends of one body in all (the first and two more after a lost answer). */
const BROKER_ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 1_000;
/** A broker answer is a few hundred bytes; anything far larger is not one. */
const MAX_ANSWER_CHARS = 256 * 1024;
/** The request body as text, the payload byte for byte as the user wrote it; the same text is sent on every attempt. */
function requestBody(mode, target, distinctId, wait) {
    const head = `{"repository":${JSON.stringify(target.fullName)},"distinct_id":${JSON.stringify(distinctId)}`;
    const tail = wait ? ',"wait":true}' : '}';
    if (mode.kind === 'repository_dispatch') {
        return `${head},"event_type":${JSON.stringify(mode.eventType)},"client_payload":${mode.clientPayloadJson.trim()}${tail}`;
    }
    const ref = mode.ref === undefined ? '' : `,"ref":${JSON.stringify(mode.ref)}`;
    return `${head},"workflow":${JSON.stringify(mode.workflow)}${ref},"inputs":${JSON.stringify(mode.inputs)}${tail}`;
}
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
function isDispatchAnswer(value) {
    if (!isObject(value))
        return false;
    const token = value['read_token'];
    return ((value['dispatched'] === true || value['dispatched'] === 'unknown' || value['dispatched'] === 'pending-approval') &&
        typeof value['repository'] === 'string' &&
        typeof value['distinct_id'] === 'string' &&
        (value['installation_id'] === null || typeof value['installation_id'] === 'number') &&
        (value['run_id'] === undefined || value['run_id'] === null || typeof value['run_id'] === 'number') &&
        (value['run_url'] === undefined || value['run_url'] === null || typeof value['run_url'] === 'string') &&
        (token === undefined || (isObject(token) && typeof token['token'] === 'string' && token['token'] !== '')));
}
function isErrorAnswer(value) {
    return isObject(value) && typeof value['error'] === 'string' && typeof value['message'] === 'string';
}
/** What the broker said, for people: one bounded line (the adapters make it inert where they print it). */
function brokerText(text) {
    // eslint-disable-next-line no-control-regex -- outside text: control characters never reach a message
    return (0,http/* oneLine */.TN)(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '), 500);
}
/** At most this many of a denial's reasons are shown (one per rule of the target's policy). */
const MAX_REASONS = 10;
/**
 * A policy denial's claims and reasons, as the broker sent them: without them
 * "no rule allows this caller" would leave the caller guessing what to change.
 */
function denialDetails(answer) {
    const claims = isObject(answer.claims) ? Object.entries(answer.claims).filter(([, value]) => typeof value === 'string') : [];
    const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter(reason => typeof reason === 'string') : [];
    let text = '';
    if (claims.length > 0)
        text += ` Claims presented: ${brokerText(claims.map(([name, value]) => `${name}=${String(value)}`).join(', '))}.`;
    if (reasons.length > 0) {
        const shown = reasons.slice(0, MAX_REASONS).map(reason => brokerText(reason));
        const more = reasons.length > MAX_REASONS ? `; and ${reasons.length - MAX_REASONS} more` : '';
        text += ` Why no rule matched: ${shown.join('; ')}${more}.`;
    }
    return text;
}
/** One POST with a fresh OIDC token. Throws when no token could be had (nothing was sent) or on cancellation. */
async function postOnce(ctx, body) {
    let token;
    try {
        token = await (0,runner_oidc/* runnerOidcToken */.p)(ctx.oidc, { ...ctx.broker.oidc, audience: ctx.broker.audience });
    }
    catch (error) {
        // Cancelled while the runner's token service had the request: nothing of this attempt reached the broker.
        if (error instanceof errors/* CancelledError */.cc)
            throw new errors/* CancelledError */.cc(false);
        throw error;
    }
    if (ctx.signal?.aborted)
        throw new errors/* CancelledError */.cc(false);
    let status;
    let text;
    try {
        const response = await ctx.transport.fetch(`${ctx.broker.url}${BROKER_DISPATCH_PATH}`, {
            method: 'POST',
            headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                accept: 'application/json',
                'user-agent': ctx.transport.settings.userAgent
            },
            body,
            ...(ctx.signal ? { signal: ctx.signal } : {})
        });
        status = response.status;
        text = await response.text();
    }
    catch (error) {
        if (ctx.signal?.aborted)
            throw new errors/* CancelledError */.cc(true);
        return { kind: 'lost', reason: (0,request_error/* describeNetworkError */.gl)((0,request_error/* networkErrorText */.Mi)(error)), attempts: 1 };
    }
    let json;
    try {
        json = text.length <= MAX_ANSWER_CHARS ? JSON.parse(text) : undefined;
    }
    catch {
        // not a broker answer: judged by the status below
    }
    if ((status === 200 || status === 202) && isDispatchAnswer(json))
        return { kind: 'answer', answer: json };
    if (isErrorAnswer(json) && status >= 400) {
        return {
            kind: 'refused',
            status,
            message: `the broker refused it (${json.error}): ${brokerText(json.message)}${denialDetails(json)}`,
            refusal: json
        };
    }
    if (status >= 500)
        return { kind: 'lost', reason: `the broker answered HTTP ${status} without a broker answer`, attempts: 1 };
    return {
        kind: 'refused',
        status,
        message: (0,placeholders/* msg */.ab) `${new URL(ctx.broker.url).origin} answered HTTP ${status}, which is not a broker answer. Is {broker-url} the dispatch broker's URL?`
    };
}
/**
 * Sends `body` until an answer comes back, at most BROKER_ATTEMPTS times,
 * waiting 1 s, then 2 s; each attempt with its own OIDC token. Cancelled
 * after an answer was lost, it throws CancelledError(true): that request may
 * have arrived, so whether it was dispatched is unknown.
 */
async function postToBroker(ctx, target, body) {
    for (let attempt = 1;; attempt++) {
        let reply;
        try {
            reply = await postOnce(ctx, body);
        }
        catch (error) {
            // After a lost answer, an earlier attempt may have arrived: cancelled now, the outcome is unknown.
            if (error instanceof errors/* CancelledError */.cc && attempt > 1)
                throw new errors/* CancelledError */.cc(true);
            throw error;
        }
        if (reply.kind !== 'lost')
            return reply;
        if (attempt >= BROKER_ATTEMPTS)
            return { ...reply, attempts: attempt };
        const delay = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
        ctx.log.info(`${target.fullName}: the broker's answer was lost (${reply.reason}); sending the same request again in ${delay / 1000} s ` +
            `(attempt ${attempt + 1}; the broker dispatches it at most once).`);
        await ctx.clock.sleep(delay, ctx.signal);
        if (ctx.signal?.aborted)
            throw new errors/* CancelledError */.cc(true);
    }
}

// EXTERNAL MODULE: ./src/github/installations.ts
var installations = __webpack_require__(9746);
// EXTERNAL MODULE: ./src/core/wait/follow.ts + 3 modules
var follow = __webpack_require__(4393);
;// CONCATENATED MODULE: ./src/core/brokered/follow.ts





/** The run's fields, outputs and failure details, as the wait without a broker reports them; and why it failed. */
async function followWithReadToken(request) {
    const { ctx, target, wait, answer, readToken } = request;
    ctx.transport.registerSecret(readToken.token);
    const client = (0,http_client/* createTokenClient */.Tf)(ctx.transport, readToken.token);
    try {
        if (typeof readToken.repository === 'string' && readToken.repository.toLowerCase() !== target.fullName.toLowerCase()) {
            return {
                fields: {},
                failures: [
                    (0,outcome/* failure */.V2)('broker-answer', `The broker's read token is for ${readToken.repository}, not ${target.fullName}: the run was not followed.`)
                ]
            };
        }
        const report = await (0,follow/* waitForRun */.C)({
            client: () => Promise.resolve(client),
            target,
            event: request.event,
            distinctId: answer.distinct_id,
            runId: typeof answer.run_id === 'number' ? answer.run_id : undefined,
            dispatchedAt: request.dispatchedAt,
            deadline: request.dispatchedAt + wait.timeoutSeconds * 1000,
            pollIntervalMs: wait.pollIntervalSeconds * 1000,
            jobs: wait.jobs,
            log: ctx.log,
            signal: ctx.signal,
            clock: ctx.clock
        });
        // Loaded when first needed, as without a broker.
        const { followUp } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(444)]).then(__webpack_require__.bind(__webpack_require__, 7444));
        const downstream = await followUp({
            client: () => Promise.resolve(client),
            fetch: ctx.transport.fetch,
            target,
            report,
            wait,
            log: ctx.log,
            signal: ctx.signal
        });
        const { failure: waitFailure, ...reported } = (0,follow/* runFields */.F)(report);
        const { failure: downstreamFailure, ...followed } = downstream;
        return {
            fields: { ...reported, ...followed },
            failures: [waitFailure, downstreamFailure].filter((f) => f !== undefined)
        };
    }
    finally {
        await revokeReadToken(request, client);
    }
}
async function revokeReadToken(request, client) {
    const { ctx, target, readToken } = request;
    try {
        await (0,installations/* revokeToken */.w$)(client, request.cleanup.signal('revoke'));
        ctx.log.info(`Revoked the broker's read token for ${target.fullName}.`);
    }
    catch (error) {
        ctx.log.warning((0,installations/* unrevokedTokenWarning */.nY)([target.fullName], (0,errors/* messageOf */.bD)(error), Date.parse(readToken.expires_at)));
    }
}

// EXTERNAL MODULE: ./src/core/wait/poll.ts
var poll = __webpack_require__(6992);
;// CONCATENATED MODULE: ./src/core/brokered/approval.ts
/**
 * A person decides first, where the target's policy asks for approval: the
 * broker posted the request to Slack and answered "pending-approval". Without
 * wait that answer is the outcome. With wait, the same request is sent again
 * every poll-interval (the broker answers a repeat without dispatching again)
 * until the answer is no longer pending, wait-timeout passes, or the step is
 * cancelled. Once the broker holds the request, a cancelled step does not take
 * it back: it still runs if it is approved, and the outcome says so.
 */





async function awaitApproval(ctx, options) {
    const { name, first, wait, sentAt } = options;
    const raw = first.answer.approval?.message_url;
    const link = raw ? `: ${brokerText(raw)}` : '';
    ctx.log.info(`${name}: the broker asked for approval first${link}.`);
    if (wait === undefined)
        return { kind: 'reply', reply: first };
    // Once the broker holds the request, only a decision changes that: anything else leaves it pending there.
    const stillPending = (code, why) => ({
        kind: 'still-pending',
        failure: (0,outcome/* failure */.V2)(code, `${why}; the broker holds the request, and dispatches it if it is (or was) approved before it expires${link}.`)
    });
    const deadline = sentAt + wait.timeoutSeconds * 1000;
    let reply = first;
    while (reply.kind === 'answer' && reply.answer.dispatched === 'pending-approval' && reply.answer.approval?.decision !== 'rejected') {
        if (ctx.clock.now() >= deadline) {
            const waited = (0,poll/* formatDuration */.a)(ctx.clock.now() - sentAt);
            return {
                kind: 'still-pending',
                failure: (0,outcome/* failure */.V2)('approval-pending', (0,placeholders/* msg */.ab) `Still waiting for approval after ${waited} ({wait-timeout}); nothing has been dispatched yet. If it is approved later, it is dispatched then.`)
            };
        }
        await ctx.clock.sleep(Math.min(wait.pollIntervalSeconds * 1000, deadline - ctx.clock.now()), ctx.signal);
        if (ctx.signal?.aborted)
            return stillPending('cancelled', 'The step was cancelled while waiting for approval');
        try {
            reply = await options.resend();
        }
        catch (error) {
            // Asking again changes nothing at the broker: cancelled or failed on the way, the request is still held.
            if (error instanceof errors/* CancelledError */.cc)
                return stillPending('cancelled', 'The step was cancelled while waiting for approval');
            return stillPending('approval-pending', `Could not ask the broker about the approval again (${(0,errors/* messageOf */.bD)(error)})`);
        }
        // A refusal that carries the approval is the decision (rejected, or approved and then refused by GitHub).
        if (reply.kind === 'refused' && reply.refusal?.approval === undefined)
            return stillPending('approval-pending', `Could not ask the broker about the approval again (${reply.message})`);
        if (reply.kind === 'lost')
            return stillPending('approval-pending', `Could not ask the broker about the approval again (its answer was lost: ${reply.reason})`);
    }
    return { kind: 'reply', reply };
}

;// CONCATENATED MODULE: ./src/core/brokered/dispatch.ts
/**
 * The core through a dispatch broker (model/broker-protocol.ts): the step
 * holds no key, only its job's OIDC token. One POST per target (at most
 * max-concurrency in flight), each with its own distinct_id; a lost answer is
 * sent again with the same body (the broker dispatches once per distinct_id);
 * a request waiting for a person's approval is asked about again every
 * poll-interval when waiting; with wait, the run is followed with the read
 * token the broker hands back (follow.ts). Results look as without a broker.
 */












async function dispatchThroughBroker(plan, env) {
    const clock = env.clock ?? util_clock/* realClock */.d;
    const transport = (0,http_client/* createTransport */.oO)({
        apiUrl: plan.apiUrl,
        userAgent: env.userAgent,
        log: env.log,
        onSecret: env.onSecret,
        signal: env.signal,
        clock,
        requestTimeoutMs: env.requestTimeoutMs
    });
    const ctx = {
        broker: plan.broker,
        transport,
        oidc: {
            onSecret: transport.registerSecret,
            log: env.log,
            signal: env.signal,
            sleep: clock.sleep,
            now: clock.now,
            fetchFor: () => transport.fetch
        },
        log: env.log,
        signal: env.signal,
        clock
    };
    const call = {
        plan,
        ctx,
        limit: (0,p_limit/* default */.A)(plan.maxConcurrency),
        cleanup: new cleanup_window/* CleanupWindow */.zC(env.signal),
        webUrl: (0,advice.webUrlFor)(plan.apiUrl)
    };
    env.log.info(`Dispatching through the broker at ${plan.broker.url} (OIDC audience ${plan.broker.audience}).`);
    const outcomes = await Promise.all(plan.targets.map(target => brokerTarget(call, target)));
    if (env.signal?.aborted) {
        const delivery = new Map(outcomes.map(o => [o.target, cancelledAs(o.dispatched)]));
        env.log.warning((0,outcome/* cancellationSummary */.k_)(plan.targets, target => delivery.get(target) ?? 'not-sent'));
    }
    return outcomes.map(outcome/* toTargetResult */.sB);
}
/** A target's `dispatched` as the cancellation line groups it: a request the broker holds for a person may still run. */
function cancelledAs(dispatched) {
    switch (dispatched) {
        case true:
            return 'sent';
        case false:
            return 'not-sent';
        case 'unknown':
            return 'unknown';
        case 'pending-approval':
            return 'pending-approval';
    }
}
/** A target's outcome: nothing dispatched unless `more` says so; every target's result names the workflow. */
function dispatch_outcome(plan, target, more = {}) {
    const { mode } = plan;
    return {
        target,
        installationId: more.installationId ?? null,
        event: mode.kind === 'workflow_dispatch' ? 'workflow_dispatch' : mode.eventType,
        dispatched: more.dispatched ?? false,
        fields: { ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow } : {}), ...more.fields },
        failures: more.failures ?? []
    };
}
async function brokerTarget(call, target) {
    const { plan, ctx } = call;
    const distinctId = (0,correlation/* newDistinctId */.kF)();
    const body = requestBody(plan.mode, target, distinctId, plan.wait !== undefined);
    const sentAt = ctx.clock.now();
    let decided;
    try {
        const reply = await send(call, target, body);
        decided =
            reply.kind === 'answer' && reply.answer.dispatched === 'pending-approval'
                ? await awaitApproval(ctx, { name: target.fullName, first: reply, wait: plan.wait, sentAt, resend: () => send(call, target, body) })
                : { kind: 'reply', reply };
    }
    catch (error) {
        const inFlight = error instanceof errors/* CancelledError */.cc && error.inFlight;
        return dispatch_outcome(plan, target, {
            failures: [(0,outcome/* failureOf */.g5)(error, 'the request to the broker')],
            ...(inFlight ? { dispatched: 'unknown' } : {})
        });
    }
    if (decided.kind === 'still-pending')
        return dispatch_outcome(plan, target, { dispatched: 'pending-approval', failures: [decided.failure] });
    const { reply } = decided;
    if (reply.kind === 'lost') {
        return dispatch_outcome(plan, target, {
            dispatched: 'unknown',
            failures: [
                (0,outcome/* failure */.V2)('delivery-unknown', `The broker may have dispatched it: its answer was lost ${reply.attempts} times (${reply.reason}). ` +
                    `Check ${call.webUrl}/${target.fullName}/actions before running this again.`)
            ]
        });
    }
    if (reply.kind === 'refused')
        return dispatch_outcome(plan, target, { failures: [refusalFailure(reply.message, reply.refusal)] });
    return answered(call, target, { distinctId, at: sentAt }, reply.answer);
}
/** One request within the concurrency limit (nothing is sent after a cancellation). */
function send(call, target, body) {
    return call.limit(() => {
        if (call.ctx.signal?.aborted)
            throw new errors/* CancelledError */.cc(false);
        return postToBroker(call.ctx, target, body);
    });
}
/** An answer the broker gave: dispatched, unknown, or (still) waiting for a person. */
async function answered(call, target, sent, answer) {
    const { distinctId } = sent;
    const { ctx, plan } = call;
    if (answer.repository.toLowerCase() !== target.fullName.toLowerCase() || answer.distinct_id !== distinctId) {
        const other = `${brokerText(answer.repository)}, distinct_id ${brokerText(answer.distinct_id)}`;
        return dispatch_outcome(plan, target, {
            failures: [(0,outcome/* failure */.V2)('broker-answer', `The broker answered for another request (${other}), not this one to ${target.fullName}.`)]
        });
    }
    const installationId = answer.installation_id;
    const fields = {
        ...(plan.mode.kind === 'workflow_dispatch' && typeof answer.ref === 'string' ? { ref: answer.ref } : {}),
        ...(typeof answer.run_id === 'number' ? { run_id: answer.run_id } : {}),
        ...(typeof answer.run_url === 'string' ? { run_url: answer.run_url } : {})
    };
    if (answer.dispatched === 'pending-approval') {
        if (answer.approval?.decision === 'rejected') {
            const by = answer.approval.decided_by ? ` by ${brokerText(answer.approval.decided_by)}` : '';
            return dispatch_outcome(plan, target, {
                installationId,
                fields,
                failures: [(0,outcome/* failure */.V2)('approval-refused', `The request was rejected${by}; nothing was dispatched.`)]
            });
        }
        return dispatch_outcome(plan, target, { installationId, fields, dispatched: 'pending-approval' });
    }
    if (answer.dispatched === 'unknown') {
        const why = answer.message ? ` (${brokerText(answer.message)})` : '';
        return dispatch_outcome(plan, target, {
            installationId,
            fields,
            dispatched: 'unknown',
            failures: [
                (0,outcome/* failure */.V2)('delivery-unknown', `GitHub may have started it: the broker lost GitHub's answer${why} and did not send it again. Check ${call.webUrl}/${target.fullName}/actions before running this again.`)
            ]
        });
    }
    const what = plan.mode.kind === 'workflow_dispatch' ? `workflow ${plan.mode.workflow}` : `'${plan.mode.eventType}'`;
    const replayed = answer.replayed ? ' (the broker repeated its first answer: it was sent once)' : '';
    ctx.log.info(`Dispatched ${what} to ${target.fullName} through the broker${fields.run_url ? `: ${fields.run_url}` : ''}${replayed}.`);
    const dispatched = { installationId, fields, dispatched: true };
    if (plan.wait === undefined)
        return dispatch_outcome(plan, target, dispatched);
    if (answer.read_token === undefined) {
        return dispatch_outcome(plan, target, {
            ...dispatched,
            failures: [
                (0,outcome/* failure */.V2)('wait-not-allowed', `Dispatched, but the broker gave no token to wait with: the rule of ${target.fullName}'s policy that allowed it does not allow waiting (wait: true). ` +
                    (0,placeholders/* msg */.ab) `Ask its owners to allow waiting, or turn {wait} off.`)
            ]
        });
    }
    const followed = await followWithReadToken({
        ctx,
        cleanup: call.cleanup,
        target,
        event: plan.mode.kind,
        wait: plan.wait,
        answer,
        readToken: answer.read_token,
        dispatchedAt: sent.at
    });
    return dispatch_outcome(plan, target, { ...dispatched, fields: { ...fields, ...followed.fields }, failures: followed.failures });
}
/**
 * A broker's refusal as a result's failure: GitHub's own refusal, relayed with
 * its status, reads as it does without a broker (github-refused, error_status,
 * error_step), so one filter serves both; anything else is the broker's.
 */
function refusalFailure(message, refusal) {
    const status = refusal?.status;
    if (refusal?.error === 'approval-rejected')
        return (0,outcome/* failure */.V2)('approval-refused', message);
    if (refusal?.error !== 'github-refused' || typeof status !== 'number' || !Number.isInteger(status))
        return (0,outcome/* failure */.V2)('broker-refused', message);
    const step = errors/* GITHUB_STEPS */.y9.find(known => known === refusal.step) ?? 'dispatch';
    return (0,outcome/* failure */.V2)('github-refused', message, { status, step });
}


/***/ })

};
