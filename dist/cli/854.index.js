export const id = 854;
export const ids = [854];
export const modules = {

/***/ 9854:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  REQUEST_APPROVAL_HELP: () => (/* binding */ REQUEST_APPROVAL_HELP),
  requestApprovalCommand: () => (/* binding */ requestApprovalCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/util/inert.ts
var inert = __webpack_require__(1768);
// EXTERNAL MODULE: ./src/util/clock.ts
var clock = __webpack_require__(7110);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/input/parsers.ts + 2 modules
var parsers = __webpack_require__(5632);
;// CONCATENATED MODULE: ./src/slack/mrkdwn.ts
/**
 * Outside text shown in Slack mrkdwn, inert: Slack asks for `&`, `<` and `>`
 * to be escaped (they start entities, links and mentions), and a backtick
 * would end the code span or block a value is shown in, so the rest would
 * read as markup. Lengths are counted on the escaped text, which is what
 * Slack's limits apply to.
 *
 * Hand-written: three replacements and a cut; no maintained package does
 * Slack's escaping (the official SDKs leave it to the caller).
 */
/** Slack mrkdwn needs &, < and > escaped. */
const escapeMrkdwn = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/**
 * The longest start of `text` whose escaped form has at most `max`
 * characters, cut between code points (never inside a surrogate pair or an
 * entity).
 */
function fitMrkdwn(text, max) {
    let length = 0;
    let end = 0;
    for (const char of text) {
        length += escapeMrkdwn(char).length;
        if (length > max)
            return text.slice(0, end);
        end += char.length;
    }
    return text;
}
/**
 * A value in a mrkdwn code span, shown as it is: `&`, `<` and `>` escaped as
 * Slack asks; a backtick, which would close the span (mrkdwn has no escape
 * for it) and let the rest read as markup, shown as the look-alike ˋ (U+02CB).
 * With `max`, a longer value is cut to that many characters inside the span,
 * ending with `…`.
 */
function mrkdwnCode(value, max = Infinity) {
    const shown = value.replace(/`/g, '\u02cb');
    const fitted = escapeMrkdwn(shown).length > max ? `${fitMrkdwn(shown, max - 1)}…` : shown;
    return `\`${escapeMrkdwn(fitted)}\``;
}

;// CONCATENATED MODULE: ./src/slack/payload-view.ts
/**
 * The client_payload as the approver reads it, rendered from the signed
 * value: canonical JSON (keys sorted at every level, so the same value always
 * reads the same), in a mrkdwn code block that no value can end or style,
 * cut at a readable length with a short hash of the whole when it is longer.
 *
 * The approval signs the canonical text, and the handler sends exactly that
 * text (with approved_by added), so what is shown is what is sent: a
 * duplicate key or a number JavaScript cannot hold exactly shows as it will
 * arrive.
 */


/** How much of the payload the message shows (Slack's section text holds 3,000 characters). */
const MESSAGE_PAYLOAD_MAX = 1500;
/** Hex digits of the payload's sha256 shown when it is cut. */
const DIGEST_HEX = 12;
/**
 * JSON text of a parsed value with the keys of every object sorted by UTF-16
 * code units (as RFC 8785 does). Hand-written rather than JSON.stringify of a
 * re-keyed object: JavaScript puts integer-like keys ("9", "10") first in
 * numeric order whatever the insertion order.
 */
function stringify(value, indent, depth) {
    if (value === null || typeof value !== 'object')
        return JSON.stringify(value);
    const record = value;
    const items = Array.isArray(value)
        ? value.map(item => stringify(item, indent, depth + 1))
        : Object.keys(record)
            .sort()
            .map(key => `${JSON.stringify(key)}:${indent ? ' ' : ''}${stringify(record[key], indent, depth + 1)}`);
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    if (items.length === 0)
        return `${open}${close}`;
    const inner = indent ? `\n${' '.repeat(indent * (depth + 1))}` : '';
    const outer = indent ? `\n${' '.repeat(indent * depth)}` : '';
    return `${open}${inner}${items.join(`,${inner}`)}${outer}${close}`;
}
/**
 * JSON text with the keys of every object sorted; compact unless `indent` is
 * given. For ordinary payloads the compact form is what `jq -cS .` prints.
 */
function payload_view_canonicalJson(json, indent = 0) {
    return stringify(JSON.parse(json), indent, 0);
}
/** The first hex digits of the sha256 of the payload's compact canonical JSON. */
function payloadDigest(json) {
    return (0,external_node_crypto_.createHash)('sha256').update(payload_view_canonicalJson(json), 'utf8').digest('hex').slice(0, DIGEST_HEX);
}
/**
 * JSON text that reads as the same value and cannot steer how Slack shows it:
 * a backtick (it would end the code block), the C1 controls, and invisible
 * format characters (bidirectional overrides and isolates, zero-width
 * characters, line and paragraph separators) are written as JSON `\u`
 * escapes. They can occur only inside strings, where the escape means the
 * same character.
 */
function shownJson(json) {
    return json.replace(/[`\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu, char => Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
/** Strings longer than `max` code points, keys left whole, cut to `max` and marked `…`. */
const shortened = (value, max) => {
    if (typeof value === 'string') {
        const chars = [...value];
        return chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
    }
    if (Array.isArray(value))
        return value.map(item => shortened(item, max));
    if (value === null || typeof value !== 'object')
        return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shortened(item, max)]));
};
const longestString = (value) => typeof value === 'string'
    ? [...value].length
    : value !== null && typeof value === 'object'
        ? Math.max(0, ...Object.values(value).map(longestString))
        : 0;
/** Fewest characters a shortened string keeps. */
const MIN_STRING = 8;
const codeBlock = (shown, cut) => `\`\`\`\n${escapeMrkdwn(shown)}${cut ? '\n…' : ''}\n\`\`\``;
/**
 * The payload in a mrkdwn code block of at most `max` characters of content
 * (escaped). A longer payload first has its long strings shortened (each
 * ends with `…`), so every key stays in view, to the longest length that
 * fits; if even that is too long, the text is cut (pretty-printed, with
 * `indent`, at a line's end) and ends with a line `…`.
 */
function payloadCodeBlock(json, max, indent = 0) {
    const value = JSON.parse(json);
    const render = (shown) => shownJson(stringify(shown, indent, 0));
    const fits = (text) => escapeMrkdwn(text).length <= max;
    const whole = render(value);
    if (fits(whole))
        return { text: codeBlock(whole, false), cut: false, length: whole.length };
    let best;
    for (let low = MIN_STRING, high = longestString(value) - 1; low <= high;) {
        const middle = Math.floor((low + high) / 2);
        const text = render(shortened(value, middle));
        if (fits(text))
            [best, low] = [text, middle + 1];
        else
            high = middle - 1;
    }
    if (best !== undefined)
        return { text: codeBlock(best, false), cut: true, length: whole.length };
    let fitted = fitMrkdwn(whole, max);
    if (indent > 0 && fitted.includes('\n'))
        fitted = fitted.slice(0, fitted.lastIndexOf('\n'));
    // Never end on half an escape: `\u00` would read as something else.
    fitted = fitted.replace(/\\(u[0-9a-f]{0,3})?$/, '');
    return { text: codeBlock(fitted, true), cut: true, length: whole.length };
}

;// CONCATENATED MODULE: ./src/slack/approval-token.ts
/**
 * What an approval button carries: the dispatch (repository, event type,
 * payload as canonical JSON), the requester's summary, a unique approval id
 * and an expiry, bound with HMAC-SHA256 under a key only the posting pipeline
 * and the handler hold. Whoever can post as the Slack app (bot token,
 * webhook) still cannot make the handler send anything a pipeline did not
 * sign, or change it, or pair it with another summary, or use it after it
 * expires. Everyone in the channel can read the value: it is signed, not
 * secret.
 *
 * Format: `ad3.<base64url JSON>.<base64url HMAC of the first two parts>`.
 * `ad2` (1.0.0) did not sign the summary, and its message did not show the
 * payload: such values are refused. Hand-written on node:crypto: a JWT
 * library would do, but this is one HMAC and a comparison, and the format
 * must stay inside Slack's 2,000 characters.
 */




const PREFIX = 'ad3';
/** 1.0.0's format, refused: its summary was not signed and its message did not show the payload. */
const OLD_PREFIX = 'ad2';
/** Slack's limit for a button's value. */
const BUTTON_VALUE_MAX_LENGTH = 2000;
const DEFAULT_APPROVAL_TTL_SECONDS = 24 * 3600;
/** The least key length accepted (bytes of text). */
const MIN_APPROVAL_KEY_LENGTH = 32;
/** A Slack user id (U… or W…). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
class ApprovalRefused extends errors/* AppDispatchError */.oV {
    name = 'ApprovalRefused';
    constructor(message) {
        super('approval-refused', message);
    }
}
const mac = (key, data) => (0,external_node_crypto_.createHmac)('sha256', key).update(data).digest();
function checkApprovalKey(key, name = 'approvalKey') {
    if (typeof key !== 'string' || key.length < MIN_APPROVAL_KEY_LENGTH) {
        throw new errors/* InputError */.dz(name, `must be a secret of at least ${MIN_APPROVAL_KEY_LENGTH} characters shared by the pipeline that posts approvals and the handler, e.g. from \`openssl rand -hex 32\`.`);
    }
    return key;
}
/** The key the handler adds to every approved dispatch's payload: who approved it. */
const APPROVED_BY_KEY = 'approved_by';
/** GitHub's limit of top-level keys in client_payload, approved_by included. */
const MAX_PAYLOAD_KEYS = 10;
/**
 * Why a payload cannot carry the handler's approved_by, or undefined: the
 * handler's word must be the only one, so a requester may not pre-fill it
 * nor leave it no room.
 */
function approvedByProblem(clientPayloadJson) {
    const keys = Object.keys(JSON.parse(clientPayloadJson));
    if (keys.includes(APPROVED_BY_KEY)) {
        return `holds ${APPROVED_BY_KEY}, which is set by the handler to whoever approves: leave it out.`;
    }
    if (keys.length >= MAX_PAYLOAD_KEYS) {
        return `has ${keys.length} top-level keys; leave room for ${APPROVED_BY_KEY}, which the handler adds: at most ${MAX_PAYLOAD_KEYS - 1} keys.`;
    }
    return undefined;
}
/**
 * A new approval for a dispatch: validated like any input (approved_by left
 * to the handler), the payload in canonical form, with a fresh id and an expiry.
 */
function newApproval(dispatch, options = {}) {
    const now = options.now ?? Math.floor(Date.now() / 1000);
    const payload = typeof dispatch.clientPayload === 'string' ? dispatch.clientPayload : JSON.stringify(dispatch.clientPayload ?? {});
    const clientPayloadJson = payload_view_canonicalJson((0,parsers/* parseClientPayload */.Vt)(payload));
    const problem = approvedByProblem(clientPayloadJson);
    if (problem !== undefined)
        throw new errors/* InputError */.dz('client-payload', problem);
    if (dispatch.summary !== undefined && typeof dispatch.summary !== 'string') {
        throw new errors/* InputError */.dz('summary', 'must be text (Slack mrkdwn) saying what is approved.');
    }
    const approvers = dispatch.approvers;
    if (approvers !== undefined &&
        (!Array.isArray(approvers) || approvers.length === 0 || !approvers.every(u => SLACK_USER_ID.test(String(u))))) {
        throw new errors/* InputError */.dz('approvers', 'must be a non-empty list of Slack user ids (U…).');
    }
    return {
        id: (0,external_node_crypto_.randomUUID)(),
        repository: (0,parsers/* parseRepository */.SU)(dispatch.repository).fullName,
        eventType: (0,parsers/* parseEventType */.Il)(dispatch.eventType),
        clientPayloadJson,
        summary: dispatch.summary ?? '',
        expiresAt: now + (options.ttlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS),
        ...(approvers ? { approvers: [...approvers] } : {})
    };
}
function signApproval(approval, key) {
    const fields = {
        id: approval.id,
        r: approval.repository,
        e: approval.eventType,
        p: approval.clientPayloadJson,
        s: approval.summary,
        x: approval.expiresAt,
        ...(approval.approvers ? { u: approval.approvers } : {})
    };
    const body = Buffer.from(JSON.stringify(fields)).toString('base64url');
    const value = `${PREFIX}.${body}.${mac(key, `${PREFIX}.${body}`).toString('base64url')}`;
    if (value.length > BUTTON_VALUE_MAX_LENGTH) {
        // Name the larger of the two: that is the one to shorten.
        const input = approval.summary.length > approval.clientPayloadJson.length ? 'summary' : 'client-payload';
        throw new errors/* InputError */.dz(input, `makes the button value ${value.length} characters (summary and client_payload are both signed into it); Slack allows ${BUTTON_VALUE_MAX_LENGTH}. Shorten the summary, and send a reference (a URL, a commit SHA) instead of data.`);
    }
    return value;
}
/** The approval a button value carries; throws ApprovalRefused when it is unsigned, changed, expired or not a valid dispatch. */
function verifyApproval(value, key, nowSeconds = Math.floor(Date.now() / 1000)) {
    const parts = typeof value === 'string' ? value.split('.') : [];
    if (parts.length === 3 && parts[0] === OLD_PREFIX) {
        throw new ApprovalRefused('The approval was posted by app-dispatch 1.0.0, whose message did not show the payload and whose summary was not signed: post a new request.');
    }
    if (parts.length !== 3 || parts[0] !== PREFIX)
        throw new ApprovalRefused('The button value is not a signed app-dispatch approval.');
    const [prefix, body, signature] = parts;
    const given = Buffer.from(signature, 'base64url');
    const wanted = mac(key, `${prefix}.${body}`);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new ApprovalRefused("The approval is not signed with this handler's key, or was changed after signing.");
    }
    let fields;
    try {
        fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    }
    catch {
        throw new ApprovalRefused('The approval does not hold valid JSON.');
    }
    if (typeof fields.x !== 'number' || fields.x < nowSeconds)
        throw new ApprovalRefused('The approval has expired: post a new request.');
    if (typeof fields.id !== 'string' || !/^[\w-]{8,64}$/.test(fields.id))
        throw new ApprovalRefused('The approval has no valid id.');
    if (typeof fields.s !== 'string')
        throw new ApprovalRefused('The approval has no summary.');
    const approvers = fields.u;
    if (approvers !== undefined &&
        !(Array.isArray(approvers) && approvers.length > 0 && approvers.every(u => typeof u === 'string' && SLACK_USER_ID.test(u))))
        throw new ApprovalRefused('The approval names its approvers in a form this handler does not read.');
    try {
        return {
            id: fields.id,
            repository: parseRepository(typeof fields.r === 'string' ? fields.r : '').fullName,
            eventType: parseEventType(typeof fields.e === 'string' ? fields.e : ''),
            // Canonical again: a value signed elsewhere is shown and sent in the one form.
            clientPayloadJson: canonicalJson(parseClientPayload(typeof fields.p === 'string' ? fields.p : '')),
            summary: fields.s,
            expiresAt: fields.x,
            ...(approvers ? { approvers: approvers } : {})
        };
    }
    catch (error) {
        throw new ApprovalRefused(`The approval is not a valid dispatch: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./src/slack/message.ts



const APPROVE_ACTION_ID = 'app_dispatch_approve';
const REJECT_ACTION_ID = 'app_dispatch_reject';
/** Slack's limit for the text of a confirm dialog (@slack/types, Confirm.text). */
const CONFIRM_TEXT_MAX = 300;
/** The event type and repository in the confirm dialog: longer ones are cut, to leave room for the payload. */
const CONFIRM_NAME_MAX = 60;
/** "`deploy` to `octo-org/deploy`", escaped for mrkdwn; with `max`, each name cut to that length. */
function describeDispatch(approval, max) {
    return `${mrkdwnCode(approval.eventType, max)} to ${mrkdwnCode(approval.repository, max)}`;
}
/** The payload section: what the receiving workflow gets, exactly as signed, and what the handler adds. */
function payloadSection(approval) {
    const block = payloadCodeBlock(approval.clientPayloadJson, MESSAGE_PAYLOAD_MAX, 2);
    const cut = block.cut
        ? `\n_Cut to fit: the whole payload is ${block.length} characters; the sha256 of its canonical JSON (sorted keys, no spaces) starts \`${payloadDigest(approval.clientPayloadJson)}\`._`
        : '';
    const text = `*client_payload* (as signed; the handler adds \`${APPROVED_BY_KEY}\`, the approver's Slack user ID):\n${block.text}${cut}`;
    return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}
/**
 * The confirm dialog's text, within Slack's 300 characters: where it goes,
 * the payload (compact, cut with its hash when longer), and the summary when
 * there is room left for all of it.
 */
function confirmText(approval) {
    const what = `This sends ${describeDispatch(approval, CONFIRM_NAME_MAX)}.`;
    const cutNote = `\n_Cut to fit; the message shows more (sha256 \`${payloadDigest(approval.clientPayloadJson)}\`)._`;
    const fences = '```\n\n…\n```'.length;
    const block = payloadCodeBlock(approval.clientPayloadJson, CONFIRM_TEXT_MAX - what.length - 1 - cutNote.length - fences);
    const sent = `${what}\n${block.text}${block.cut ? cutNote : ''}`;
    const withSummary = `${approval.summary}\n\n${sent}`;
    return approval.summary !== '' && withSummary.length <= CONFIRM_TEXT_MAX ? withSummary : sent;
}
/** The message to post (chat.postMessage) for a pending dispatch. Throws InputError for a dispatch GitHub or Slack would not take. */
function approvalMessage(options) {
    const key = checkApprovalKey(options.approvalKey);
    const approval = newApproval(options, { ttlSeconds: options.ttlSeconds });
    const value = signApproval(approval, key);
    const what = describeDispatch(approval);
    const section = { type: 'section', text: { type: 'mrkdwn', text: `*Approval needed*\n${approval.summary}` } };
    const expires = new Date(approval.expiresAt * 1000).toISOString();
    const context = {
        type: 'context',
        elements: [
            {
                type: 'mrkdwn',
                text: `Sends ${what} when approved. Expires <!date^${approval.expiresAt}^{date_short_pretty} {time}|${expires}>.` +
                    (approval.approvers ? ` Only ${approval.approvers.map(user => `<@${user}>`).join(', ')} may decide.` : '')
            }
        ]
    };
    const approve = {
        type: 'button',
        action_id: APPROVE_ACTION_ID,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        value,
        confirm: {
            title: { type: 'plain_text', text: 'Approve?' },
            text: { type: 'mrkdwn', text: confirmText(approval), verbatim: true },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' }
        }
    };
    const reject = {
        type: 'button',
        action_id: REJECT_ACTION_ID,
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject' },
        value
    };
    const actions = { type: 'actions', block_id: `app_dispatch_${approval.id}`, elements: [approve, reject] };
    return {
        approvalId: approval.id,
        expiresAt: approval.expiresAt,
        text: `Approval needed: ${approval.summary}`,
        blocks: [section, payloadSection(approval), context, actions]
    };
}
/**
 * The message that replaces the buttons once someone acted: the outcome, then
 * (for a verified approval) the summary and payload it carried, from the
 * signed value, so the channel keeps a record of what was or was not sent.
 */
function outcomeMessage(text, approval) {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }];
    if (approval !== undefined) {
        if (approval.summary !== '')
            blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Requested*\n${approval.summary}` } });
        blocks.push(payloadSection(approval));
    }
    return { replace_original: true, text, blocks };
}
/** A note only the clicker sees, leaving the message as it is. */
function ephemeralNote(text) {
    return { response_type: 'ephemeral', replace_original: false, text };
}

;// CONCATENATED MODULE: ./src/slack/request-approval.ts
/**
 * Posting an approval request from a pipeline: chat.postMessage with the
 * signed approval message, then chat.getPermalink for a link to it.
 *
 * Plain fetch rather than @slack/web-api: two calls, and the official client
 * would add axios, p-queue, form-data and more to every install of this
 * package. What the client would give us is here: Slack's `ok: false` errors
 * and 429 Retry-After handling.
 */



const DEFAULT_SLACK_API_URL = 'https://slack.com/api';
/** Retries of a rate-limited call before giving up. */
const MAX_RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_AFTER_SECONDS = 60;
class SlackApiError extends errors/* AppDispatchError */.oV {
    method;
    slackError;
    name = 'SlackApiError';
    constructor(method, 
    /** Slack's error (`channel_not_found`, `not_in_channel`, `invalid_auth`, …), an HTTP status, or `network`. */
    slackError, message) {
        super('slack-api', message);
        this.method = method;
        this.slackError = slackError;
    }
}
const ADVICE = {
    not_in_channel: 'Invite the bot to the channel (/invite @your-app).',
    channel_not_found: 'Check the channel ID (C…), and that the bot can see the channel.',
    invalid_auth: 'The token is not valid: use the bot token (xoxb-…) from OAuth & Permissions.',
    not_authed: 'No token was sent: set the bot token.',
    missing_scope: 'Add the chat:write scope to the Slack app and reinstall it.',
    account_inactive: 'The token belongs to a deleted user or an uninstalled app.'
};
/** A Web API call: write methods take a JSON body; read methods (`get: true`) take the query string. */
async function call(options, clock, method, body, get = false) {
    const base = `${(options.slackApiUrl ?? DEFAULT_SLACK_API_URL).replace(/\/+$/, '')}/${method}`;
    const url = get ? `${base}?${new URLSearchParams(body).toString()}` : base;
    for (let attempt = 0;; attempt++) {
        let response;
        try {
            response = await fetch(url, {
                method: get ? 'GET' : 'POST',
                headers: { authorization: `Bearer ${options.token}`, ...(get ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
                ...(get ? {} : { body: JSON.stringify(body) }),
                signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000)
            });
        }
        catch (error) {
            throw new SlackApiError(method, 'network', `Could not reach Slack's API for ${method}: ${(0,errors/* messageOf */.bD)(error)}`);
        }
        if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
            const wait = Math.min(Number(response.headers.get('retry-after') ?? '1') || 1, MAX_RETRY_AFTER_SECONDS);
            await response.body?.cancel();
            await clock.sleep(wait * 1000, options.signal);
            continue;
        }
        let data;
        try {
            data = (await response.json());
        }
        catch {
            throw new SlackApiError(method, String(response.status), `Slack answered ${response.status} to ${method} without JSON.`);
        }
        if (data['ok'] !== true) {
            const code = typeof data['error'] === 'string' ? data['error'] : String(response.status);
            throw new SlackApiError(method, code, `Slack refused ${method}: ${code}.${ADVICE[code] ? ` ${ADVICE[code]}` : ''}`);
        }
        return data;
    }
}
/** Posts the approval request; resolves with the approval id and a link to the message. */
function requestApproval(options) {
    return postApprovalRequest(options, clock/* realClock */.d);
}
/**
 * requestApproval, with the clock its rate-limit waits use (util/clock.ts). requestApproval (the
 * library's and the CLI's) waits in real time; tests pass a virtual clock. Not a public option.
 */
async function postApprovalRequest(options, clock) {
    const message = approvalMessage(options);
    const posted = await call(options, clock, 'chat.postMessage', {
        channel: options.channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false
    });
    const channel = typeof posted['channel'] === 'string' ? posted['channel'] : options.channel;
    const ts = typeof posted['ts'] === 'string' ? posted['ts'] : '';
    let permalink;
    try {
        const link = await call(options, clock, 'chat.getPermalink', { channel, message_ts: ts }, true);
        permalink = typeof link['permalink'] === 'string' ? link['permalink'] : undefined;
    }
    catch {
        permalink = undefined; // the message is posted; a missing link is not worth failing for
    }
    return { approvalId: message.approvalId, channel, ts, permalink, expiresAt: message.expiresAt };
}

// EXTERNAL MODULE: ./src/cli/args.ts + 1 modules
var args = __webpack_require__(1868);
// EXTERNAL MODULE: ./src/cli/wording.ts
var wording = __webpack_require__(9278);
;// CONCATENATED MODULE: ./src/cli/request-approval.ts
/**
 * `app-dispatch request-approval`: post a signed Approve / Reject message to
 * Slack from a pipeline. The secrets come from the environment only
 * (SLACK_BOT_TOKEN, APPROVAL_SIGNING_KEY), never from flags. In a workflow
 * step (GITHUB_OUTPUT set) it also writes the outputs approval-id,
 * message-url and expires-at.
 */







const REQUEST_APPROVAL_HELP = `app-dispatch request-approval: ask in Slack before a dispatch is sent.

Usage:
  app-dispatch request-approval --channel C0123 --summary TEXT --repository OWNER/REPO --event-type TYPE [--client-payload JSON]

  --channel ID              Slack channel ID (C…) the bot is a member of
  --summary TEXT            What is being approved, in Slack mrkdwn
  --repository OWNER/REPO   Where the approved dispatch goes
  --event-type TYPE         The repository_dispatch event type it sends
  --client-payload JSON     Its client_payload (approved_by is added when approved)
  --ttl SECONDS             How long the request stays valid. Default: 86400
  --json                    Print {approvalId, channel, ts, permalink, expiresAt} on stdout

Environment: SLACK_BOT_TOKEN (xoxb-…, chat:write), APPROVAL_SIGNING_KEY (shared with the
handler), SLACK_API_URL (optional). Exit codes: 0 posted; 1 Slack refused; 2 bad usage or input.
`;
const OPTIONS = {
    channel: { type: 'string' },
    summary: { type: 'string' },
    repository: { type: 'string' },
    'event-type': { type: 'string' },
    'client-payload': { type: 'string' },
    ttl: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
};
const WORKFLOW_FLAGS = /Unknown option '--(workflow|ref|inputs)'/;
function parseRequestArgs(argv) {
    try {
        return (0,external_node_util_.parseArgs)({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
    }
    catch (error) {
        const message = (0,errors/* messageOf */.bD)(error);
        const workflow = WORKFLOW_FLAGS.exec(message);
        if (workflow)
            throw new errors/* UsageError */.eb(`--${workflow[1] ?? ''}: an approval sends a repository_dispatch only (--repository, --event-type, --client-payload); workflow_dispatch cannot be approved in Slack.`);
        throw new errors/* UsageError */.eb((0,args/* parseArgsError */.tA)(message, Object.keys(OPTIONS), 'app-dispatch request-approval'));
    }
}
async function requestApprovalCommand(argv, env, err) {
    let values;
    try {
        ;
        ({ values } = parseRequestArgs(argv));
        if (values.help) {
            process.stdout.write(REQUEST_APPROVAL_HELP);
            return 0;
        }
        for (const flag of ['channel', 'summary', 'repository', 'event-type']) {
            if (!values[flag])
                throw new errors/* UsageError */.eb(`--${flag} is required. See app-dispatch request-approval --help.`);
        }
        if (!/^[CDG][A-Z0-9]{2,}$/.test(values.channel ?? ''))
            throw new errors/* UsageError */.eb(`--channel must be a channel ID such as C0123ABCD (not a #name).`);
        if (!env['SLACK_BOT_TOKEN'])
            throw new errors/* UsageError */.eb('$SLACK_BOT_TOKEN is required: the bot token (xoxb-…) with chat:write.');
        if (values.ttl !== undefined && !/^\d{2,7}$/.test(values.ttl))
            throw new errors/* UsageError */.eb('--ttl must be a whole number of seconds (at least 10).');
    }
    catch (error) {
        err(`app-dispatch: ${(0,errors/* messageOf */.bD)(error)}`);
        return error instanceof errors/* UsageError */.eb ? (0,errors/* exitCodeFor */.Rr)(error, 'cli') : 2;
    }
    try {
        const result = await requestApproval({
            token: env['SLACK_BOT_TOKEN'] ?? '',
            approvalKey: env['APPROVAL_SIGNING_KEY'] ?? '',
            channel: values.channel ?? '',
            summary: values.summary ?? '',
            repository: values.repository ?? '',
            eventType: values['event-type'] ?? '',
            clientPayload: values['client-payload'] ?? '{}',
            ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
            slackApiUrl: env['SLACK_API_URL']
        });
        err(`Posted approval ${result.approvalId} to ${result.channel}${result.permalink ? `: ${result.permalink}` : ''}.`);
        if (values.json)
            process.stdout.write(`${(0,inert/* inertJson */.nl)(result)}\n`);
        writeStepOutputs(env, {
            'approval-id': result.approvalId,
            'message-url': result.permalink ?? '',
            'expires-at': String(result.expiresAt)
        });
        return 0;
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz) {
            err(`app-dispatch: ${error.reword((0,wording/* cliWording */.F)({ approvalKey: '$APPROVAL_SIGNING_KEY' })).message}`);
            return (0,errors/* exitCodeFor */.Rr)(error, 'cli');
        }
        err(`app-dispatch: ${error instanceof SlackApiError ? error.message : `failed unexpectedly: ${(0,errors/* messageOf */.bD)(error)}`}`);
        return (0,errors/* exitCodeFor */.Rr)(error, 'cli');
    }
}
/** `name=value` lines in $GITHUB_OUTPUT; values from Slack that are not one clean line are left out. */
function writeStepOutputs(env, outputs) {
    const file = env['GITHUB_OUTPUT'];
    if (!file)
        return;
    const lines = Object.entries(outputs)
        .filter(([, value]) => !(0,inert/* hasControlCharacters */.Kg)(value))
        .map(([name, value]) => `${name}=${value}\n`);
    (0,external_node_fs_.appendFileSync)(file, lines.join(''));
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
