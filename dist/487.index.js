export const id = 487;
export const ids = [487,831];
export const modules = {

/***/ 6351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   zC: () => (/* binding */ CleanupWindow)
/* harmony export */ });
/* unused harmony exports CANCEL_RUNS_BY_MS, MINT_BY_MS, REVOKE_BY_MS */
/**
 * The time a cancelled step has to clean up, as one deadline. The runner
 * sends SIGINT, SIGTERM 7.5 s later and SIGKILL 2.5 s after that, so
 * everything must be done within 10 s of the first signal: cancelling the
 * downstream runs first (it needs the tokens), a token request already in
 * flight (so its token can be revoked), then the revocations, across owners
 * in parallel.
 *
 * Its deadlines stay on real time (not the call's Clock): they bound real
 * requests that may hang, and a test's virtual clock, which wakes sleepers at
 * once, would fire them before the request could answer.
 */
/** After the cancellation: asking GitHub to cancel runs gives up by then. */
const CANCEL_RUNS_BY_MS = 5_000;
/** A token request in flight when the step was cancelled gives up by then (its token still has to be revoked). */
const MINT_BY_MS = 6_000;
/** Revocations give up by then, a second before the runner's SIGKILL. */
const REVOKE_BY_MS = 9_000;
const PHASE_END = { 'cancel-runs': CANCEL_RUNS_BY_MS, mint: MINT_BY_MS, revoke: REVOKE_BY_MS };
class CleanupWindow {
    cancelled;
    phases = new Map();
    timers = [];
    constructor(cancelled) {
        this.cancelled = cancelled;
        if (cancelled === undefined)
            return;
        if (cancelled.aborted)
            this.start();
        else
            cancelled.addEventListener('abort', () => this.start(), { once: true });
    }
    /**
     * A signal for a request that must go on after the step is cancelled: it
     * never fires while the step runs, and fires the phase's time after the
     * cancellation (at once if that time has passed).
     */
    signal(phase) {
        if (this.cancelled === undefined)
            return undefined;
        let controller = this.phases.get(phase);
        if (controller === undefined) {
            controller = new AbortController();
            this.phases.set(phase, controller);
            if (this.startedAt !== undefined)
                this.schedule(phase, controller);
        }
        return controller.signal;
    }
    startedAt;
    start() {
        this.startedAt = Date.now();
        for (const [phase, controller] of this.phases)
            this.schedule(phase, controller);
    }
    schedule(phase, controller) {
        const left = (this.startedAt ?? Date.now()) + PHASE_END[phase] - Date.now();
        const reason = Object.assign(new Error(`the step was cancelled ${PHASE_END[phase] / 1000} s ago; no time left`), {
            name: 'TimeoutError'
        });
        if (left <= 0)
            return controller.abort(reason);
        // unref: a pending deadline must not keep the process alive once the work is done.
        this.timers.push(setTimeout(() => controller.abort(reason), left).unref());
    }
}


/***/ }),

/***/ 3487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dispatchPlan: () => (/* binding */ dispatchPlan)
});

// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/model/placeholders.ts
var placeholders = __webpack_require__(891);
// EXTERNAL MODULE: ./src/github/advice.ts
var advice = __webpack_require__(8831);
// EXTERNAL MODULE: ./src/http/request-error.ts
var request_error = __webpack_require__(8734);
// EXTERNAL MODULE: ./src/github/installations.ts
var installations = __webpack_require__(9746);
// EXTERNAL MODULE: ./src/http/client.ts + 1 modules
var client = __webpack_require__(8744);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 7 modules
var dist_src = __webpack_require__(3070);
// EXTERNAL MODULE: ./node_modules/@octokit/auth-app/dist-node/index.js + 9 modules
var dist_node = __webpack_require__(6479);
// EXTERNAL MODULE: ./src/http/retry-policy.ts
var retry_policy = __webpack_require__(7593);
;// CONCATENATED MODULE: ./src/auth/app-jwt.ts



/** GitHub's rules: `iat` backdated 60 s for clock drift, `exp` at most 10 minutes after `iat`. */
const BACKDATE_SECONDS = 60;
const LIFETIME_SECONDS = 600;
/** A cached JWT is not handed out with less than this left. */
const JWT_REUSE_MARGIN_MS = 60_000;
const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A createJwt that builds the claims and has `sign` sign them. */
function jwtFromSigner(sign, nowMs = Date.now) {
    return async (appId, timeDifference = 0) => {
        const iat = Math.floor(nowMs() / 1000) + timeDifference - BACKDATE_SECONDS;
        const exp = iat + LIFETIME_SECONDS;
        // A numeric App ID goes out as a number, as GitHub's examples send it; a Client ID as text.
        const iss = typeof appId === 'string' && /^\d+$/.test(appId) ? Number(appId) : appId;
        const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({ iat, exp, iss })}`;
        const signature = await sign(Buffer.from(signingInput));
        // expiresAt on this machine's clock (the claims are on GitHub's).
        return { jwt: `${signingInput}.${signature.toString('base64url')}`, expiresAt: new Date((exp - timeDifference) * 1000).toISOString() };
    };
}
/**
 * One JWT per App and clock correction, shared by concurrent requests and
 * reused until JWT_REUSE_MARGIN_MS before it expires. A failure is not
 * cached: the next request asks again.
 */
function cachedJwt(create, nowMs = Date.now) {
    const cache = new Map();
    return (appId, timeDifference) => {
        const key = `${appId}\n${timeDifference ?? 0}`;
        const hit = cache.get(key);
        if (hit && (hit.expiresAt === undefined || hit.expiresAt - nowMs() > JWT_REUSE_MARGIN_MS))
            return hit.pending;
        const entry = { pending: create(appId, timeDifference) };
        cache.set(key, entry);
        entry.pending.then(result => (entry.expiresAt = Date.parse(result.expiresAt) || 0), () => cache.get(key) === entry && cache.delete(key));
        return entry.pending;
    };
}
/** The caller's createJwt, its answer checked and its failure worded (never retried as a network error). */
function checkedCreateJwt(createJwt, onSecret) {
    return async (appId, timeDifference) => {
        let answer;
        try {
            answer = await createJwt(appId, timeDifference);
        }
        catch (error) {
            if (error instanceof errors/* AppDispatchError */.oV)
                throw error;
            throw new errors/* SignerError */.nw(`createJwt failed: ${(0,errors/* messageOf */.bD)(error)}`);
        }
        const { jwt, expiresAt } = (answer ?? {});
        if (typeof jwt !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt) || typeof expiresAt !== 'string' || isNaN(Date.parse(expiresAt))) {
            throw new errors/* SignerError */.nw('createJwt must resolve to { jwt, expiresAt }: a signed RS256 JWT and an ISO 8601 time.');
        }
        onSecret(jwt);
        return { jwt, expiresAt };
    };
}
/** createJwt for an App key that is not in this process. */
function createJwtFor(appKey, context) {
    const now = context.now ?? Date.now;
    if (appKey.kind === 'create-jwt')
        return cachedJwt(checkedCreateJwt(appKey.createJwt, context.onSecret), now);
    let signer;
    const sign = async (signingInput) => {
        signer ??= __webpack_require__.e(/* import() */ 137).then(__webpack_require__.bind(__webpack_require__, 137)).then(kms => kms.kmsSigner(appKey, context));
        try {
            return await (await signer)(signingInput);
        }
        catch (error) {
            // Anything unforeseen is still final and in words, never retried as a network failure.
            if (error instanceof errors/* AppDispatchError */.oV)
                throw error;
            throw new errors/* SignerError */.nw(`Signing the App's JWT with ${describeSigner(appKey)} failed: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    };
    return cachedJwt(jwtFromSigner(sign, now), now);
}
/** The signer in words, for messages: "AWS KMS key alias/x in eu-west-1" or "createJwt". */
function describeSigner(appKey) {
    return appKey.kind === 'aws-kms' ? `AWS KMS key ${appKey.keyId} in ${appKey.region}` : 'createJwt';
}
/**
 * GitHub's 401 to a JWT that was signed elsewhere, in words: the signer's key
 * is not the App's, or the App ID is not the App's. Wraps the App client's
 * requests (all of them carry the JWT).
 */
function explainRejectedJwt(app, appId, appKey) {
    app.hook.wrap('request', async (request, options) => {
        try {
            return await request(options);
        }
        catch (error) {
            if (error.status !== 401 || error.response === undefined)
                throw error;
            const said = (0,request_error/* githubMessageOf */.Ce)(error);
            const signer = describeSigner(appKey);
            const fix = appKey.kind === 'aws-kms'
                ? "the KMS key does not match the App's key: import the App's private key into it (docs/keyless.md), or use the KMS key that holds it."
                : "the JWT was not signed with the App's private key (or its claims are wrong).";
            const message = /issuer|'iss'/i.test(said)
                ? (0,placeholders/* msg */.ab) `GitHub knows no App '${appId}' (401, GitHub said: "${said}"). Set {app-id} to the App ID or Client ID of the App whose key ${signer} holds.`
                : (0,placeholders/* msg */.ab) `GitHub rejected the App's JWT signed by ${signer} (401, GitHub said: "${said}"): ${fix}` +
                    (0,placeholders/* msg */.ab) ` Check too that {app-id} '${appId}' is that App.`;
            throw new errors/* GitHubError */.y_('app-jwt', 401, message);
        }
    });
}

;// CONCATENATED MODULE: ./src/auth/clients.ts
/**
 * The two authenticated clients on the shared request stack (http/client.ts):
 * the App's (a JWT, via @octokit/auth-app) and the session's, whose every
 * request takes the installation token current when it is sent.
 */






/**
 * Authenticates as the App: JWT for app routes, via @octokit/auth-app (which
 * also corrects clock skew), signed with the key or, keyless, by app-jwt.ts.
 */
function createAppClient(transport, appId, appKey) {
    const { settings } = transport;
    const auth = appKey.kind === 'private-key'
        ? { appId, privateKey: appKey.pem }
        : {
            appId,
            createJwt: createJwtFor(appKey, {
                ...settings,
                sleep: (0,client/* clockOf */.ie)(settings).sleep,
                now: (0,client/* clockOf */.ie)(settings).now,
                onSecret: transport.registerSecret,
                fetchFor: client/* proxyAwareFetch */.Fm
            })
        };
    const octokit = new dist_src/* Octokit */.E({ ...(0,client/* baseOptions */.k0)(transport), authStrategy: dist_node/* createAppAuth */.K, auth });
    (0,client/* installRetries */.kA)(octokit, transport);
    if (appKey.kind !== 'private-key')
        explainRejectedJwt(octokit, appId, appKey);
    return octokit;
}
/**
 * A client whose every request (every retry too) takes the token that is
 * current when it is sent, from `lease`: a caller may hold the client across
 * a token refresh, and a replaced token is no longer in use once its
 * requests are over. Written here (a few lines) because @octokit/auth-token
 * takes one fixed token.
 */
function createSessionClient(transport, lease) {
    const octokit = new dist_src/* Octokit */.E({
        ...(0,client/* baseOptions */.k0)(transport),
        authStrategy: () => Object.assign(() => Promise.resolve({ type: 'token' }), {
            hook: async (request, route, parameters) => {
                const clock = (0,client/* clockOf */.ie)(transport.settings);
                for (;;) {
                    const { token, mintedAt, release } = await lease();
                    transport.registerSecret(token);
                    const endpoint = request.endpoint.merge(route, parameters);
                    // As @octokit/auth-token does: a JWT-shaped token (GHE Cloud's stateless ghs_<APPID>_<JWT>) as bearer.
                    endpoint.headers.authorization = `${token.split('.').length === 3 ? 'bearer' : 'token'} ${token}`;
                    let refused;
                    try {
                        return await request(endpoint);
                    }
                    catch (error) {
                        refused = error;
                    }
                    finally {
                        release();
                    }
                    // A 401 in a token's first seconds: GitHub's replicas may not know it yet (retry-policy.ts).
                    const delayMs = (0,request_error/* statusOf */.c2)(refused) === 401 ? (0,retry_policy/* freshTokenRetryDelay */.le)(clock.now() - mintedAt) : undefined;
                    if (delayMs === undefined || transport.settings.signal?.aborted)
                        throw refused;
                    transport.settings.log.info(`${endpoint.method} ${new URL(request.endpoint.parse(endpoint).url).pathname}: 401 right after the token was minted ` +
                        `(GitHub may not know it yet); retrying in ${(delayMs / 1000).toFixed(1)} s.`);
                    await clock.sleep(delayMs, transport.settings.signal);
                    if (transport.settings.signal?.aborted)
                        throw refused;
                }
            }
        })
    });
    (0,client/* installRetries */.kA)(octokit, transport);
    return octokit;
}

;// CONCATENATED MODULE: ./src/auth/permissions.ts
const PERMISSION_TITLES = { contents: 'Contents', actions: 'Actions', metadata: 'Metadata' };
/** Permissions as the App's settings page names them: "Contents: Read and write and Actions: Read-only". */
function describePermissions(permissions) {
    return Object.entries(permissions)
        .map(([name, level]) => `${PERMISSION_TITLES[name] ?? name}: ${level === 'write' ? 'Read and write' : 'Read-only'}`)
        .join(' and ');
}
/**
 * What the token asks for that the installation does not grant (write needs
 * write; read is covered by either). All of it when the grant is not known,
 * or when the grant seems to cover it all (the refusal then has another cause).
 */
function missingPermissions(requested, granted) {
    if (granted === undefined)
        return requested;
    const missing = Object.fromEntries(Object.entries(requested).filter(([name, level]) => granted[name] === undefined || (level === 'write' && granted[name] !== 'write')));
    return Object.keys(missing).length > 0 ? missing : requested;
}
/**
 * The mode's permissions, plus Actions: read to watch runs (their artifacts,
 * jobs and logs included) when waiting, or Actions: write when the step may
 * cancel the runs it started.
 */
function tokenPermissions(base, wait) {
    if (wait === undefined)
        return base;
    const actions = wait.cancelDownstream || base['actions'] === 'write' ? 'write' : 'read';
    return { ...base, actions };
}

// EXTERNAL MODULE: ./src/auth/cleanup-window.ts
var cleanup_window = __webpack_require__(6351);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(7110);
;// CONCATENATED MODULE: ./src/auth/token-session.ts





/** Refresh when less than this is left (or a quarter of the token's life, if shorter). */
const REFRESH_MARGIN_MS = 5 * 60_000;
class TokenSession {
    current;
    refreshing;
    /** One client for every caller: each request takes the token current when it is sent. */
    sessionClient;
    minted = [];
    revocations = [];
    describe = error => String(error);
    app;
    transport;
    installationId;
    repositoryNames;
    permissions;
    log;
    cleanup;
    signal;
    clock;
    constructor(options) {
        this.app = options.app;
        this.transport = options.transport;
        this.installationId = options.installationId;
        this.repositoryNames = options.repositoryNames;
        this.permissions = options.permissions;
        this.log = options.log;
        this.cleanup = options.cleanup;
        this.signal = options.signal;
        this.clock = options.clock ?? util_clock/* realClock */.d;
        this.sessionClient = createSessionClient(this.transport, () => this.lease());
    }
    /** How many tokens this session has minted. */
    get count() {
        return this.minted.length;
    }
    /** Mints the first token; throws what GitHub said. */
    start() {
        return this.mint();
    }
    /**
     * The session's client. A caller may keep it as long as it likes: each of
     * its requests uses a token that is good for a while yet (refreshed first
     * when the current one is near its end).
     */
    client() {
        if (this.current === undefined)
            return Promise.reject(new Error('TokenSession.client() before start()'));
        return Promise.resolve(this.sessionClient);
    }
    /** The token for one request; a replaced token is revoked once its last request is over. */
    async lease() {
        let token = this.current;
        if (token === undefined)
            throw new Error('TokenSession: a request before start()');
        const margin = Math.min(REFRESH_MARGIN_MS, (token.expiresAt - token.mintedAt) / 4);
        if (token.expiresAt - this.clock.now() <= margin) {
            this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
            token = await this.refreshing;
        }
        const leased = token;
        leased.inFlight++;
        return {
            token: leased.token,
            mintedAt: leased.mintedAt,
            release: () => {
                leased.inFlight--;
                if (leased.state === 'replaced' && leased.inFlight === 0)
                    this.revoke(leased);
            }
        };
    }
    /** Revokes every token still live; failures are warnings (tokens expire anyway). Resolves with how many revocations failed. */
    async revokeAll(describe) {
        this.describe = describe;
        for (const token of this.minted)
            if (token.state !== 'revoked')
                this.revoke(token);
        await Promise.all(this.revocations);
        return this.failedRevocations;
    }
    failedRevocations = 0;
    revoke(token) {
        if (token.state === 'revoked')
            return;
        token.state = 'revoked';
        if (token.expiresAt <= this.clock.now())
            return;
        this.revocations.push((0,installations/* revokeToken */.w$)((0,client/* createTokenClient */.Tf)(this.transport, token.token), this.cleanup.signal('revoke')).catch((error) => {
            this.failedRevocations++;
            this.log.warning((0,installations/* unrevokedTokenWarning */.nY)(this.repositoryNames, this.describe(error), token.expiresAt));
        }));
    }
    async mint() {
        // A token request is sent on after a cancellation only if it was already on its way.
        if (this.signal?.aborted)
            throw new errors/* CancelledError */.cc(false);
        const minted = await (0,installations/* mintToken */.W$)(this.app, this.installationId, this.repositoryNames, this.permissions, this.cleanup.signal('mint'));
        this.transport.registerSecret(minted.token);
        const token = {
            token: minted.token,
            mintedAt: this.clock.now(),
            expiresAt: Date.parse(minted.expiresAt),
            inFlight: 0,
            state: 'live'
        };
        this.minted.push(token);
        this.current = token;
        return minted;
    }
    async refresh() {
        const replaced = this.current;
        await this.mint();
        this.log.info(`Minted a fresh token for ${this.repositoryNames.join(', ')} before the current one expires; revoking the old one.`);
        if (replaced !== undefined && replaced.state === 'live') {
            replaced.state = 'replaced';
            if (replaced.inFlight === 0)
                this.revoke(replaced);
        }
        return this.current;
    }
}

// EXTERNAL MODULE: ./src/core/wait/correlation.ts
var wait_correlation = __webpack_require__(2097);
// EXTERNAL MODULE: ./src/http/delivery.ts
var delivery = __webpack_require__(7238);
;// CONCATENATED MODULE: ./src/core/modes/ambiguous.ts



/** What became of the answer: "GitHub answered HTTP 502", "the connection was closed before an answer came". */
function lostAnswerReason(error) {
    const e = error;
    if (e.response !== undefined)
        return `GitHub answered HTTP ${e.status ?? '?'}`;
    return (0,request_error/* describeNetworkError */.gl)((0,request_error/* networkErrorText */.Mi)(error), (0,delivery/* socketConnected */.ji)(error));
}
/** The advice for a target whose dispatch may or may not have arrived. */
function unknownDeliveryText(target, webUrl, reason, found = 'nothing could tell whether it arrived') {
    return (`GitHub may have started it: the answer to the dispatch to ${target.fullName} was lost (${reason}) and ${found}, ` +
        `so it was not sent again. Check ${webUrl}/${target.fullName}/actions before running this again.`);
}
function deliveryUnknown(error, target, ctx) {
    const reason = lostAnswerReason(error);
    return new errors/* DeliveryUnknownError */.rb(reason, unknownDeliveryText(target, ctx.webUrl, reason));
}
/** The log line when the answer was lost but the run can still be recognised: nothing is sent again. */
function lookingForRunInstead(target, error) {
    return `${target.fullName}: the answer to the dispatch was lost (${lostAnswerReason(error)}); not sending it again, looking for its run instead.`;
}

// EXTERNAL MODULE: ./src/http/api-version.ts
var api_version = __webpack_require__(469);
;// CONCATENATED MODULE: ./src/github/dispatches.ts

/** `POST /repos/{owner}/{repo}/dispatches` with the body as text, so the payload arrives exactly as the user wrote it. */
async function postRepositoryDispatch(client, target, body) {
    const request = { retryAmbiguous: false };
    // The route is widened to string: the typed one insists on an object body.
    await client.request('POST /repos/{owner}/{repo}/dispatches', {
        owner: target.owner,
        repo: target.repo,
        data: body,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        request
    });
}
/**
 * `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`.
 * `runDetails`: ask for the started run's id. 2026-03-10 reports it unasked and
 * refuses the field, 2022-11-28 needs it: decided by the version each attempt
 * is sent with (the stack may fall back to 2022-11-28 within the run).
 */
async function postWorkflowDispatch(client, target, dispatch) {
    const request = {
        retryAmbiguous: false,
        paramsFor: version => (dispatch.runDetails && !(0,api_version/* reportsRunByDefault */.DX)(version) ? { return_run_details: true } : {})
    };
    const response = await client.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
        owner: target.owner,
        repo: target.repo,
        workflow_id: dispatch.workflow,
        ref: dispatch.ref,
        ...(Object.keys(dispatch.inputs).length > 0 ? { inputs: dispatch.inputs } : {}),
        request
    });
    return response.status === 200 && response.data && typeof response.data === 'object' ? response.data : undefined;
}

;// CONCATENATED MODULE: ./src/core/modes/repository-dispatch.ts






/** `POST /repos/{owner}/{repo}/dispatches`; needs Contents: write and nothing else. */
function repositoryDispatchSender(mode, log) {
    // Sent as text so the payload arrives exactly as the user wrote it.
    const body = (payload) => `{"event_type":${JSON.stringify(mode.eventType)},"client_payload":${payload}}`;
    return {
        permissions: { contents: 'write' },
        event: mode.eventType,
        resultFields: {},
        async send(client, target, ctx, correlation) {
            // With a distinct_id (when waiting) the run can be recognised, so a lost
            // answer is settled by the wait: the run appears, or the outcome stays unknown.
            const payload = correlation ? (0,wait_correlation/* payloadWithDistinctId */.MH)(mode.clientPayloadJson, correlation.distinctId) : mode.clientPayloadJson;
            try {
                await postRepositoryDispatch(client, target, body(payload));
                return correlation ? { distinctId: correlation.distinctId } : {};
            }
            catch (error) {
                if (error instanceof errors/* CancelledError */.cc || !(0,delivery/* mayHaveArrived */.BW)(error))
                    throw (0,advice/* toGitHubError */.Lg)('dispatch', error, ctx);
                if (correlation === undefined)
                    throw deliveryUnknown(error, target, ctx);
                log.warning(lookingForRunInstead(target, error));
                return { distinctId: correlation.distinctId, deliveryUnknown: lostAnswerReason(error) };
            }
        }
    };
}

// EXTERNAL MODULE: ./src/github/contents.ts
var contents = __webpack_require__(3113);
// EXTERNAL MODULE: ./src/model/plan.ts
var plan = __webpack_require__(7978);
;// CONCATENATED MODULE: ./src/core/modes/workflow-dispatch.ts









/** GitHub Enterprise Server before 3.21 names the field it does not know. */
const RUN_DETAILS_REJECTED = /return_run_details/;
/** Sends the dispatch, with the distinct_id input when it carries one. */
async function post(client, mode, target, ref, runDetails, distinctId) {
    const inputs = distinctId === undefined ? mode.inputs : { ...mode.inputs, [plan/* DISTINCT_ID_KEY */.D]: distinctId };
    return postWorkflowDispatch(client, target, { workflow: mode.workflow, ref, inputs, runDetails });
}
/** The refusal to explain when an old GHES rejects the distinct_id input the wait needs. */
function missingDistinctIdInput(mode, target) {
    return new errors/* GitHubError */.y_('dispatch', 422, `This GitHub does not report the run a workflow_dispatch starts, so to wait for it ${(0,wait_correlation/* runNameAdvice */.LV)('workflow_dispatch')}. ` +
        `Workflow '${mode.workflow}' in ${target.fullName} does not declare that input; nothing was started.`);
}
/**
 * `POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches`, so
 * GitHub answers with the id of the run it started (under 2022-11-28 with
 * `return_run_details: true`, under 2026-03-10 by default). Needs Actions: write (Metadata: read, which every installation
 * has, covers the default-branch lookup).
 */
function workflowDispatchSender(mode, log) {
    // Flipped once for the whole run when the server rejects the field.
    let askForRunDetails = true;
    /** Sends with run details; on GHES before 3.21, which rejects the field, without (and with a distinct_id input when waiting). */
    async function dispatchOnce(client, target, ref, correlation, 
    /** Set to whether the attempt that failed or succeeded carried the distinct_id input (this target's own, not the sender's flag). */
    carried) {
        const withDetails = askForRunDetails;
        carried.distinctId = !withDetails && correlation !== undefined;
        try {
            return await post(client, mode, target, ref, withDetails, withDetails ? undefined : correlation?.distinctId);
        }
        catch (error) {
            const status = (0,request_error/* statusOf */.c2)(error);
            if (!withDetails || (status !== 400 && status !== 422) || !RUN_DETAILS_REJECTED.test((0,request_error/* githubMessageOf */.Ce)(error)))
                throw error;
            if (askForRunDetails) {
                askForRunDetails = false;
                log.notice('This GitHub does not support return_run_details (GitHub Enterprise Server before 3.21): dispatching without it, so no run id is reported.');
            }
            // Without run details, a waiting step finds the run by a distinct_id input.
            carried.distinctId = correlation !== undefined;
            return post(client, mode, target, ref, false, correlation?.distinctId);
        }
    }
    return {
        permissions: { actions: 'write' },
        event: 'workflow_dispatch',
        resultFields: { workflow: mode.workflow },
        async send(client, target, ctx, correlation) {
            let ref = mode.ref;
            if (ref === undefined) {
                try {
                    ref = await (0,contents/* getDefaultBranch */.Q)(client, target);
                    if (ref === undefined)
                        throw new Error(`GitHub did not name the default branch of ${target.fullName}`);
                }
                catch (error) {
                    throw (0,advice/* toGitHubError */.Lg)('default-branch', error, ctx);
                }
            }
            let details;
            const carried = { distinctId: false };
            try {
                details = await dispatchOnce(client, target, ref, correlation, carried);
            }
            catch (error) {
                if (!(error instanceof errors/* CancelledError */.cc) && (0,delivery/* mayHaveArrived */.BW)(error)) {
                    // The run can be recognised only when the distinct_id input went with it
                    // (a GitHub that does not report run details); otherwise the outcome is unknown.
                    if (correlation === undefined || !carried.distinctId)
                        throw deliveryUnknown(error, target, ctx);
                    log.warning(lookingForRunInstead(target, error));
                    return { ref, run_id: null, run_url: null, distinctId: correlation.distinctId, deliveryUnknown: lostAnswerReason(error) };
                }
                const said = (0,request_error/* githubMessageOf */.Ce)(error);
                if (correlation && /unexpected inputs/i.test(said) && said.includes(plan/* DISTINCT_ID_KEY */.D))
                    throw missingDistinctIdInput(mode, target);
                throw (0,advice/* toGitHubError */.Lg)('dispatch', error, { ...ctx, ref });
            }
            const runId = details?.workflow_run_id;
            return {
                ref,
                run_id: runId ?? null,
                run_url: details?.html_url ?? null,
                ...(runId === undefined && correlation ? { distinctId: correlation.distinctId } : {})
            };
        }
    };
}

;// CONCATENATED MODULE: ./src/core/modes/index.ts


/** The sender for the plan's mode. */
function createSender(mode, log) {
    return mode.kind === 'repository_dispatch' ? repositoryDispatchSender(mode, log) : workflowDispatchSender(mode, log);
}

;// CONCATENATED MODULE: ./src/core/targets.ts
/** GitHub's limit of repositories in one installation token. */
const MAX_REPOSITORIES_PER_TOKEN = 500;
/** Targets grouped by owner (case-insensitive), in first-seen order. */
function groupByOwner(targets) {
    const groups = new Map();
    const names = new Map();
    for (const target of targets) {
        const key = target.owner.toLowerCase();
        if (!names.has(key))
            names.set(key, target.owner);
        const owner = names.get(key);
        const group = groups.get(owner);
        if (group)
            group.push(target);
        else
            groups.set(owner, [target]);
    }
    return groups;
}
/** Splits a list into consecutive chunks of at most `size`. */
function chunk(items, size) {
    const chunks = [];
    for (let i = 0; i < items.length; i += size)
        chunks.push(items.slice(i, i + size));
    return chunks;
}

;// CONCATENATED MODULE: ./src/core/call.ts

function adviceContext(call, owner, targets, installationId) {
    const { mode } = call.plan;
    return {
        appId: call.plan.appId,
        owner,
        repositories: targets.map(t => t.fullName),
        webUrl: call.webUrl,
        permission: describePermissions(missingPermissions(call.permissions, call.granted.get(owner.toLowerCase()))),
        installationId,
        ...(mode.kind === 'workflow_dispatch' ? { workflow: mode.workflow, ref: mode.ref } : {})
    };
}
/** A target's outcome: nothing sent (unless `more` says otherwise), with what the call's mode adds (workflow, ref). */
function outcomeOf(call, target, installationId, more = {}) {
    return {
        target,
        installationId,
        event: call.sender.event,
        dispatched: more.dispatched ?? false,
        fields: { ...call.sender.resultFields, ...more.fields },
        failures: more.failures ?? []
    };
}
/** A target that failed before anything was sent to it. */
function failedOutcome(call, target, installationId, failure) {
    return outcomeOf(call, target, installationId, { failures: [failure] });
}

// EXTERNAL MODULE: ./src/core/outcome.ts
var core_outcome = __webpack_require__(9411);
// EXTERNAL MODULE: ./src/core/wait/follow.ts + 3 modules
var follow = __webpack_require__(4393);
;// CONCATENATED MODULE: ./src/core/target-run.ts
/**
 * One target: send at most once (within the call's concurrency limit), then,
 * when waiting, follow the run and hand it to the downstream follow-up.
 */






/** Sends to one target (within the concurrency limit), then, when waiting, follows its run. */
async function dispatchAndWait(call, session, target, installationId, ownerCtx) {
    const ctx = { ...ownerCtx, repositories: [target.fullName] };
    const sent = await send(call, target, session, ctx);
    if ('failure' in sent) {
        return outcomeOf(call, target, installationId, {
            failures: [sent.failure],
            ...(sent.unknown ? { dispatched: 'unknown' } : {})
        });
    }
    const { outcome, dispatchedAt } = sent;
    const fields = sentFields(outcome);
    const wait = call.plan.wait;
    if (wait === undefined)
        return outcomeOf(call, target, installationId, { dispatched: true, fields });
    const report = await (0,follow/* waitForRun */.C)({
        client: () => session.client(),
        target,
        event: call.plan.mode.kind,
        distinctId: outcome.distinctId,
        ...(call.plan.mode.kind === 'repository_dispatch' ? { eventType: call.plan.mode.eventType } : {}),
        runId: outcome.run_id ?? undefined,
        dispatchedAt,
        deadline: dispatchedAt + wait.timeoutSeconds * 1000,
        pollIntervalMs: wait.pollIntervalSeconds * 1000,
        jobs: wait.jobs,
        log: call.log,
        signal: call.signal,
        clock: call.clock
    });
    // Loaded when first needed: a step that does not wait never evaluates it (nor its unzip library).
    const { followUp } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(444)]).then(__webpack_require__.bind(__webpack_require__, 7444));
    const downstream = await followUp({
        client: () => session.client(),
        fetch: call.transport.fetch,
        target,
        report,
        wait,
        log: call.log,
        signal: call.signal,
        cancelDeadline: call.cleanup.signal('cancel-runs')
    });
    const { failure: waitFailure, ...reported } = (0,follow/* runFields */.F)(report);
    const { failure: downstreamFailure, ...followed } = downstream;
    const delivery = outcome.deliveryUnknown === undefined ? { dispatched: true } : settleDelivery(call, target, outcome.deliveryUnknown, report);
    return outcomeOf(call, target, installationId, {
        dispatched: delivery.dispatched,
        fields: { ...fields, ...reported, ...followed },
        failures: [delivery.failure ?? waitFailure, downstreamFailure].filter((f) => f !== undefined)
    });
}
/** What a send adds to the result (its run when GitHub said, the ref), not how the wait recognises the run. */
function sentFields(outcome) {
    return {
        ...(outcome.ref === undefined ? {} : { ref: outcome.ref }),
        ...(outcome.run_id === undefined ? {} : { run_id: outcome.run_id }),
        ...(outcome.run_url === undefined ? {} : { run_url: outcome.run_url })
    };
}
/**
 * The dispatch itself, at most once: a failure that may have reached GitHub
 * is never sent again (the senders and the request stack see to it). When
 * waiting it carries a distinct_id, so a lost answer is settled by the wait.
 * Records what became of it for the cancellation report.
 */
async function send(call, target, session, ctx) {
    let dispatchedAt = call.clock.now();
    const correlation = call.plan.wait ? { distinctId: (0,wait_correlation/* newDistinctId */.kF)() } : undefined;
    try {
        const outcome = await call.limit(async () => {
            if (call.signal?.aborted)
                throw new errors/* CancelledError */.cc(false);
            dispatchedAt = call.clock.now();
            return call.sender.send(await session.client(), target, ctx, correlation);
        });
        call.delivery.set(target, outcome.deliveryUnknown === undefined ? 'sent' : 'unknown');
        if (outcome.deliveryUnknown === undefined) {
            const what = ctx.workflow ? `workflow ${ctx.workflow} on ${outcome.ref ?? ''}` : `'${call.sender.event}'`;
            call.log.info(`Dispatched ${what} to ${target.fullName}${outcome.run_url ? `: ${outcome.run_url}` : ''}.`);
        }
        return { outcome, dispatchedAt };
    }
    catch (error) {
        const unknown = error instanceof errors/* DeliveryUnknownError */.rb || (error instanceof errors/* CancelledError */.cc && error.inFlight);
        if (unknown)
            call.delivery.set(target, 'unknown');
        return { failure: (0,core_outcome/* failureOf */.g5)(error, 'the dispatch'), unknown };
    }
}
/** A dispatch whose answer was lost, settled by the wait: its run was found (it arrived), or the outcome stays unknown. */
function settleDelivery(call, target, reason, report) {
    if (report.run_id !== null) {
        call.delivery.set(target, 'sent');
        call.log.info(`${target.fullName}: its run exists, so the dispatch arrived (once).`);
        return { dispatched: true };
    }
    const found = report.ended === 'cancelled'
        ? 'the step was cancelled before its run was found'
        : 'no run carrying its distinct_id appeared while the step waited';
    return { dispatched: 'unknown', failure: (0,core_outcome/* failure */.V2)('delivery-unknown', unknownDeliveryText(target, call.webUrl, reason, found)) };
}

;// CONCATENATED MODULE: ./src/core/dispatch.ts
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

















/** The core's one entry: every target of the Plan dispatched (and followed), one result each, in input order. */
async function dispatchPlan(plan, env) {
    if (plan.duplicateTargets !== undefined && plan.duplicateTargets.length > 0) {
        const repeated = plan.duplicateTargets.join(', ');
        env.log.warning((0,placeholders/* msg */.ab) `{repository} lists ${repeated} more than once (names compare case-insensitively, as on GitHub): dispatching to each once.`);
    }
    if (plan.broker !== undefined) {
        // Loaded only for a broker: a step that holds the App never evaluates it.
        const { dispatchThroughBroker } = await __webpack_require__.e(/* import() */ 981).then(__webpack_require__.bind(__webpack_require__, 8981));
        return dispatchThroughBroker(plan, env);
    }
    return dispatchWithApp(plan, env);
}
async function dispatchWithApp(plan, env) {
    const clock = env.clock ?? util_clock/* realClock */.d;
    const transport = (0,client/* createTransport */.oO)({
        apiUrl: plan.apiUrl,
        userAgent: env.userAgent,
        log: env.log,
        onSecret: env.onSecret,
        signal: env.signal,
        clock,
        requestTimeoutMs: env.requestTimeoutMs
    });
    const sender = createSender(plan.mode, env.log);
    const call = {
        plan,
        app: createAppClient(transport, plan.appId, plan.appKey),
        transport,
        sender,
        permissions: tokenPermissions(sender.permissions, plan.wait),
        limit: (0,p_limit/* default */.A)(plan.maxConcurrency),
        webUrl: (0,advice.webUrlFor)(plan.apiUrl),
        log: env.log,
        signal: env.signal,
        clock,
        cleanup: new cleanup_window/* CleanupWindow */.zC(env.signal),
        granted: new Map(),
        delivery: new Map()
    };
    const byOwner = await Promise.all([...groupByOwner(plan.targets)].map(([owner, targets]) => dispatchToOwner(call, owner, targets)));
    if (env.signal?.aborted)
        reportCancellation(call);
    const outcomes = new Map(byOwner.flat().map(outcome => [outcome.target, outcome]));
    return plan.targets.map(target => (0,core_outcome/* toTargetResult */.sB)(outcomes.get(target) ?? failedOutcome(call, target, null, (0,core_outcome/* failure */.V2)('unexpected', 'not attempted'))));
}
/** After a cancellation: which targets were sent, which not, which nobody can tell. */
function reportCancellation(call) {
    call.log.warning((0,core_outcome/* cancellationSummary */.k_)(call.plan.targets, target => call.delivery.get(target) ?? 'not-sent'));
}
async function dispatchToOwner(call, owner, targets) {
    let installationId = call.plan.installationId;
    let covered = targets;
    let failed = [];
    if (installationId === undefined) {
        const found = await resolveInstallation(call, owner, targets);
        if (found.installationId === undefined)
            return found.failed;
        installationId = found.installationId;
        ({ covered, failed } = found);
    }
    const id = installationId;
    const parts = await Promise.all(chunk(covered, MAX_REPOSITORIES_PER_TOKEN).map(part => dispatchWithToken(call, owner, id, part)));
    return [...failed, ...parts.flat()];
}
/**
 * `GET /repos/{owner}/{repo}/installation` for the owner's first target. On a
 * 404 (that repository is not in the installation) the others are looked up
 * too, so each target left out fails on its own and the rest still go out.
 * The installation is undefined when no target can proceed; `failed` holds the outcomes of those that cannot.
 */
async function resolveInstallation(call, owner, targets) {
    const lookup = async (target) => {
        try {
            const found = await (0,installations/* lookUpInstallation */.XW)(call.app, target.owner, target.repo);
            call.granted.set(owner.toLowerCase(), found.permissions);
            return found.id;
        }
        catch (error) {
            return (0,advice/* toGitHubError */.Lg)('installation-lookup', error, adviceContext(call, owner, [target]));
        }
    };
    const [first, ...rest] = targets;
    const firstResult = await lookup(first);
    const outcomes = new Map([[first, firstResult]]);
    if (typeof firstResult !== 'number') {
        if (!(firstResult instanceof errors/* GitHubError */.y_) || firstResult.status !== 404) {
            // Credentials, network, rate limit, signer, cancellation: the same for every target of this owner.
            const why = (0,core_outcome/* failureOf */.g5)(firstResult, 'the installation lookup');
            return { installationId: undefined, covered: [], failed: targets.map(target => failedOutcome(call, target, null, why)) };
        }
        const others = await Promise.all(rest.map(target => call.limit(() => lookup(target))));
        rest.forEach((target, i) => outcomes.set(target, others[i]));
    }
    else {
        for (const target of rest)
            outcomes.set(target, firstResult);
    }
    const installationId = [...outcomes.values()].find((o) => typeof o === 'number');
    const covered = [];
    const failed = [];
    for (const target of targets) {
        const outcome = outcomes.get(target);
        if (typeof outcome === 'number')
            covered.push(target);
        else
            failed.push(failedOutcome(call, target, null, outcome ? (0,core_outcome/* failureOf */.g5)(outcome, 'the installation lookup') : (0,core_outcome/* failure */.V2)('unexpected', 'not looked up')));
    }
    if (installationId !== undefined)
        call.log.info(`The App's installation on ${owner} is ${installationId}.`);
    return { installationId, covered, failed };
}
async function dispatchWithToken(call, owner, installationId, targets, narrowed = false) {
    const ctx = adviceContext(call, owner, targets, installationId);
    const names = ctx.repositories.join(', ');
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
    });
    try {
        const minted = await session.start();
        const granted = Object.entries(minted.permissions)
            .map(([name, level]) => `${name}: ${level}`)
            .join(', ');
        call.log.info(`Minted a token for ${names} (${granted}), expiring ${minted.expiresAt}.`);
    }
    catch (error) {
        const refused = (0,advice/* toGitHubError */.Lg)('token', error, ctx);
        const partial = refused instanceof errors/* GitHubError */.y_ && refused.status === 422 && advice/* REPOSITORY_NOT_IN_INSTALLATION */.qk.test((0,request_error/* githubMessageOf */.Ce)(error));
        if (!narrowed && targets.length > 1 && partial) {
            // Some of these repositories are not in the installation: find which, fail
            // those alone, and mint again for the rest.
            const inInstallation = await Promise.all(targets.map(target => call.limit(() => isInInstallation(call, target, installationId))));
            const kept = targets.filter((_, i) => inInstallation[i]);
            const left = targets
                .filter((_, i) => !inInstallation[i])
                .map(target => {
                const alone = (0,advice/* toGitHubError */.Lg)('token', error, adviceContext(call, owner, [target], installationId));
                return failedOutcome(call, target, installationId, (0,core_outcome/* failureOf */.g5)(alone, 'the token was minted'));
            });
            if (kept.length > 0 && kept.length < targets.length)
                return [...left, ...(await dispatchWithToken(call, owner, installationId, kept, true))];
            if (kept.length === targets.length)
                return targets.map(target => failedOutcome(call, target, installationId, (0,core_outcome/* failureOf */.g5)(refused, '')));
            return left;
        }
        return targets.map(target => failedOutcome(call, target, installationId, (0,core_outcome/* failureOf */.g5)(refused, 'the token was minted')));
    }
    try {
        return await Promise.all(targets.map(target => dispatchAndWait(call, session, target, installationId, ctx)));
    }
    finally {
        const failed = await session.revokeAll(error => (0,advice/* toGitHubError */.Lg)('revoke', error, ctx).message);
        // Only what GitHub confirmed (a failure has its own warning above).
        const revoked = session.count - failed;
        if (revoked > 0)
            call.log.info(`Revoked ${session.count > 1 ? `${revoked} of ${session.count} tokens` : 'the token'} for ${names}.`);
    }
}
async function isInInstallation(call, target, installationId) {
    try {
        return (await (0,installations/* findInstallation */.Qs)(call.app, target.owner, target.repo)) === installationId;
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 9411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V2: () => (/* binding */ failure),
/* harmony export */   g5: () => (/* binding */ failureOf),
/* harmony export */   k_: () => (/* binding */ cancellationSummary),
/* harmony export */   sB: () => (/* binding */ toTargetResult)
/* harmony export */ });
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3409);
/**
 * A target's outcome, as each step returns it, and the one mapper to the
 * public result (model/result.ts): snake_case fields, `error` with its
 * `error_code`, and `error_status` and `error_step` when GitHub refused.
 */

/** A failure from its code and message. */
function failure(code, message, github) {
    return { code, message, ...(github ?? {}) };
}
/** A thrown error as a failure; a cancellation says plainly what it stopped (`what`: "the dispatch"). */
function failureOf(error, what) {
    if (error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc) {
        return failure('cancelled', error.inFlight
            ? `The step was cancelled while ${what} was in flight; whether GitHub received it is unknown.`
            : `Not sent: the step was cancelled before ${what}.`);
    }
    if (error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubError */ .y_ && error.status !== undefined)
        return failure(error.code, error.message, { status: error.status, step: error.step });
    if (error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AppDispatchError */ .oV)
        return failure(error.code, error.message);
    return failure('unexpected', (0,_model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error));
}
/** The one mapper: an outcome as the public result. */
function toTargetResult(outcome) {
    const [first] = outcome.failures;
    return {
        repository: outcome.target.fullName,
        installation_id: outcome.installationId,
        event: outcome.event,
        dispatched: outcome.dispatched,
        ...outcome.fields,
        ...(first === undefined
            ? {}
            : {
                error: outcome.failures.map(f => f.message).join(' '),
                error_code: first.code,
                ...(first.status === undefined ? {} : { error_status: first.status, error_step: first.step })
            })
    };
}
const CANCELLED_GROUPS = [
    ['sent', 'Sent to'],
    ['not-sent', 'Not sent to'],
    ['unknown', 'Unknown (check the target before running this again)'],
    ['pending-approval', 'Waiting for approval (dispatched if approved)']
];
/** The line a cancelled step ends with: each group that has targets ("Sent to: none" says nothing), in plan order. */
function cancellationSummary(targets, deliveryOf) {
    const parts = CANCELLED_GROUPS.map(([which, what]) => [
        what,
        targets
            .filter(t => deliveryOf(t) === which)
            .map(t => t.fullName)
            .join(', ')
    ]);
    return `Cancelled. ${parts
        .filter(([, list]) => list !== '')
        .map(([what, list]) => `${what}: ${list}.`)
        .join(' ')}`;
}


/***/ }),

/***/ 2097:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Az: () => (/* binding */ runLabel),
/* harmony export */   LV: () => (/* binding */ runNameAdvice),
/* harmony export */   MH: () => (/* binding */ payloadWithDistinctId),
/* harmony export */   g_: () => (/* binding */ findRunWithId),
/* harmony export */   kF: () => (/* binding */ newDistinctId),
/* harmony export */   xK: () => (/* binding */ createdFilter)
/* harmony export */ });
/* unused harmony export CLOCK_SKEW_MARGIN_MS */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _model_plan_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7978);


function newDistinctId() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
}
/** The payload text with distinct_id added first, the rest byte for byte. */
function payloadWithDistinctId(clientPayloadJson, distinctId) {
    const text = clientPayloadJson.trim();
    const rest = text.slice(1).trimStart();
    const pair = `${JSON.stringify(_model_plan_js__WEBPACK_IMPORTED_MODULE_1__/* .DISTINCT_ID_KEY */ .D)}:${JSON.stringify(distinctId)}`;
    return rest.startsWith('}') ? `{${pair}}` : `{${pair},${rest}`;
}
/** The run whose title carries the id, never "the newest run". */
function findRunWithId(runs, distinctId) {
    return runs.find(run => (run.display_title ?? '').includes(distinctId));
}
/** Clock skew between the runner and GitHub that the run search tolerates. */
const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;
/** The `created` filter for runs started by a dispatch sent at `dispatchedAt`. */
function createdFilter(dispatchedAt) {
    return `>=${new Date(dispatchedAt - CLOCK_SKEW_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}
/** The line the receiving workflow needs, for advice. */
function runNameAdvice(event) {
    return event === 'repository_dispatch'
        ? "the receiving workflow's run-name must contain github.event.client_payload.distinct_id, e.g. `run-name: Deploy ${{ github.event.client_payload.distinct_id }}`"
        : 'the workflow must declare a `distinct_id` input and put it in its run-name, e.g. `run-name: Deploy ${{ inputs.distinct_id }}`';
}
/** "run #42" as GitHub's pages show it; the id when the number is not known. */
function runLabel(run, id) {
    if (run?.run_number !== undefined)
        return `run #${run.run_number}`;
    return `run ${run?.id ?? id ?? '?'}`;
}


/***/ }),

/***/ 4393:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  F: () => (/* binding */ runFields),
  C: () => (/* binding */ waitForRun)
});

// EXTERNAL MODULE: ./src/core/wait/correlation.ts
var correlation = __webpack_require__(2097);
// EXTERNAL MODULE: ./src/github/runs.ts
var github_runs = __webpack_require__(1281);
// EXTERNAL MODULE: ./src/input/job-names.ts
var job_names = __webpack_require__(3806);
// EXTERNAL MODULE: ./src/github/jobs.ts
var github_jobs = __webpack_require__(203);
// EXTERNAL MODULE: ./src/model/placeholders.ts
var placeholders = __webpack_require__(891);
// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
;// CONCATENATED MODULE: ./src/core/wait/jobs.ts





/** Job conclusions that fail the wait, the worst first (success, skipped and neutral do not). */
const FAILING = ['failure', 'timed_out', 'startup_failure', 'cancelled', 'action_required'];
/** Names of existing jobs listed in a message at most. */
const NAMES_SHOWN = 30;
class JobsWatch {
    names;
    target;
    runId;
    log;
    listed = [];
    etag;
    runCompleted = false;
    statuses = new Map();
    toldMissing = new Set();
    constructor(names, target, runId, log) {
        this.names = names;
        this.target = target;
        this.runId = runId;
        this.log = log;
    }
    /** Reads the job list after the run was read; true when the wait is over. */
    async check(client, run) {
        this.runCompleted = run.status === 'completed';
        await this.readJobs(client);
        this.logChanges(run);
        if (this.missing().length > 0) {
            if (this.runCompleted)
                return true;
            this.tellMissing(run);
            return false;
        }
        return this.waited().every(job => job.status === 'completed');
    }
    /** The named jobs as listed so far, in the order GitHub lists them. */
    waited() {
        return this.listed.filter(job => this.names.some(name => (0,job_names/* matchesJobName */.MK)(name, job.name)));
    }
    /** Names no listed job matches. */
    missing() {
        return this.names.filter(name => !this.listed.some(job => (0,job_names/* matchesJobName */.MK)(name, job.name)));
    }
    /** The report once the wait is over (or stopped); `where` is "run #N in owner/repo". */
    report(run) {
        const where = `${(0,correlation/* runLabel */.Az)(run, this.runId)} in ${this.target.fullName}`;
        const jobs = this.waited().map(toWaited);
        const times = {
            started_at: earliest(jobs.map(j => j.started_at)),
            completed_at: jobs.every(j => j.status === 'completed') ? latest(jobs.map(j => j.completed_at)) : null
        };
        const missing = this.missing();
        if (missing.length > 0 && this.runCompleted) {
            return { status: 'completed', conclusion: null, ...times, jobs, failure: (0,outcome/* failure */.V2)('job-not-found', this.missingText(missing, where)) };
        }
        if (missing.length > 0 || jobs.some(j => j.status !== 'completed')) {
            const status = missing.length > 0 || jobs.some(j => j.status === 'queued') ? 'queued' : 'in_progress';
            return { status, conclusion: null, ...times, jobs };
        }
        const conclusion = FAILING.find(failing => jobs.some(j => j.conclusion === failing)) ?? 'success';
        if (conclusion === 'success')
            return { status: 'completed', conclusion, ...times, jobs };
        const failed = jobs
            .filter(j => j.conclusion !== null && FAILING.includes(j.conclusion))
            .map(j => `'${j.name}' concluded ${j.conclusion ?? ''}${j.url ? ` (${j.url})` : ''}`);
        return { status: 'completed', conclusion, ...times, jobs, failure: (0,outcome/* failure */.V2)('run-failed', `In ${where}, job ${failed.join(', job ')}.`) };
    }
    /** The run report: the jobs' report, or, when the polling stopped, why. */
    runReport(run, why) {
        const { failure: found, ...jobs } = this.report(run);
        const base = { run_id: this.runId, run_number: run?.run_number ?? null, run_url: run?.html_url ?? null, ...jobs };
        if (why === undefined)
            return found ? { ...base, failure: found } : base;
        const where = `${(0,correlation/* runLabel */.Az)(run, this.runId)} in ${this.target.fullName}`;
        const link = run ? ` (${run.html_url})` : '';
        const stopped = (stop, ended) => ({
            ...base,
            conclusion: null,
            failure: stop,
            ...(ended ? { ended } : {})
        });
        switch (why.stopped) {
            case 'gone':
                return stopped(runGone(where));
            case 'rejected':
                return stopped(why.rejected, 'rejected');
            case 'cancelled':
                return stopped((0,outcome/* failure */.V2)('cancelled', `The step was cancelled while waiting for ${this.pendingText()} of ${where}${link}.`), 'cancelled');
            case 'timeout':
                return stopped((0,outcome/* failure */.V2)('wait-timeout', (0,placeholders/* msg */.ab) `${this.pendingText()} of ${where} did not finish within ${why.waited}${link}. Raise {wait-timeout} if it needs longer.`), 'timeout');
        }
    }
    /** What is still awaited, for a timeout or cancellation message. */
    pendingText() {
        const going = this.waited().filter(job => job.status !== 'completed');
        const parts = [
            ...going.map(job => `'${job.name}' (${job.status ?? 'unknown'})`),
            ...this.missing().map(name => `'${name}' (not listed yet)`)
        ];
        return parts.length ? `job ${parts.join(', job ')}` : 'its jobs';
    }
    async readJobs(client) {
        const { etag, jobs } = await (0,github_jobs/* listRunJobs */.c4)(client, this.target, this.runId, this.etag);
        this.etag = etag;
        if (jobs !== undefined)
            this.listed = jobs;
    }
    logChanges(run) {
        for (const job of this.waited()) {
            const status = job.status ?? 'unknown';
            if (this.statuses.get(job.id) === status)
                continue;
            const from = this.statuses.has(job.id) ? `${this.statuses.get(job.id) ?? ''} → ` : '';
            this.statuses.set(job.id, status);
            this.log.info(`${this.target.fullName}: ${(0,correlation/* runLabel */.Az)(run, this.runId)}: job '${job.name}' ${from}${status}${job.conclusion ? ` (${job.conclusion})` : ''}`);
        }
    }
    tellMissing(run) {
        const fresh = this.missing().filter(name => !this.toldMissing.has(name));
        if (fresh.length === 0 || this.listed.length === 0)
            return;
        for (const name of fresh)
            this.toldMissing.add(name);
        this.log.info(`${this.target.fullName}: ${(0,correlation/* runLabel */.Az)(run, this.runId)} lists no job named ${fresh.map(n => `'${n}'`).join(', ')} yet ` +
            `(jobs so far: ${this.existingNames()}); waiting, since jobs that need others are listed when their turn comes.`);
    }
    missingText(missing, where) {
        const named = missing.map(n => `'${n}'`).join(', ');
        return (`${where} completed without a job named ${named}; its jobs: ${this.existingNames() || 'none'}. ` +
            (0,placeholders/* msg */.ab) `Check {wait-jobs}: a job's name is its \`name:\` (its id when it has none); a matrix job matches by its full name or the name before ' ('.`);
    }
    existingNames() {
        const names = [...new Set(this.listed.map(job => job.name))];
        const shown = names.slice(0, NAMES_SHOWN).join(', ');
        return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
    }
}
function toWaited(job) {
    return {
        id: job.id,
        name: job.name,
        status: job.status,
        conclusion: job.conclusion,
        url: job.html_url ?? null,
        started_at: job.started_at ?? null,
        completed_at: job.completed_at ?? null
    };
}
function earliest(times) {
    const known = times.filter((t) => t !== null).sort();
    return known[0] ?? null;
}
function latest(times) {
    const known = times.filter((t) => t !== null).sort();
    return known[known.length - 1] ?? null;
}
/** The run was deleted while the step waited (GitHub answered 404 for it). */
function runGone(where) {
    return (0,outcome/* failure */.V2)('github-refused', `${where} no longer exists (404): it was deleted while the step waited.`, { status: 404, step: 'wait' });
}

// EXTERNAL MODULE: ./src/core/wait/poll.ts
var poll = __webpack_require__(6992);
// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/github/contents.ts
var contents = __webpack_require__(3113);
;// CONCATENATED MODULE: ./src/core/wait/listeners.ts

/** More workflow files than this are not read one by one. */
const MAX_WORKFLOW_FILES = 30;
/** A workflow's repository_dispatch types: 'all' (no `types`), a list, or undefined (it does not run on repository_dispatch). */
function dispatchTypes(workflow) {
    if (workflow === null || typeof workflow !== 'object')
        return undefined;
    const document = workflow;
    // A YAML 1.1 reader turns the key `on` into true; the yaml package (YAML 1.2) keeps it.
    const on = document['on'] ?? document['true'];
    if (on === 'repository_dispatch')
        return 'all';
    if (Array.isArray(on))
        return on.includes('repository_dispatch') ? 'all' : undefined;
    if (on === null || typeof on !== 'object' || !('repository_dispatch' in on))
        return undefined;
    const trigger = on['repository_dispatch'];
    const types = trigger !== null && typeof trigger === 'object' ? trigger['types'] : undefined;
    if (types === undefined || types === null)
        return 'all';
    if (typeof types === 'string')
        return [types];
    return Array.isArray(types) ? types.map(String) : 'all';
}
/**
 * What the workflows say about `eventType`: a sentence naming the mismatch,
 * or undefined when some workflow listens for it (or nothing certain was
 * learnt). Throws on any failure; the caller keeps it silent.
 */
async function listenerMismatch(client, target, eventType, signal) {
    const where = { owner: target.owner, repo: target.repo };
    const branch = (await (0,contents/* getDefaultBranch */.Q)(client, where, signal)) ?? 'the default branch';
    const on = `on ${branch} of ${target.fullName}`;
    let entries;
    try {
        entries = await (0,contents/* getContents */.h)(client, where, '.github/workflows', { signal });
    }
    catch (error) {
        if (error.status === 404)
            return `no workflow ${on} listens for \`${eventType}\`: it has no .github/workflows.`;
        throw error;
    }
    if (!Array.isArray(entries))
        throw new Error('.github/workflows is not a directory');
    const files = entries.filter(entry => entry.type === 'file' && /\.ya?ml$/i.test(entry.name));
    if (files.length > MAX_WORKFLOW_FILES)
        throw new Error(`${files.length} workflow files: not read one by one`);
    // Loaded here: a step that does not look for a run never evaluates the YAML parser.
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const listened = new Set();
    for (const file of files) {
        const data = await (0,contents/* getContents */.h)(client, where, file.path, { signal });
        const content = data.content;
        if (typeof content !== 'string')
            throw new Error(`${file.path} came without its content`);
        const types = dispatchTypes(parse(Buffer.from(content, 'base64').toString('utf8')));
        // Compared without case: a mismatch is only claimed when certain.
        if (types === 'all' || types?.some(type => type.toLowerCase() === eventType.toLowerCase()))
            return undefined;
        for (const type of types ?? [])
            listened.add(type);
    }
    if (listened.size > 0)
        return `no workflow ${on} listens for \`${eventType}\`; it listens for: ${[...listened].join(', ')}.`;
    const names = files.map(file => file.name).join(', ');
    return `no workflow ${on} runs on repository_dispatch${names ? ` (its workflows: ${names})` : ''}, so \`${eventType}\` starts nothing.`;
}

;// CONCATENATED MODULE: ./src/core/wait/looking.ts




const HEARTBEAT_MS = 60_000;
/** A run usually appears within seconds; the workflows are read only when it has not after this long. */
const CHECK_AFTER_MS = 15_000;
class Looking {
    request;
    lastBeat;
    check;
    stopCheck = new AbortController();
    /** The workflows check's finding, once it has one. */
    mismatch;
    constructor(request) {
        this.request = request;
        this.lastBeat = request.dispatchedAt;
    }
    /** Called on each poll while the run has not been found. */
    tick() {
        const { clock, log, target, distinctId } = this.request;
        const now = clock.now();
        if (this.check === undefined && now - this.request.dispatchedAt >= CHECK_AFTER_MS)
            this.check = this.checkWorkflows();
        if (now - this.lastBeat < HEARTBEAT_MS)
            return;
        this.lastBeat = now;
        const minutes = Math.floor((now - this.request.dispatchedAt) / 60_000);
        log.info(`${target.fullName}: still looking for the run carrying ${distinctId ?? ''} (${minutes} min). ${this.causes()}`);
    }
    /** The likely causes, as a sentence: the workflows check's finding when it has one. */
    causes() {
        if (this.mismatch !== undefined)
            return `Likely cause: ${this.mismatch}`;
        const { event, eventType, target } = this.request;
        if (event === 'workflow_dispatch')
            return `Likely causes: ${(0,correlation/* runNameAdvice */.LV)(event)}, or the run is still queued.`;
        return (`Likely causes: the event type \`${eventType ?? ''}\` is not in the receiving workflow's \`types:\` (on.repository_dispatch.types), ` +
            `the workflow is not on the default branch of ${target.fullName}, or its run-name does not carry the distinct_id (${(0,correlation/* runNameAdvice */.LV)(event)}).`);
    }
    /** The run was found or the wait ended: a check still in flight is abandoned. */
    stop() {
        this.stopCheck.abort();
    }
    async checkWorkflows() {
        const { eventType, event, target, log } = this.request;
        if (event !== 'repository_dispatch' || eventType === undefined)
            return;
        try {
            const mismatch = await listenerMismatch(await this.request.client(), target, eventType, this.stopCheck.signal);
            if (mismatch === undefined || this.stopCheck.signal.aborted)
                return;
            this.mismatch = mismatch;
            log.warning(`${target.fullName}: ${mismatch}`);
        }
        catch (error) {
            log.debug(`${target.fullName}: could not read its workflows to check the event type: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    }
}
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** One listing: the run carrying the id, and whether other runs of the event appeared. */
async function lookForRun(client, request, etag) {
    const { target, event, distinctId = '' } = request;
    const listed = await (0,github_runs/* listRuns */.v)(client, { target, event, created: (0,correlation/* createdFilter */.xK)(request.dispatchedAt) }, etag);
    if (listed.data === undefined)
        return { run: undefined, others: false, etag: listed.etag };
    const runs = listed.data;
    const run = (0,correlation/* findRunWithId */.g_)(runs, distinctId);
    // Runs whose title has no distinct_id at all: the receiving workflow lacks the
    // run-name line. (Another dispatcher's run carries its own id: not a sign.)
    const since = request.dispatchedAt;
    const others = run === undefined && runs.some(r => Date.parse(r.created_at) >= since - 1000 && !UUID.test(r.display_title ?? ''));
    return { run, others, etag: listed.etag };
}

;// CONCATENATED MODULE: ./src/core/wait/follow.ts







function report(runId, last, why, ended) {
    return {
        run_id: runId,
        run_number: last?.run_number ?? null,
        run_url: last?.html_url ?? null,
        status: last?.status ?? null,
        conclusion: null,
        failure: why,
        ...(ended ? { ended } : {})
    };
}
/** The report's fields for the result, and its failure (not how the wait ended: that is for the delivery's settling). */
function runFields(report) {
    const fields = { ...report };
    delete fields.ended;
    return fields;
}
/** GitHub refused the token while following the run (401): the wait stops. */
function rejected(name, detail) {
    return (0,outcome/* failure */.V2)('github-refused', `GitHub rejected the installation token (${detail}) while following the run in ${name}: ` +
        'the token was revoked or expired, and polling with it would not help, so the wait stopped.', { status: 401, step: 'wait' });
}
async function waitForRun(request) {
    if (request.runId !== undefined)
        return followRun(request, request.runId);
    const found = await findRun(request);
    return typeof found === 'number' ? followRun(request, found) : found;
}
/** Phase 1: the run carrying the distinct_id, found by listing runs; its id, or the report of why not. */
async function findRun(request) {
    const name = request.target.fullName;
    const timeoutText = (0,poll/* formatDuration */.a)(request.deadline - request.dispatchedAt);
    let etag;
    let sawOthers = false;
    const looking = new Looking(request);
    const found = await (0,poll/* pollUntil */.g)(request, 'list runs', async () => {
        const look = await lookForRun(await request.client(), request, etag);
        etag = look.etag;
        if (look.others && !sawOthers) {
            sawOthers = true;
            request.log.warning(`${name}: ${request.event} runs started since the dispatch, but none has ${request.distinctId ?? ''} in its title: ${(0,correlation/* runNameAdvice */.LV)(request.event)}.`);
        }
        if (look.run === undefined)
            looking.tick();
        return look.run;
    });
    looking.stop();
    if ('stopped' in found) {
        if (found.stopped === 'cancelled')
            return report(null, undefined, (0,outcome/* failure */.V2)('cancelled', `The step was cancelled before the run in ${name} was found.`), 'cancelled');
        if (found.stopped === 'rejected')
            return report(null, undefined, rejected(name, found.detail), 'rejected');
        const advice = sawOthers ? ` Runs of ${request.event} did start there: ${(0,correlation/* runNameAdvice */.LV)(request.event)}.` : ` ${looking.causes()}`;
        return report(null, undefined, (0,outcome/* failure */.V2)('run-not-found', `No run carrying distinct_id ${request.distinctId ?? ''} appeared in ${name} within ${timeoutText}.${advice}`), 'timeout');
    }
    request.log.info(`${name}: found ${(0,correlation/* runLabel */.Az)(found.value)} (${found.value.display_title ?? ''}): ${found.value.html_url}`);
    return found.value.id;
}
/** Phase 2: follow the run to its conclusion with conditional requests. */
async function followRun(request, id) {
    const name = request.target.fullName;
    const timeoutText = (0,poll/* formatDuration */.a)(request.deadline - request.dispatchedAt);
    let etag;
    let last;
    const { clock } = request;
    let lastLog = clock.now();
    const watch = request.jobs?.length ? new JobsWatch(request.jobs, request.target, id, request.log) : undefined;
    const followed = await (0,poll/* pollUntil */.g)(request, `read run ${id}`, async () => {
        const polled = await (0,github_runs/* getRun */.Mh)(await request.client(), request.target, id, etag);
        etag = polled.etag;
        const run = polled.data;
        if (run !== undefined && run.status !== last?.status) {
            const from = last?.status ? `${last.status} → ` : '';
            request.log.info(`${name}: ${(0,correlation/* runLabel */.Az)(run)} ${from}${run.status ?? 'unknown'}${run.conclusion ? ` (${run.conclusion})` : ''}: ${run.html_url}`);
            lastLog = clock.now();
        }
        else if (clock.now() - lastLog >= HEARTBEAT_MS) {
            request.log.info(`${name}: ${(0,correlation/* runLabel */.Az)(last, id)} still ${last?.status ?? 'unknown'} after ${(0,poll/* formatDuration */.a)(clock.now() - request.dispatchedAt)}.`);
            lastLog = clock.now();
        }
        last = run ?? last;
        if (watch && last)
            return (await watch.check(await request.client(), last)) ? last : undefined;
        return last?.status === 'completed' ? last : undefined;
    }, true);
    if (watch)
        return withJobs(request, followed, watch, last);
    const label = (0,correlation/* runLabel */.Az)(last, id);
    if (!('stopped' in followed))
        return completed(followed.value, name);
    switch (followed.stopped) {
        case 'gone':
            return report(id, last, runGone(`${label} in ${name}`));
        case 'rejected':
            return report(id, last, rejected(name, followed.detail), 'rejected');
        case 'cancelled':
            return report(id, last, (0,outcome/* failure */.V2)('cancelled', `The step was cancelled while waiting for ${label} in ${name} (last status ${last?.status ?? 'unknown'})${last ? `: ${last.html_url}` : ''}.`), 'cancelled');
        case 'timeout':
            return report(id, last, (0,outcome/* failure */.V2)('wait-timeout', (0,placeholders/* msg */.ab) `${label} in ${name} did not finish within ${timeoutText}; its last status was ${last?.status ?? 'unknown'}${last ? ` (${last.html_url})` : ''}. Raise {wait-timeout} if it needs longer.`), 'timeout');
    }
}
function completed(run, name) {
    const result = {
        run_id: run.id,
        run_number: run.run_number ?? null,
        run_url: run.html_url,
        status: run.status,
        conclusion: run.conclusion,
        started_at: run.run_started_at ?? run.created_at,
        completed_at: run.updated_at ?? null
    };
    if (run.conclusion !== 'success') {
        result.failure = (0,outcome/* failure */.V2)('run-failed', `${(0,correlation/* runLabel */.Az)(run)} in ${name} concluded ${run.conclusion ?? 'without a conclusion'}: ${run.html_url}`);
    }
    return result;
}
/** With wait-jobs: the report carries the named jobs' status, conclusion, times and error (jobs.ts), not the run's. */
function withJobs(request, followed, watch, last) {
    if (!('stopped' in followed))
        return watch.runReport(last);
    const why = followed.stopped === 'rejected'
        ? { stopped: followed.stopped, rejected: rejected(request.target.fullName, followed.detail) }
        : { stopped: followed.stopped, waited: (0,poll/* formatDuration */.a)(request.deadline - request.dispatchedAt) };
    return watch.runReport(last, why);
}


/***/ }),

/***/ 6992:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ formatDuration),
/* harmony export */   g: () => (/* binding */ pollUntil)
/* harmony export */ });
/* harmony import */ var _http_retry_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7593);
/* harmony import */ var _http_request_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8734);


/** A rate limit outlasting the request's own retries: wait for it rather than poll into it. */
function rateLimitBackoffMs(error, now) {
    if (error.response === undefined || (error.status !== 403 && error.status !== 429))
        return 0;
    return (0,_http_retry_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitWait */ .hD)({ status: error.status, headers: error.response.headers ?? {}, message: error.message ?? '', now })?.delayMs ?? 0;
}
function describeError(error) {
    return error.response !== undefined
        ? `HTTP ${error.status ?? '?'}: ${error.message ?? ''}`
        : (0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .gl)((0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .networkErrorText */ .Mi)(error));
}
function formatDuration(ms) {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60)
        return `${seconds}s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes}m ${seconds % 60}s`;
    return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
/**
 * Calls `once` every poll interval until it returns a value, the deadline
 * passes, the signal aborts, or GitHub refuses the token (401). Other
 * failures are logged and polled through (rate limits waited out).
 */
async function pollUntil(request, what, once, goneOn404 = false) {
    const { deadline, pollIntervalMs, signal, log, clock } = request;
    for (;;) {
        if (signal?.aborted)
            return { stopped: 'cancelled' };
        let backoffMs = 0;
        try {
            const value = await once();
            if (value !== undefined)
                return { value };
        }
        catch (caught) {
            if (signal?.aborted)
                return { stopped: 'cancelled' };
            const error = caught;
            if (error.status === 401)
                return { stopped: 'rejected', detail: describeError(error) };
            if (error.status === 404 && goneOn404)
                return { stopped: 'gone' };
            backoffMs = rateLimitBackoffMs(error, clock.now());
            log.warning(`${request.target.fullName}: could not ${what} (${describeError(error)}); trying again${backoffMs ? ` in ${formatDuration(backoffMs)}` : ''}.`);
        }
        if (clock.now() >= deadline)
            return { stopped: 'timeout' };
        await clock.sleep(Math.min(Math.max(pollIntervalMs, backoffMs), deadline - clock.now()), signal);
    }
}


/***/ }),

/***/ 8831:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lg: () => (/* binding */ toGitHubError),
/* harmony export */   qk: () => (/* binding */ REPOSITORY_NOT_IN_INSTALLATION),
/* harmony export */   webUrlFor: () => (/* binding */ webUrlFor)
/* harmony export */ });
/* unused harmony export adviceFor */
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3409);
/* harmony import */ var _http_request_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8734);
/* harmony import */ var _model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(891);
/**
 * From a GitHub refusal to a message a person can act on. Pure: the step,
 * the status and GitHub's own message in; one sentence of cause and fix out.
 */



const PERMISSION_DENIED = /permissions requested are not granted|resource not accessible by integration/i;
const REPOSITORY_NOT_IN_INSTALLATION = /repository that does not exist or is not accessible/i;
/** The advice; inputs appear as placeholders (model/placeholders.ts) that each front end renders in its own words. */
function adviceFor(step, status, githubMessage, ctx) {
    return advice(step, status, githubMessage, ctx);
}
function advice(step, status, githubMessage, ctx) {
    if (status === undefined) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Could not reach the GitHub API (${(0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_2__/* .describeNetworkError */ .gl)(githubMessage)}) after retrying. Check {github-api-url} and this machine's network or proxy settings.`;
    }
    const facts = {
        step,
        status,
        githubMessage,
        ctx,
        repos: ctx.repositories.join(', '),
        installPlace: `the App's settings (${ctx.webUrl}/settings/apps for your own App, ${ctx.webUrl}/organizations/ORG/settings/apps for an organization's) → Install App → ${ctx.owner}`,
        said: githubMessage ? ` GitHub said: "${githubMessage}".` : ''
    };
    return credentialsAdvice(facts) ?? installationAdvice(facts) ?? workflowAdvice(facts) ?? genericAdvice(facts);
}
/** 401s and missing permissions. */
function credentialsAdvice({ step, status, githubMessage, ctx, repos, said }) {
    if (status === 401 && (step === 'dispatch' || step === 'revoke')) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub rejected the installation token (401) for ${repos}.${said} The token expired or was revoked while the step ran.`;
    }
    if (status === 401) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub rejected the App's credentials (401).${said} Check that {app-id} '${ctx.appId}' is the App ID or Client ID ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `of the App whose private key you passed, and that the key has not been deleted from the App's settings. ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `A clock on this machine that is minutes off also causes this.`);
    }
    if (PERMISSION_DENIED.test(githubMessage)) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `The App's installation on ${ctx.owner} does not grant ${ctx.permission}, which this needs.${said} ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Add it in the App's settings (Permissions & events → Repository permissions → ${ctx.permission}), ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `then have an owner of ${ctx.owner} accept the new permissions (${ctx.webUrl}/settings/installations for a user, ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `${ctx.webUrl}/organizations/${ctx.owner}/settings/installations for an organization).`);
    }
    return undefined;
}
/** Where the App is (not) installed, and what its token may cover. */
function installationAdvice({ step, status, githubMessage, ctx, repos, installPlace, said }) {
    if (step === 'installation-lookup' && status === 404) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `The GitHub App ({app-id} ${ctx.appId}) cannot see ${repos}: the repository does not exist (check its spelling), ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `or the App is not installed on ${ctx.owner}, or its installation there does not include it. ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Install the App on ${ctx.owner} with access to it: ${installPlace}.`);
    }
    if (step === 'token' && REPOSITORY_NOT_IN_INSTALLATION.test(githubMessage)) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `The App is installed on ${ctx.owner}, but its installation does not include ${repos}: the repository does not exist ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `(check its spelling) or is not granted to the App.${said} Add it to the installation ("Repository access" in ${installPlace}).`);
    }
    if (step === 'token' && status === 404) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Installation ${ctx.installationId ?? ''} does not exist or does not belong to {app-id} ${ctx.appId}.${said} ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Check {installation-id}, or leave it empty to look the installation up from the repository.`);
    }
    if (step === 'token' && status === 403) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub refused an installation token for ${ctx.owner} (403).${said} A suspended installation is the usual cause: check ${installPlace}.`;
    }
    return undefined;
}
/** workflow_dispatch refusals: the workflow, its trigger, the ref. */
function workflowAdvice({ step, status, githubMessage, ctx, repos, said }) {
    if (step !== 'dispatch' || ctx.workflow === undefined)
        return undefined;
    if (status === 404) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Workflow '${ctx.workflow}' was not found in ${repos} (404).${said} Check the file name under .github/workflows ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `on the default branch, or use the workflow's numeric ID.`);
    }
    if (status === 422 && /workflow_dispatch/i.test(githubMessage)) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Workflow '${ctx.workflow}' in ${repos} cannot be started this way.${said} Add 'on: workflow_dispatch' to it on the default branch.`;
    }
    if (status === 422 && /\binputs?\b/i.test(githubMessage)) {
        return ((0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Workflow '${ctx.workflow}' in ${repos} did not accept the inputs.${said} ` +
            (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `Set {inputs} to what its on.workflow_dispatch.inputs declares, every required one included.`);
    }
    if (status === 422 && /\bref\b/i.test(githubMessage)) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub could not use ref '${ctx.ref ?? ''}' in ${repos}.${said} Set {ref} to a branch or tag that exists there.`;
    }
    return undefined;
}
function genericAdvice({ step, status, repos, said }) {
    if ((step === 'default-branch' || step === 'dispatch') && status === 404) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub answered 404 for ${repos} with a token scoped to it: the repository may have been renamed or deleted.${said}`;
    }
    if (status === 403 || status === 429) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub rate-limited the request (${status}) for longer than this step waits.${said} Try again later.`;
    }
    if (status >= 500) {
        return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub answered ${status} repeatedly, so the step gave up after retrying.${said} GitHub may be having an incident.`;
    }
    return (0,_model_placeholders_js__WEBPACK_IMPORTED_MODULE_1__/* .msg */ .ab) `GitHub answered ${status}.${said}`;
}
/** Wraps any failure of a step as a GitHubError carrying the advice. */
function toGitHubError(step, error, ctx) {
    // Already in words: GitHub's own refusal, a cancellation, or the App's JWT that could not be signed (GitHub was not asked).
    if (error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubError */ .y_ || error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc || error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SignerError */ .nw || error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OidcTokenError */ .HZ)
        return error;
    const status = (0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_2__/* .statusOf */ .c2)(error);
    const message = (0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_2__/* .githubMessageOf */ .Ce)(error);
    return new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubError */ .y_(step, status, adviceFor(step, status, message, ctx));
}
/** The web UI that goes with an API URL. */
function webUrlFor(apiUrl) {
    const url = new URL(apiUrl);
    if (url.hostname === 'api.github.com')
        return 'https://github.com';
    // GHE.com (data residency): api.SUBDOMAIN.ghe.com serves SUBDOMAIN.ghe.com.
    if (/^api\.[^.]+\.ghe\.com$/.test(url.hostname))
        return `https://${url.hostname.slice(4)}`;
    // GitHub Enterprise Server: https://HOST/api/v3.
    return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}


/***/ }),

/***/ 3113:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ getDefaultBranch),
/* harmony export */   h: () => (/* binding */ getContents)
/* harmony export */ });
/** `GET /repos/{owner}/{repo}`: the default branch, or undefined when GitHub leaves it out. */
async function getDefaultBranch(client, where, signal) {
    const { data } = await client.request('GET /repos/{owner}/{repo}', {
        owner: where.owner,
        repo: where.repo,
        ...(signal ? { request: { signal } } : {})
    });
    const branch = data.default_branch;
    return typeof branch === 'string' ? branch : undefined;
}
/**
 * `GET /repos/{owner}/{repo}/contents/{path}` on the default branch: a file
 * (with its base64 content, up to 1 MB) or a directory's entries, as GitHub
 * answers; `object` asks for the object form, which answers a directory as an
 * object too, so the caller can tell it from a file before decoding.
 */
async function getContents(client, where, path, options = {}) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: where.owner,
        repo: where.repo,
        path,
        ...(options.object ? { headers: { accept: 'application/vnd.github.object+json' } } : {}),
        ...(options.signal ? { request: { signal: options.signal } } : {})
    });
    return data;
}


/***/ }),

/***/ 9746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qs: () => (/* binding */ findInstallation),
/* harmony export */   W$: () => (/* binding */ mintToken),
/* harmony export */   XW: () => (/* binding */ lookUpInstallation),
/* harmony export */   nY: () => (/* binding */ unrevokedTokenWarning),
/* harmony export */   w$: () => (/* binding */ revokeToken)
/* harmony export */ });
/* unused harmony export RevocationError */
/* harmony import */ var _http_request_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8734);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3409);


/**
 * `GET /repos/{owner}/{repo}/installation`: the id of the installation that
 * covers this repository. Never "the first of GET /app/installations", which
 * is the wrong account for an App installed on several.
 */
async function findInstallation(app, owner, repo) {
    return (await lookUpInstallation(app, owner, repo)).id;
}
/** The same lookup, with the permissions the installation grants (so a refusal can name only what is missing). */
async function lookUpInstallation(app, owner, repo) {
    const { data } = await app.request('GET /repos/{owner}/{repo}/installation', { owner, repo });
    return { id: data.id, permissions: (data.permissions ?? {}) };
}
/**
 * `POST /app/installations/{id}/access_tokens` with `repositories` and
 * `permissions`, sent by this run itself with the App's JWT (auth-app signs
 * it and corrects clock skew). Not `app.auth({ type: 'installation' })`:
 * auth-app shares one pending token request among every caller in the process
 * with the same installation, repositories and permissions (`refresh: true`
 * does not opt out), so two concurrent dispatch() calls would get the same
 * token and the first to finish would revoke it under the other. Every token
 * minted here belongs to the caller that asked for it.
 */
async function mintToken(app, installationId, repositoryNames, permissions, 
/** Set: the request goes on if the step is cancelled meanwhile (its token must come back to be revoked), until this fires. */
cleanupSignal) {
    const { data } = await app.request('POST /app/installations/{installation_id}/access_tokens', {
        installation_id: installationId,
        repositories: repositoryNames,
        permissions,
        ...(cleanupSignal ? { request: { keepOnCancel: true, signal: cleanupSignal } } : {})
    });
    return { token: data.token, expiresAt: data.expires_at, permissions: (data.permissions ?? {}) };
}
/**
 * `DELETE /installation/token`: the token stops working at once. Sent even
 * when the run is cancelled; `deadline` then bounds it. Only a 204 confirms
 * it: any other answer throws, with the token itself cut out of what GitHub
 * said. (GitHub does not document whether the stateless `ghs_<APPID>_<JWT>`
 * tokens of GHE Cloud can be revoked; one that cannot works until it expires.)
 */
async function revokeToken(tokenClient, deadline) {
    let status;
    try {
        ;
        ({ status } = await tokenClient.request('DELETE /installation/token', {
            request: { keepOnCancel: true, ...(deadline === undefined ? {} : { signal: deadline }) }
        }));
    }
    catch (error) {
        const said = withoutToken((0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .githubMessageOf */ .Ce)(error), await tokenOf(tokenClient));
        throw new RevocationError(said, (0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_1__/* .statusOf */ .c2)(error));
    }
    if (status !== 204)
        throw new RevocationError(`it answered ${status}, not 204, so the token may still work`, status);
}
/**
 * A revocation GitHub did not confirm, shaped like a request error (status,
 * response.data.message) so the advice reads it; it never holds the token.
 */
class RevocationError extends _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AppDispatchError */ .oV {
    status;
    name = 'RevocationError';
    response;
    constructor(message, status) {
        super('revocation', message);
        this.status = status;
        this.response = status === undefined ? undefined : { data: { message } };
    }
}
/** The warning for a token that may still work: whose it is, why, and until when (never the token). */
function unrevokedTokenWarning(repositoryNames, detail, expiresAtMs) {
    const until = Number.isFinite(expiresAtMs) ? `until ${new Date(expiresAtMs).toISOString()}` : 'for at most an hour';
    return `Could not revoke a token for ${repositoryNames.join(', ')}: ${detail} It stays valid ${until}.`;
}
async function tokenOf(tokenClient) {
    try {
        const auth = (await tokenClient.auth());
        return typeof auth.token === 'string' ? auth.token : '';
    }
    catch {
        return '';
    }
}
function withoutToken(text, token) {
    return token === '' ? text : text.split(token).join('[the token]');
}


/***/ }),

/***/ 203:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c4: () => (/* binding */ listRunJobs)
/* harmony export */ });
/* unused harmony exports JOBS_PAGE_SIZE, MAX_JOB_PAGES */
/* harmony import */ var _runs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1281);

const ROUTE = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs';
const JOBS_PAGE_SIZE = 100;
/** Pages of jobs read at most (GitHub allows 256 jobs per matrix, and a run several matrices). */
const MAX_JOB_PAGES = 10;
/**
 * Every job of the run's latest attempt, page after page. With `etag` (from
 * the previous call), the first page is asked for conditionally: `jobs` is
 * undefined when it is unchanged (a 304 costs no rate limit). The etag comes
 * back only for a run whose jobs fit on one page: later pages change without
 * the first one changing, so those are read every time.
 */
async function listRunJobs(client, target, runId, etag) {
    const params = { owner: target.owner, repo: target.repo, run_id: runId, filter: 'latest', per_page: JOBS_PAGE_SIZE };
    const first = await (0,_runs_js__WEBPACK_IMPORTED_MODULE_0__/* .conditionalGet */ .fl)(client, ROUTE, params, etag);
    if (first.data === undefined)
        return { etag: first.etag, jobs: undefined };
    const jobs = [...first.data.jobs];
    const pages = Math.min(Math.ceil(first.data.total_count / JOBS_PAGE_SIZE), MAX_JOB_PAGES);
    for (let page = 2; page <= pages; page++) {
        const next = await client.request(ROUTE, { ...params, page });
        jobs.push(...next.data.jobs);
    }
    return { etag: pages > 1 ? undefined : first.etag, jobs };
}


/***/ }),

/***/ 1281:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mh: () => (/* binding */ getRun),
/* harmony export */   Su: () => (/* binding */ cancelRun),
/* harmony export */   fl: () => (/* binding */ conditionalGet),
/* harmony export */   v: () => (/* binding */ listRuns)
/* harmony export */ });
/* harmony import */ var _http_request_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8734);

/** GET with If-None-Match; undefined data on 304 (unchanged). */
async function conditionalGet(client, route, params, etag) {
    try {
        const response = await client.request(route, { ...params, headers: etag ? { 'if-none-match': etag } : {} });
        return { etag: response.headers.etag ?? undefined, data: response.data };
    }
    catch (error) {
        if ((0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(error) === 304)
            return { etag, data: undefined };
        throw error;
    }
}
/** `GET …/actions/runs?event=…&created=…`: the first 100 runs of the event created since then. */
async function listRuns(client, query, etag) {
    const { target, event, created } = query;
    const listed = await conditionalGet(client, 'GET /repos/{owner}/{repo}/actions/runs', { owner: target.owner, repo: target.repo, event, created, per_page: 100 }, etag);
    return { etag: listed.etag, data: listed.data?.workflow_runs };
}
/** `GET …/actions/runs/{run_id}`. */
async function getRun(client, target, runId, etag) {
    return conditionalGet(client, 'GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner: target.owner, repo: target.repo, run_id: runId }, etag);
}
/** `POST …/actions/runs/{id}/cancel` (202; 409 once it can no longer be cancelled). Sent even while the step is cancelled, bounded by `signal`. */
async function cancelRun(client, target, runId, signal) {
    try {
        await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
            owner: target.owner,
            repo: target.repo,
            run_id: runId,
            request: { keepOnCancel: true, signal }
        });
        return 'requested';
    }
    catch (error) {
        if ((0,_http_request_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(error) === 409)
            return 'already-finished';
        throw error;
    }
}


/***/ }),

/***/ 469:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DX: () => (/* binding */ reportsRunByDefault),
/* harmony export */   I7: () => (/* binding */ apiVersionFor),
/* harmony export */   JD: () => (/* binding */ FALLBACK_API_VERSION),
/* harmony export */   PF: () => (/* binding */ isVersionRefusal)
/* harmony export */ });
/* unused harmony export CLOUD_API_VERSION */
/**
 * Which REST API version (`X-GitHub-Api-Version`) a run asks for, and how a
 * server that does not know it is recognised.
 *
 * github.com and GHE.com (`api.SUBDOMAIN.ghe.com`) get 2026-03-10, the first
 * dated version with breaking changes. GitHub Enterprise Server keeps
 * 2022-11-28: each GHES release supports its own set of versions (3.21 is the
 * first with 2026-03-10), and nothing this action reads differs between the two,
 * so asking an older GHES for the new version would only cost a refused request.
 * Whatever was asked for, a 400 that names the version makes the rest of the
 * step use 2022-11-28 (see client.ts).
 */
/** The newest version, sent to GitHub's own clouds. */
const CLOUD_API_VERSION = '2026-03-10';
/** The version every supported GHES knows, and the fallback. */
const FALLBACK_API_VERSION = '2022-11-28';
/** The version to ask `apiUrl` for first. */
function apiVersionFor(apiUrl) {
    let hostname;
    try {
        hostname = new URL(apiUrl).hostname.toLowerCase();
    }
    catch {
        return FALLBACK_API_VERSION;
    }
    if (hostname === 'api.github.com')
        return CLOUD_API_VERSION;
    // GHE.com (data residency): api.SUBDOMAIN.ghe.com; not a look-alike such as api.x.ghe.com.example.
    if (/^api\.[a-z0-9-]+\.ghe\.com$/.test(hostname))
        return CLOUD_API_VERSION;
    return FALLBACK_API_VERSION;
}
/**
 * Whether a failure is the server refusing the version header. GitHub answers
 * 400 with "The version you specified in the "X-GitHub-API-Version" request
 * header, "…", is not a supported version." (seen by Codex-/return-dispatch);
 * GHES's wording is not documented, so any 400 whose message speaks of a
 * version counts. A refused request was not processed, so re-sending it with
 * another version cannot repeat it.
 */
function isVersionRefusal(status, githubMessage) {
    return status === 400 && /version/i.test(githubMessage);
}
/**
 * Under 2026-03-10 workflow_dispatch answers 200 with the run's id by default
 * and no longer accepts `return_run_details`; before, the run details had to be
 * asked for.
 */
function reportsRunByDefault(apiVersion) {
    return apiVersion >= CLOUD_API_VERSION;
}


/***/ }),

/***/ 8744:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k0: () => (/* binding */ baseOptions),
  ie: () => (/* binding */ clockOf),
  Tf: () => (/* binding */ createTokenClient),
  oO: () => (/* binding */ createTransport),
  kA: () => (/* binding */ installRetries),
  Fm: () => (/* binding */ proxyAwareFetch)
});

// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 7 modules
var dist_src = __webpack_require__(3070);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __webpack_require__(9783);
// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/util/clock.ts
var clock = __webpack_require__(7110);
// EXTERNAL MODULE: ./src/http/api-version.ts
var api_version = __webpack_require__(469);
// EXTERNAL MODULE: ./src/http/delivery.ts
var delivery = __webpack_require__(7238);
// EXTERNAL MODULE: ./src/http/request-error.ts
var request_error = __webpack_require__(8734);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/http/node-fetch.ts

const MAX_REDIRECTS = 5;
const agents = new Map();
function client(protocol) {
    let loaded = agents.get(protocol);
    if (loaded === undefined) {
        loaded = (protocol === 'https:' ? Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23)) : Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7067, 23))).then(module => ({
            request: module.request,
            agent: new module.Agent({ keepAlive: true, maxSockets: 50 })
        }));
        agents.set(protocol, loaded);
    }
    return loaded;
}
class ResponseHeaders {
    raw;
    constructor(raw) {
        this.raw = raw;
    }
    get(name) {
        const value = this.raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    }
    *[Symbol.iterator]() {
        for (const [name, value] of Object.entries(this.raw))
            if (value !== undefined)
                yield [name, Array.isArray(value) ? value.join(', ') : value];
    }
}
function abortError(signal) {
    const reason = signal.reason;
    if (reason instanceof Error)
        return reason;
    return Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
}
function once(url, init) {
    return client(url.protocol).then(({ request, agent }) => new Promise((resolve, reject) => {
        const signal = init.signal ?? undefined;
        if (signal?.aborted)
            return reject(abortError(signal));
        const headers = { ...init.headers };
        const options = { method: init.method ?? 'GET', headers, agent };
        let response;
        // Whether the request could have left: the connection (for https, the TLS handshake) completed, or a
        // kept-alive socket was reused. Until then Node holds the request's bytes back (delivery.ts reads this).
        let connected = false;
        const req = request(url, options, res => {
            response = res;
            // An abort while the body is read ends the body too.
            res.once('close', () => signal?.removeEventListener('abort', onAbort));
            resolve(res);
        });
        const onAbort = () => {
            const error = abortError(signal);
            req.destroy(error);
            response?.destroy(error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        req.once('socket', socket => {
            if (req.reusedSocket)
                connected = true;
            else
                socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true));
        });
        req.on('error', error => {
            signal?.removeEventListener('abort', onAbort);
            // As fetch does: a TypeError whose cause is the network error, plus what the socket did.
            const failure = Object.assign(new TypeError('fetch failed'), {
                cause: error,
                connected: connected || req.reusedSocket
            });
            reject(signal?.aborted ? abortError(signal) : failure);
        });
        if (typeof init.body === 'string')
            req.end(init.body);
        else
            req.end();
    }));
}
function collect(res) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
    });
}
async function nodeFetch(input, init = {}) {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    let current = init;
    for (let hop = 0;; hop++) {
        const res = await once(url, current);
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        const redirected = [301, 302, 303, 307, 308].includes(status) && location !== undefined;
        if (redirected && current.redirect === 'error') {
            res.destroy();
            throw Object.assign(new TypeError('fetch failed'), { cause: new Error(`unexpected redirect to ${new URL(location, url).origin}`) });
        }
        if (current.redirect !== 'manual' && redirected && hop < MAX_REDIRECTS) {
            res.resume();
            const next = new URL(location, url);
            const headers = { ...current.headers };
            // Never carry credentials to another origin.
            if (next.origin !== url.origin)
                for (const name of Object.keys(headers))
                    if (name.toLowerCase() === 'authorization')
                        delete headers[name];
            const method = status === 303 || ((status === 301 || status === 302) && current.method === 'POST') ? 'GET' : current.method;
            current = { ...current, headers, method, body: method === 'GET' ? undefined : current.body };
            url = next;
            continue;
        }
        let consumed;
        const bytes = () => (consumed ??= collect(res));
        // A response nobody reads (Octokit returns 204/205 at once) must still be drained,
        // or its socket never goes back to the pool.
        if (status === 204 || status === 205 || status === 304 || current.method === 'HEAD')
            void bytes().catch(() => undefined);
        return {
            status,
            statusText: res.statusMessage ?? '',
            url: url.href,
            ok: status >= 200 && status < 300,
            headers: new ResponseHeaders(res.headers),
            text: async () => (await bytes()).toString('utf8'),
            json: async () => JSON.parse((await bytes()).toString('utf8')),
            arrayBuffer: async () => {
                const buffer = await bytes();
                return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
            },
            get body() {
                return external_node_stream_.Readable.toWeb(res);
            }
        };
    }
}

// EXTERNAL MODULE: ./src/http/retry-policy.ts
var retry_policy = __webpack_require__(7593);
;// CONCATENATED MODULE: ./src/http/client.ts
/**
 * One configured request stack for every call of a run: base URL, user agent,
 * proxy, per-request timeout, secret registration and the retry policy. The
 * App client (JWT, via @octokit/auth-app) and the installation-token client
 * share it, so auth-app's own requests get the same behaviour as ours.
 */









/** A request that takes longer counts as a network failure (and is retried). */
const REQUEST_TIMEOUT_MS = 30_000;
function createTransport(settings) {
    const seen = new Set();
    const registerSecret = (secret) => {
        if (secret === '' || seen.has(secret))
            return;
        seen.add(secret);
        settings.onSecret(secret);
    };
    const base = proxyAwareFetch();
    const wrapped = (async (url, init) => {
        // Octokit passes headers as a plain object (no Headers: it would load Node's fetch).
        const headers = (init?.headers ?? {});
        const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
        if (authorization)
            registerSecret(authorization.replace(/^(?:bearer|token)\s+/i, ''));
        // Let the HTTP client return the previous response's connection to its pool
        // first: a request issued in the same tick finds it busy and opens a second
        // connection (another TCP and TLS handshake against GitHub).
        await new Promise(resolve => setImmediate(resolve));
        const timeoutMs = settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        try {
            return await base(url, { ...init, signal });
        }
        catch (error) {
            // Said as what it is: no answer in time (the request may have been processed).
            if (!timeout.aborted || init?.signal?.aborted)
                throw error;
            const cause = Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' });
            throw Object.assign(new TypeError('fetch failed'), { cause });
        }
    });
    return { settings, fetch: wrapped, pausedUntil: 0, registerSecret, apiVersion: settings.apiVersion ?? (0,api_version/* apiVersionFor */.I7)(settings.apiUrl) };
}
/** The clock a stack's settings name (real time unless a test passed one). */
function clockOf(settings) {
    return settings.clock ?? clock/* realClock */.d;
}
/**
 * Node's own fetch (keep-alive, one connection reused for the whole run)
 * unless https_proxy / http_proxy / no_proxy send a URL through a proxy,
 * decided for each request's own host and scheme (@actions/http-client's
 * rules): the storage host a download is redirected to is not the API host.
 * Then undici's fetch with a ProxyAgent (one per proxy). undici is loaded
 * only then: the bundles do not evaluate it otherwise (see
 * bundle-stubs/undici.ts; `undici/index.js` is the real package).
 */
function proxyAwareFetch() {
    const agents = new Map();
    const load = async (proxy) => {
        const undici = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
        const dispatcher = new undici.ProxyAgent(proxy);
        return (url, init) => undici.fetch(url, { ...init, dispatcher });
    };
    return async (url, init) => {
        const proxy = (0,lib_proxy/* getProxyUrl */.s)(new URL(typeof url === 'string' || url instanceof URL ? url : url.url));
        if (!proxy)
            return nodeFetch(url, init);
        let proxied = agents.get(proxy.href);
        if (proxied === undefined)
            agents.set(proxy.href, (proxied = load(proxy.href)));
        return (await proxied)(url, init);
    };
}
function baseOptions(transport) {
    const { settings } = transport;
    return {
        baseUrl: settings.apiUrl,
        userAgent: settings.userAgent,
        request: { fetch: transport.fetch },
        log: {
            debug: (message) => settings.log.debug(message),
            info: (message) => settings.log.debug(message),
            warn: (message) => settings.log.warning(message),
            error: (message) => settings.log.warning(message)
        }
    };
}
/** Authenticates with an installation token. */
function createTokenClient(transport, token) {
    transport.registerSecret(token);
    const octokit = new dist_src/* Octokit */.E({ ...baseOptions(transport), auth: token });
    installRetries(octokit, transport);
    return octokit;
}
/** The path actually requested, for log lines ("/repos/o/r/installation", not the route template). */
function requestedPath(octokit, options) {
    try {
        return new URL(octokit.request.endpoint.parse(options).url).pathname;
    }
    catch {
        return String(options.url);
    }
}
/** Refused (400): the rest of the run asks for 2022-11-28; said once, by whichever request saw it first. */
function fallBackToOldVersion(transport, refused) {
    if (transport.apiVersion !== refused)
        return;
    transport.apiVersion = api_version/* FALLBACK_API_VERSION */.JD;
    transport.settings.log.notice(`This GitHub does not support REST API version ${refused} (it answered 400): using ${api_version/* FALLBACK_API_VERSION */.JD} for the rest of this run.`);
}
/** Replaces the parameters set for the previous attempt's version by this one's; returns their names. */
function setVersioned(options, previous, params) {
    for (const name of previous)
        delete options[name];
    Object.assign(options, params);
    return Object.keys(params);
}
/**
 * Wraps every request (outermost, so auth runs again on each attempt) in the
 * retry policy, and ties it to the run's cancellation.
 */
function installRetries(octokit, transport) {
    const { log, signal } = transport.settings;
    const clock = clockOf(transport.settings);
    octokit.hook.wrap('request', async (request, options) => {
        const own = (options.request ?? {});
        const cancellable = signal !== undefined && own.keepOnCancel !== true;
        if (cancellable) {
            options.request = { ...options.request, signal: own.signal ? AbortSignal.any([own.signal, signal]) : signal };
        }
        const started = clock.now();
        let versioned = [];
        for (let attempt = 1;; attempt++) {
            if (cancellable && signal.aborted)
                throw new errors/* CancelledError */.cc(false);
            const pause = transport.pausedUntil - clock.now();
            if (pause > 0)
                await clock.sleep(pause, signal);
            if (cancellable && signal.aborted)
                throw new errors/* CancelledError */.cc(false);
            // Pinned: GitHub's dated versions may break shapes (2026-03-10 did); an unpinned client gets whatever the default becomes.
            const version = transport.apiVersion;
            options.headers = { ...options.headers, 'x-github-api-version': version };
            // Set on `options` itself: the next hook is bound to this object and ignores one passed in its place.
            if (own.paramsFor)
                versioned = setVersioned(options, versioned, own.paramsFor(version));
            try {
                return await request(options);
            }
            catch (caught) {
                if (cancellable && signal.aborted)
                    throw new errors/* CancelledError */.cc(true);
                // Already final and explained where it failed: the App's JWT could not be signed (SignerError: AWS KMS,
                // which retries its own transient failures, or createJwt), the job's OIDC token could not be had, the
                // run was cancelled. Sending again would only ask KMS again for the same refusal.
                if (caught instanceof errors/* AppDispatchError */.oV)
                    throw caught;
                const error = caught;
                if (version !== api_version/* FALLBACK_API_VERSION */.JD && (0,api_version/* isVersionRefusal */.PF)(error.status, (0,request_error/* githubMessageOf */.Ce)(error))) {
                    fallBackToOldVersion(transport, version);
                    attempt -= 1; // refused unprocessed: not an attempt that counts against the retry budget
                    continue;
                }
                const answered = error.response !== undefined;
                // A request that must not take effect twice (a dispatch) is sent again
                // only when the failure proves it never reached GitHub.
                const ambiguous = !answered || (error.status ?? 0) >= 500;
                if (ambiguous && own.retryAmbiguous === false && !(0,delivery/* provenNotDelivered */.GX)(caught))
                    throw caught;
                const decision = (0,retry_policy/* decideRetry */.tE)({
                    status: answered ? error.status : undefined,
                    headers: error.response?.headers ?? {},
                    message: answered ? (error.message ?? '') : (0,request_error/* describeNetworkError */.gl)((0,request_error/* networkErrorText */.Mi)(caught)),
                    fromSettings: (0,delivery/* failsBySettings */.ww)(caught),
                    attempt,
                    elapsedMs: clock.now() - started,
                    now: clock.now()
                });
                if (!decision.retry || signal?.aborted)
                    throw caught;
                if (decision.rateLimited) {
                    transport.pausedUntil = Math.max(transport.pausedUntil, clock.now() + decision.delayMs);
                }
                log.info(`${String(options.method)} ${requestedPath(octokit, options)}: ${decision.reason}; retrying in ${(decision.delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1}).`);
                await clock.sleep(decision.delayMs, signal);
            }
        }
    });
}


/***/ }),

/***/ 7238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BW: () => (/* binding */ mayHaveArrived),
/* harmony export */   GX: () => (/* binding */ provenNotDelivered),
/* harmony export */   ji: () => (/* binding */ socketConnected),
/* harmony export */   ww: () => (/* binding */ failsBySettings)
/* harmony export */ });
/* harmony import */ var _request_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8734);
/**
 * Whether a failed request may have reached GitHub. GitHub has no
 * idempotency key for dispatches, so a dispatch is sent again only when the
 * failure proves it never arrived; everything else is "maybe". Pure.
 */

/**
 * For a request sent without the socket's account (through a proxy, by undici): network errors that
 * only come from setting up a connection, before any byte of the request could be written: the name did
 * not resolve, no route, the connection was refused, or the server's certificate was not trusted
 * (checked during the handshake). Not EPROTO nor ERR_SSL_WRONG_VERSION_NUMBER: OpenSSL raises them
 * too for a bad record that arrives after the request was written (a TLS 1.2 load balancer or
 * inspection box that writes a plaintext error after forwarding it). A reset, a hang-up or a timeout
 * may come after the server read and processed the request.
 */
const CONNECT_PHASE_CODES = new Set([
    'ENOTFOUND',
    'EAI_AGAIN',
    'EAI_NONAME',
    'ECONNREFUSED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID'
]);
/** The error codes along an error's cause chain (Octokit's RequestError → fetch's TypeError → the socket error). */
function codesOf(error) {
    return [...(0,_request_error_js__WEBPACK_IMPORTED_MODULE_0__/* .causeChain */ .DD)(error)].flatMap(({ code }) => (typeof code === 'string' ? [code] : []));
}
/** Failures that come from the URL or this machine's settings, not from a passing fault: they do not go away within seconds. */
const SETTINGS_CODES = new Set([
    'ENOTFOUND',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER'
]);
/**
 * True when no answer came because of the URL or the machine's settings: a host name that does not
 * resolve, an untrusted certificate, or an https:// URL that reaches a plain-http port (OpenSSL's
 * "wrong version number", which Node may report as a bare EPROTO; other EPROTO failures may pass).
 */
function failsBySettings(error) {
    if (error?.response !== undefined)
        return false;
    // Past the connection and handshake, the URL and the machine's settings were good.
    if (socketConnected(error) === true)
        return false;
    const codes = codesOf(error);
    if (codes.some(code => SETTINGS_CODES.has(code)))
        return true;
    return codes.includes('EPROTO') && /wrong version number|packet length too long/i.test((0,_request_error_js__WEBPACK_IMPORTED_MODULE_0__/* .networkErrorText */ .Mi)(error));
}
/**
 * What the socket had done when the request failed, as node-fetch.ts records it on fetch's TypeError
 * (SocketFailure.connected): true when the connection, or for https the TLS handshake, had completed or
 * a kept-alive socket was reused; undefined when the failure does not say (undici, the proxy path).
 */
function socketConnected(error) {
    for (const link of (0,_request_error_js__WEBPACK_IMPORTED_MODULE_0__/* .causeChain */ .DD)(error)) {
        const connected = link.connected;
        if (typeof connected === 'boolean')
            return connected;
    }
    return undefined;
}
/**
 * True when the failure proves the request never reached the server, so sending it again cannot
 * duplicate it. Judged by what the socket did, not by the error's code: never sent only when the
 * connection (for https, the TLS handshake) never completed on a fresh socket. Without the socket's
 * account, only errors that come from setting up a connection count.
 */
function provenNotDelivered(error) {
    const e = error;
    if (e?.response !== undefined)
        return false;
    const connected = socketConnected(error);
    if (connected !== undefined)
        return !connected;
    return codesOf(error).some(code => CONNECT_PHASE_CODES.has(code));
}
/** A failure after which the request may or may not have taken effect: no answer, or a 5xx. */
function mayHaveArrived(error) {
    const e = error;
    if (e?.response === undefined)
        return !provenNotDelivered(error);
    return typeof e.status === 'number' && e.status >= 500;
}


/***/ }),

/***/ 8734:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ce: () => (/* binding */ githubMessageOf),
/* harmony export */   DD: () => (/* binding */ causeChain),
/* harmony export */   Mi: () => (/* binding */ networkErrorText),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   gl: () => (/* binding */ describeNetworkError)
/* harmony export */ });
/** The HTTP status GitHub answered with; undefined when no answer came (a network failure) or it is not a request error. */
function statusOf(error) {
    const e = error;
    return e?.response !== undefined && typeof e.status === 'number' ? e.status : undefined;
}
/**
 * A network failure as Node reported it: the messages along the error's `cause` chain (Octokit's
 * RequestError → fetch's TypeError → the socket's error: "getaddrinfo ENOTFOUND api.x", OpenSSL's
 * "wrong version number"), each said once, fetch's bare "fetch failed" left out when there is more.
 * Read by property, not `instanceof`: the socket's error may come from another realm (a test
 * runner's VM context), where Octokit's `cause instanceof Error` check drops it.
 */
function networkErrorText(error) {
    const messages = [];
    for (const { message } of causeChain(error)) {
        if (typeof message === 'string' && message !== '' && !messages.some(seen => seen.includes(message)))
            messages.push(message);
    }
    const specific = messages.filter(message => message !== 'fetch failed');
    return (specific.length > 0 ? specific : messages).join('; ') || String(error);
}
/**
 * The error and its causes, outermost first (Octokit's RequestError → fetch's TypeError → the
 * socket's error), at most five deep. Read by property: any realm's errors, or plain objects.
 */
function* causeChain(error) {
    let current = error;
    for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
        const link = current;
        yield link;
        current = link.cause;
    }
}
/** GitHub's `message` from an error response, or the error's own text. */
function githubMessageOf(error) {
    const e = error;
    const data = e?.response?.data;
    if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
        const errors = 'errors' in data && Array.isArray(data.errors) ? data.errors : [];
        const details = errors
            .map((item) => typeof item === 'string' ? item : item && typeof item === 'object' && 'message' in item ? String(item.message) : '')
            .filter(Boolean);
        return details.length ? `${data.message}: ${details.join('; ')}` : data.message;
    }
    return e?.response === undefined ? networkErrorText(error) : (e.message ?? String(error));
}
/**
 * A network failure in one line a person can act on: OpenSSL's multi-line
 * reports and Node's error codes turned into words. `connected`: the socket
 * had completed its connection and TLS handshake (delivery.ts, socketConnected).
 */
function describeNetworkError(message, connected) {
    if (/wrong version number|packet length too long|EPROTO/i.test(message)) {
        if (connected === true) {
            return 'after the request was sent, something between this machine and GitHub answered with bytes that are not TLS (a load balancer or an inspection proxy?)';
        }
        return 'the server did not answer with TLS: is the https:// URL pointing at a plain http port?';
    }
    if (/self[- ]signed|unable to (get|verify) (local )?issuer|certificate/i.test(message)) {
        return `the server's TLS certificate is not trusted (${message.split('\n')[0]?.trim() ?? ''}); for a private CA set NODE_EXTRA_CA_CERTS`;
    }
    // Node names the address it tried after the code: "connect ECONNREFUSED 127.0.0.1:1", "getaddrinfo ENOTFOUND api.x".
    const at = /(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\s+([^\s,;)]+)/.exec(message)?.[1];
    if (/ECONNREFUSED/.test(message))
        return `connection refused${at ? ` by ${at}` : ''}: nothing listens at that address and port`;
    if (/ENOTFOUND|EAI_AGAIN/.test(message))
        return `the host name${at ? ` ${at}` : ''} does not resolve`;
    if (/^no answer within/.test(message))
        return message;
    if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|timeout/i.test(message))
        return `the connection${at ? ` to ${at}` : ''} timed out`;
    if (/ECONNRESET|other side closed|socket hang up/i.test(message))
        return 'the connection was closed before an answer came';
    return message
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(Boolean)
        .join(' ');
}


/***/ }),

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hD: () => (/* binding */ rateLimitWait),
/* harmony export */   le: () => (/* binding */ freshTokenRetryDelay),
/* harmony export */   tE: () => (/* binding */ decideRetry)
/* harmony export */ });
/* unused harmony exports RETRY_BUDGET_MS, MAX_ATTEMPTS, BASE_BACKOFF_MS, SECONDARY_RATE_LIMIT_WAIT_MS, FRESH_TOKEN_WINDOW_MS, FRESH_TOKEN_RETRY_MS */
/**
 * When to send a failed request again, and after how long. Pure, so every
 * rule is unit-tested without a clock or a server.
 *
 * Why not @octokit/plugin-retry + @octokit/plugin-throttling: plugin-retry
 * ignores `retry-after` (fixed 1 s, 4 s, 9 s) and plugin-throttling only
 * retries 429s whose message says "secondary rate"; throttling's default
 * Bottleneck groups also space every write 1 s apart, which would add a
 * second per POST to a step whose whole job is three requests, and neither
 * gives one overall time budget. The policy we need is a dozen lines.
 */
/** Statuses that say "this request is wrong", never "try later". */
const NEVER_RETRY = new Set([400, 401, 404, 410, 422, 451]);
/** Give up when the next wait would end more than this after the first attempt. */
const RETRY_BUDGET_MS = 60_000;
/** At most this many attempts for one request, the first included. */
const MAX_ATTEMPTS = 5;
/** First backoff for 5xx and network failures; doubles each time. */
const BASE_BACKOFF_MS = 1_000;
/** GitHub's advice for a secondary rate limit without `retry-after`. */
const SECONDARY_RATE_LIMIT_WAIT_MS = 60_000;
function decideRetry(failure, random = Math.random) {
    const { status, attempt, elapsedMs } = failure;
    if (attempt >= MAX_ATTEMPTS)
        return { retry: false };
    if (status !== undefined && NEVER_RETRY.has(status))
        return { retry: false };
    // A host name that does not resolve rarely starts resolving within seconds, and an https:// URL that
    // reaches a plain-http port or an untrusted certificate never fixes itself: one retry, for a blip.
    if (status === undefined && attempt >= 2 && failure.fromSettings === true)
        return { retry: false };
    let delayMs;
    let rateLimited = false;
    let reason;
    const rateLimit = status === 403 || status === 429 ? rateLimitWait(failure) : undefined;
    if (rateLimit !== undefined) {
        ;
        ({ delayMs, reason } = rateLimit);
        rateLimited = true;
    }
    else if (status === undefined || status >= 500) {
        // Exponential backoff with jitter: 1 s, 2 s, 4 s, 8 s, each 50-100 %.
        const full = BASE_BACKOFF_MS * 2 ** (attempt - 1);
        delayMs = Math.round(full / 2 + (full / 2) * random());
        reason = status === undefined ? `no answer (${failure.message})` : `HTTP ${status}`;
    }
    else {
        // 403 without rate-limit headers is a permission problem; other 4xx are final.
        return { retry: false };
    }
    if (elapsedMs + delayMs > RETRY_BUDGET_MS)
        return { retry: false };
    return { retry: true, delayMs, rateLimited, reason };
}
function header(headers, name) {
    const value = headers[name];
    return value === undefined ? undefined : String(value);
}
/** How long a 403/429 asks to wait (retry-after, or until x-ratelimit-reset), if it is a rate limit. */
function rateLimitWait(failure) {
    const retryAfter = header(failure.headers, 'retry-after');
    if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) {
        return { delayMs: Number(retryAfter) * 1000, reason: `rate limited, retry-after ${retryAfter} s` };
    }
    const remaining = header(failure.headers, 'x-ratelimit-remaining');
    const reset = header(failure.headers, 'x-ratelimit-reset');
    if (remaining === '0' && reset !== undefined && /^\d+$/.test(reset)) {
        // One second past the reset, as GitHub's docs advise.
        const delayMs = Math.max(0, Number(reset) * 1000 - failure.now) + 1000;
        return { delayMs, reason: `rate limit exhausted until ${new Date(Number(reset) * 1000).toISOString()}` };
    }
    if (failure.status === 429 || /secondary rate limit/i.test(failure.message)) {
        return { delayMs: SECONDARY_RATE_LIMIT_WAIT_MS, reason: 'secondary rate limit' };
    }
    return undefined;
}
/**
 * GitHub's replicas may not know an installation token for a few seconds after it was minted, and
 * answer 401 meanwhile (octokit's auth-app retries such a 401 for about 5 s for this reason).
 */
const FRESH_TOKEN_WINDOW_MS = 5_000;
/** The wait between two sends of a request refused that way. */
const FRESH_TOKEN_RETRY_MS = 1_000;
/**
 * How long to wait before sending again a request its token's first seconds refused with 401, given
 * the token's age now (ms since it was minted); undefined: the 401 stands (the next attempt would start
 * outside the window). Safe for a dispatch: GitHub refuses a 401 before processing anything.
 */
function freshTokenRetryDelay(tokenAgeMs) {
    return tokenAgeMs + FRESH_TOKEN_RETRY_MS <= FRESH_TOKEN_WINDOW_MS ? FRESH_TOKEN_RETRY_MS : undefined;
}


/***/ }),

/***/ 7110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ realClock)
/* harmony export */ });
/* harmony import */ var _sleep_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7783);
/**
 * Time as a dependency: everything that reads the time or waits (the request
 * stack's retries, the wait loop, the token session, the target run) asks a
 * Clock, passed down from the core's environment. Users always get realClock;
 * tests pass a virtual one (__tests__/support/virtual-clock.ts), so hours of
 * waiting run in-process in milliseconds.
 */

const realClock = { now: () => Date.now(), sleep: _sleep_js__WEBPACK_IMPORTED_MODULE_0__/* .sleep */ .y };


/***/ }),

/***/ 7783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/** Waits `ms` milliseconds, or less if `signal` aborts first (it never rejects). */
function sleep(ms, signal) {
    return new Promise(resolve => {
        if (signal?.aborted)
            return resolve();
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal?.addEventListener('abort', done, { once: true });
    });
}


/***/ })

};
