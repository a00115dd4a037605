export const id = 137;
export const ids = [137];
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

/***/ 137:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kmsSigner: () => (/* binding */ kmsSigner)
});

// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/auth/signers/aws/http.ts
var http = __webpack_require__(5194);
// EXTERNAL MODULE: ./src/auth/runner-oidc.ts
var runner_oidc = __webpack_require__(6354);
;// CONCATENATED MODULE: ./src/auth/signers/aws/credentials.ts
/**
 * AWS credentials for the KMS call: those in the environment (as
 * aws-actions/configure-aws-credentials or Lambda set them), or, with a role
 * to assume, 15-minute credentials from STS AssumeRoleWithWebIdentity for the
 * job's OIDC token (query API, XML answer, no AWS credentials needed). Every
 * credential goes to `onSecret` before use; none is written anywhere, so
 * nothing reaches later steps.
 */



const ASSUMED_ROLE_SECONDS = 900;
const OIDC_AUDIENCE = 'sts.amazonaws.com';
function environmentCredentials(context, env) {
    const accessKeyId = env['AWS_ACCESS_KEY_ID'] ?? '';
    const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'] ?? '';
    const sessionToken = env['AWS_SESSION_TOKEN'] || undefined;
    for (const secret of [accessKeyId, secretAccessKey, sessionToken])
        if (secret)
            context.onSecret(secret);
    if (!accessKeyId || !secretAccessKey) {
        throw new errors/* SignerError */.nw('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).');
    }
    return { credentials: { accessKeyId, secretAccessKey, sessionToken }, identity: 'the AWS credentials in the environment' };
}
const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The text of the first <tag> in an STS answer (flat values only). */
function xmlText(xml, tag) {
    const raw = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
    return raw?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => XML_ENTITIES[name] ?? '');
}
/** The `sub` claim of a JWT (which repository, ref or environment the job is), for messages. */
function subjectOf(jwt) {
    try {
        const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return typeof claims.sub === 'string' ? (0,http/* oneLine */.TN)(claims.sub, 200) : '?';
    }
    catch {
        return '?';
    }
}
function explainStsError(code, message, role, subject) {
    const said = message ? ` STS said: "${message}".` : '';
    if (code === 'AccessDenied') {
        return (`STS would not let this job assume ${role} (AccessDenied).${said} The role's trust policy must allow sts:AssumeRoleWithWebIdentity ` +
            `for the federated principal token.actions.githubusercontent.com with aud sts.amazonaws.com and a sub matching this job's "${subject}" (docs/keyless.md).`);
    }
    if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') {
        return (`STS did not accept the job's OIDC token for ${role} (${code}).${said} The role's account needs GitHub's OIDC provider ` +
            `(https://token.actions.githubusercontent.com, audience sts.amazonaws.com), see docs/keyless.md.`);
    }
    return `STS could not assume ${role} (${code}).${said}`;
}
/** A role session name from the run (letters, digits and +=,.@-; at most 64). */
function sessionName(env) {
    const run = [env['GITHUB_RUN_ID'], env['GITHUB_RUN_ATTEMPT']].filter(Boolean).join('-');
    return `app-dispatch${run ? `-${run}` : ''}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
/** Credentials of `role` for 15 minutes, for the job's OIDC token. */
async function assumeRoleWithOidc(context, env, role, region) {
    const token = await (0,runner_oidc/* runnerOidcToken */.p)(context, {
        requestUrl: env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '',
        requestToken: env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? '',
        audience: OIDC_AUDIENCE
    });
    const url = (0,http/* awsEndpoint */.PC)('sts', region, env);
    const body = new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: role,
        RoleSessionName: sessionName(env),
        WebIdentityToken: token,
        DurationSeconds: String(ASSUMED_ROLE_SECONDS)
    }).toString();
    const headers = () => ({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    const answer = await (0,http/* awsRequest */.g0)(context, url, { method: 'POST', headers, body }, 'AWS STS', a => /^(Throttling|IDPCommunicationError)$/.test(xmlText(a.text, 'Code') ?? ''));
    const accessKeyId = xmlText(answer.text, 'AccessKeyId');
    const secretAccessKey = xmlText(answer.text, 'SecretAccessKey');
    const sessionToken = xmlText(answer.text, 'SessionToken');
    for (const secret of [accessKeyId, secretAccessKey, sessionToken])
        if (secret)
            context.onSecret(secret);
    if (answer.status !== 200 || !accessKeyId || !secretAccessKey || !sessionToken) {
        const code = xmlText(answer.text, 'Code') ?? `HTTP ${answer.status}`;
        throw new errors/* SignerError */.nw(explainStsError(code, (0,http/* oneLine */.TN)(xmlText(answer.text, 'Message') ?? ''), role, subjectOf(token)));
    }
    const expiration = Date.parse(xmlText(answer.text, 'Expiration') ?? '');
    const assumed = xmlText(answer.text, 'Arn');
    context.log.info(`Assumed ${role} with the job's OIDC token${assumed ? ` as ${assumed}` : ''}.`);
    return {
        credentials: { accessKeyId, secretAccessKey, sessionToken, expiresAt: isNaN(expiration) ? undefined : expiration },
        identity: assumed ?? `role ${role}`
    };
}

// EXTERNAL MODULE: ./src/model/placeholders.ts
var placeholders = __webpack_require__(891);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/auth/signers/aws/sigv4.ts
/**
 * AWS Signature Version 4 for the one request this project signs: KMS Sign
 * (POST, a JSON body, no query). STS AssumeRoleWithWebIdentity is not signed.
 *
 * Hand-written on node:crypto rather than a library, chosen by size and
 * start-up, measured here (Node 22, CPU time of a process that loads the
 * client and signs one Sign request, median of 25, docs/performance.md):
 * @aws-sdk/client-kms is 548 KB bundled and minified and costs 240 ms over
 * bare Node; aws4fetch is small (10 KB bundled, no dependencies) but costs
 * 101 ms, because it builds a `Headers`, which loads Node's internal fetch
 * (undici; 78 ms alone: the reason the request stack avoids Node's fetch,
 * see node-fetch.ts); this file costs 10 ms. It is AWS's documented
 * algorithm in about 40 lines, checked against AWS's test suite and a
 * signature computed by aws4fetch (__tests__/app-jwt.test.ts), and against
 * the stand-in's own verification in the end-to-end tests.
 */

const sha256 = (data) => (0,external_node_crypto_.createHash)('sha256').update(data, 'utf8').digest('hex');
const hmac = (key, data) => (0,external_node_crypto_.createHmac)('sha256', key).update(data, 'utf8').digest();
/** RFC 3986 percent-encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** Byte order (the encoded text is ASCII), as AWS compares. */
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** The request's headers plus host, x-amz-date, the session token and the Authorization header. */
function signRequest(request) {
    const { url, credentials } = request;
    const amzDate = new Date(request.now ?? Date.now()).toISOString().replace(/[-:]|\.\d{3}/g, '');
    const date = amzDate.slice(0, 8);
    const headers = { host: url.host, 'x-amz-date': amzDate };
    for (const [name, value] of Object.entries(request.headers))
        headers[name.toLowerCase()] = value;
    if (credentials.sessionToken)
        headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(';');
    const canonicalPath = url.pathname
        .split('/')
        .map(segment => encode(segment))
        .join('/');
    // Sorted by encoded name, then by value, as AWS sorts it: not as "name=value" text, where 'a-b=1' would come before 'a=2'.
    const canonicalQuery = [...url.searchParams]
        .map(([key, value]) => [encode(key), encode(value)])
        .sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB))
        .map(([key, value]) => `${key}=${value}`)
        .join('&');
    const canonicalRequest = [
        request.method,
        canonicalPath,
        canonicalQuery,
        names.map(name => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
        signedHeaders,
        sha256(request.body)
    ].join('\n');
    const scope = `${date}/${request.region}/${request.service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
    const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), request.region), request.service), 'aws4_request');
    const signature = (0,external_node_crypto_.createHmac)('sha256', key).update(stringToSign, 'utf8').digest('hex');
    headers['authorization'] =
        `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
}

;// CONCATENATED MODULE: ./src/auth/signers/aws/kms.ts
/**
 * AWS KMS `Sign` over its JSON protocol (POST /, X-Amz-Target:
 * TrentService.Sign, application/x-amz-json-1.1, SigV4 for service `kms`):
 * the JWT's `header.payload` signed RAW with RSASSA_PKCS1_V1_5_SHA_256 by
 * the key that holds the App's private key. Refusals come back in words.
 */




/** KMS's error type from a JSON error answer: `__type` without its namespace ('com.amazonaws.kms#'). */
function kmsErrorOf(answer) {
    let body = {};
    try {
        body = JSON.parse(answer.text);
    }
    catch {
        // not JSON: the status says what is known
    }
    const text = (value) => (typeof value === 'string' ? value : '');
    const type = text(body['__type']).replace(/^.*#/, '') || `HTTP ${answer.status}`;
    const message = (0,http/* oneLine */.TN)(text(body['message']) || text(body['Message']));
    return { type, message };
}
const TRANSIENT = /^(ThrottlingException|KMSInternalException|DependencyTimeoutException|LimitExceededException)$/;
/** The state a KMSInvalidStateException names, in KMS's own words (PendingImport, PendingDeletion, …). */
function keyState(message) {
    if (/pending import/i.test(message))
        return 'PendingImport';
    if (/pending deletion/i.test(message))
        return 'PendingDeletion';
    return /\b(PendingImport|PendingDeletion|PendingReplicaDeletion|Disabled|Unavailable|Creating|Updating)\b/.exec(message)?.[1];
}
/**
 * One sentence of cause and fix for a KMS refusal. `identity`: who asked
 * (the assumed role, or "the credentials in the environment"), used when KMS
 * does not name the caller itself.
 */
function explainKmsError(type, message, key, identity) {
    const said = message ? ` KMS said: "${message}".` : '';
    const where = `AWS KMS key ${key.keyId} in ${key.region}`;
    switch (type) {
        case 'AccessDeniedException': {
            const caller = /User: (\S+) is not authorized/.exec(message)?.[1] ?? identity;
            const resource = /on resource: (arn:\S+?)(?:\s|$)/.exec(message)?.[1] ?? key.keyId;
            return (`${caller} may not kms:Sign with ${resource} (AccessDeniedException).${said} Allow it in that identity's IAM policy: ` +
                `{"Effect": "Allow", "Action": "kms:Sign", "Resource": "${resource.startsWith('arn:') ? resource : 'THE KEY ARN'}"}, ` +
                `and make sure the key policy lets the account's IAM policies grant it (docs/keyless.md).`);
        }
        case 'NotFoundException':
            return ((0,placeholders/* msg */.ab) `${where} does not exist (NotFoundException).${said} Check {aws-kms-key-id}; a key is found only in its own account and region: ` +
                (0,placeholders/* msg */.ab) `if it is in another region, set {aws-region} to that region or pass the key's ARN.`);
        case 'DisabledException':
            return (0,placeholders/* msg */.ab) `${where} is disabled (DisabledException).${said} Enable it (aws kms enable-key --key-id …) or point {aws-kms-key-id} at the key that holds the App's key.`;
        case 'KMSInvalidStateException': {
            const state = keyState(message);
            const fix = state === 'PendingImport'
                ? "Import the App's private key into it first (docs/keyless.md)."
                : state === 'PendingDeletion'
                    ? 'Cancel the deletion (aws kms cancel-key-deletion) and enable it, or use another key.'
                    : "Wait for it to become Enabled, or use the key that holds the App's key.";
            return `${where} cannot sign in its state${state ? ` ${state}` : ''} (KMSInvalidStateException).${said} ${fix}`;
        }
        case 'InvalidKeyUsageException':
        case 'UnsupportedOperationException':
            return (`${where} cannot sign with RSASSA_PKCS1_V1_5_SHA_256 (${type}).${said} The App's key must be imported into a key of spec RSA_2048 ` +
                `with key usage SIGN_VERIFY (docs/keyless.md).`);
        case 'UnrecognizedClientException':
        case 'InvalidSignatureException':
        case 'IncompleteSignature':
        case 'ExpiredTokenException':
            return (0,placeholders/* msg */.ab) `AWS did not accept the credentials of ${identity} (${type}).${said} They are wrong or expired: renew them, or use {aws-role-to-assume}.`;
        default:
            return `${where} could not sign the App's JWT (${type}).${said}`;
    }
}
/** RS256 signature of `message` by the KMS key. */
async function kmsSign(context, env, key, credentials, identity, message) {
    const url = (0,http/* awsEndpoint */.PC)('kms', key.region, env);
    const body = JSON.stringify({
        KeyId: key.keyId,
        Message: message.toString('base64'),
        MessageType: 'RAW',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256'
    });
    const headers = () => signRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Sign' },
        body,
        service: 'kms',
        region: key.region,
        credentials
    });
    const answer = await (0,http/* awsRequest */.g0)(context, url, { method: 'POST', headers, body }, 'AWS KMS', a => TRANSIENT.test(kmsErrorOf(a).type));
    if (answer.status === 200) {
        let signature;
        try {
            signature = JSON.parse(answer.text).Signature;
        }
        catch {
            // worded below
        }
        if (typeof signature === 'string' && signature !== '')
            return Buffer.from(signature, 'base64');
        throw new errors/* SignerError */.nw(`AWS KMS at ${url.origin} answered Sign without a signature.`);
    }
    const { type, message: said } = kmsErrorOf(answer);
    throw new errors/* SignerError */.nw(explainKmsError(type, said, key, identity));
}

;// CONCATENATED MODULE: ./src/auth/signers/aws/kms-signer.ts


/** Assumed credentials are renewed when less than this is left. */
const RENEW_MARGIN_MS = 2 * 60_000;
function kmsSigner(key, context) {
    const env = context.env ?? process.env;
    let pending;
    const resolve = () => key.roleToAssume === undefined
        ? Promise.resolve(environmentCredentials(context, env))
        : assumeRoleWithOidc(context, env, key.roleToAssume, key.region);
    context.log.info(`The App's JWT is signed by AWS KMS key ${key.keyId} in ${key.region}; the private key never leaves KMS.`);
    const fresh = ({ credentials }) => credentials.expiresAt === undefined || credentials.expiresAt - Date.now() >= RENEW_MARGIN_MS;
    // Shared by concurrent signatures; a failure is not kept (the next request asks again).
    const credentialsNow = async () => {
        pending ??= resolve();
        try {
            const current = await pending;
            if (fresh(current))
                return current;
            pending = resolve();
            return await pending;
        }
        catch (error) {
            pending = undefined;
            throw error;
        }
    };
    return async (signingInput) => {
        const { credentials, identity } = await credentialsNow();
        return kmsSign(context, env, key, credentials, identity, signingInput);
    };
}


/***/ })

};
