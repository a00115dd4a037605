export const id = 831;
export const ids = [831];
export const modules = {

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


/***/ })

};
