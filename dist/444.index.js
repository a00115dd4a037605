export const id = 444;
export const ids = [444];
export const modules = {

/***/ 7444:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  followUp: () => (/* binding */ followUp)
});

// EXTERNAL MODULE: ./src/model/errors.ts + 1 modules
var errors = __webpack_require__(3409);
// EXTERNAL MODULE: ./src/core/wait/correlation.ts
var correlation = __webpack_require__(2097);
// EXTERNAL MODULE: ./src/github/runs.ts
var runs = __webpack_require__(1281);
// EXTERNAL MODULE: ./src/http/request-error.ts
var request_error = __webpack_require__(8734);
;// CONCATENATED MODULE: ./src/github/storage.ts

/** The storage URL GitHub redirects to (or undefined when it answered 404). */
async function storageUrl(client, route, params) {
    try {
        const response = await client.request(route, { ...params, request: { redirect: 'manual', parseSuccessResponseBody: false } });
        const location = response.headers.location;
        // The 302's own body is not wanted; let its connection go back to the pool.
        await response.data?.cancel?.().catch(() => undefined);
        if (typeof location === 'string' && location !== '')
            return location;
        throw new Error(`GitHub answered ${response.status} without a download location.`);
    }
    catch (error) {
        if ((0,request_error/* statusOf */.c2)(error) === 404)
            return undefined;
        throw error;
    }
}
/** https, or plain http to this machine's loopback (the emulator's storage); nothing else is fetched. */
function isStorageUrl(url) {
    if (url.protocol === 'https:')
        return true;
    return url.protocol === 'http:' && /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}
/**
 * GET `url` without credentials. `keep: 'head'` keeps the first `cap` bytes
 * and stops reading; `'tail'` asks for the last `cap` bytes with a Range
 * header and, if the server sends the whole body anyway, keeps a rolling
 * window but stops after `readLimit` bytes.
 */
async function fetchCapped(fetchImpl, url, options) {
    const parsed = new URL(url);
    if (!isStorageUrl(parsed))
        throw new Error(`the download location (${parsed.protocol}//${parsed.host}) is not https; plain http is allowed on loopback only`);
    const controller = new AbortController();
    const signal = options.signal
        ? AbortSignal.any([options.signal, controller.signal, AbortSignal.timeout(60_000)])
        : AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)]);
    const headers = options.keep === 'tail' ? { range: `bytes=-${options.cap}` } : {};
    const response = await fetchImpl(parsed.href, { headers, redirect: 'error', signal });
    if (!response.ok)
        throw new Error(`the storage host answered ${response.status}`);
    const readLimit = options.readLimit ?? options.cap;
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const chunks = [];
    let kept = 0;
    let read = 0;
    let truncated = false;
    if (response.body === null)
        return { bytes: Buffer.alloc(0), truncated: false, contentType };
    try {
        // Leaving the loop early cancels the body: nothing past the cap is read.
        for await (const value of response.body) {
            const chunk = Buffer.from(value);
            read += chunk.length;
            chunks.push(chunk);
            kept += chunk.length;
            if (options.keep === 'head' && kept > options.cap) {
                truncated = true;
                break;
            }
            while (options.keep === 'tail' && chunks.length > 1 && kept - chunks[0].length >= options.cap)
                kept -= chunks.shift().length;
            if (options.keep === 'tail' && read > readLimit) {
                truncated = true;
                break;
            }
        }
    }
    finally {
        controller.abort();
    }
    const all = Buffer.concat(chunks);
    // A range that does not start at byte 0 cut the body's beginning off.
    if (response.status === 206 && !/^bytes 0-/.test(response.headers.get('content-range') ?? ''))
        truncated = true;
    if (options.keep === 'head')
        return { bytes: all.subarray(0, options.cap), truncated, contentType };
    return {
        bytes: all.subarray(Math.max(0, all.length - options.cap)),
        truncated: truncated || all.length > options.cap,
        contentType
    };
}

;// CONCATENATED MODULE: ./src/github/artifacts.ts

/** `GET …/actions/runs/{run_id}/artifacts`: one page (`name` filters by exact name). */
async function listArtifacts(client, target, runId, query) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
        owner: target.owner,
        repo: target.repo,
        run_id: runId,
        ...(query.name === undefined ? {} : { name: query.name }),
        per_page: query.perPage
    });
    const { artifacts, total_count: total } = data;
    return { artifacts, total };
}
/** Where the artifact's zip can be downloaded for a minute, or undefined when it is gone (404). */
async function artifactZipUrl(client, target, artifactId) {
    return storageUrl(client, 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
        owner: target.owner,
        repo: target.repo,
        artifact_id: artifactId,
        archive_format: 'zip'
    });
}
/** Where the job's log can be downloaded for a minute, or undefined when it is gone (404). */
async function jobLogUrl(client, target, jobId) {
    return storageUrl(client, 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
        owner: target.owner,
        repo: target.repo,
        job_id: jobId
    });
}

// EXTERNAL MODULE: ./src/github/jobs.ts
var github_jobs = __webpack_require__(203);
;// CONCATENATED MODULE: ./src/core/downstream/failures.ts




const MAX_FAILED_JOBS = 5;
/** Bytes of a log's end read to find its last lines. */
const LOG_TAIL_BYTES = 64 * 1024;
/** A storage host that ignores Range: stop reading after this much. */
const LOG_READ_LIMIT = 4 * 1024 * 1024;
const FAILED = new Set(['failure', 'timed_out', 'startup_failure', 'cancelled', 'action_required']);
// GitHub prefixes every log line with an ISO timestamp and a space.
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
async function readFailedJobs(client, fetchImpl, request) {
    const { target, runId } = request;
    // Every page: in a matrix of more than 100 jobs the failed ones may be listed after the first.
    const { jobs } = await (0,github_jobs/* listRunJobs */.c4)(client, target, runId);
    const failed = (jobs ?? []).filter(job => job.conclusion !== null && FAILED.has(job.conclusion) && (request.onlyJobIds?.has(job.id) ?? true));
    const listed = failed.slice(0, MAX_FAILED_JOBS);
    const details = {
        jobs: listed.map(job => ({
            name: job.name,
            url: job.html_url ?? null,
            conclusion: job.conclusion,
            failed_steps: (job.steps ?? [])
                .filter(step => step.conclusion === 'failure' || step.conclusion === 'timed_out')
                .map(step => step.name)
        })),
        more: failed.length - listed.length,
        logs: new Map()
    };
    if (request.logLines === 0)
        return details;
    await Promise.all(listed.map(async (job, index) => {
        try {
            details.logs.set(index, await logTail(client, fetchImpl, target, job.id, request.logLines, request.signal));
        }
        catch (error) {
            details.logs.set(index, { lines: [], note: `the log could not be read (${(0,request_error/* networkErrorText */.Mi)(error)})` });
        }
    }));
    return details;
}
async function logTail(client, fetchImpl, target, jobId, count, signal) {
    const url = await jobLogUrl(client, target, jobId);
    if (url === undefined)
        return { lines: [], note: 'the log is gone' };
    const { bytes, truncated } = await fetchCapped(fetchImpl, url, { cap: LOG_TAIL_BYTES, keep: 'tail', readLimit: LOG_READ_LIMIT, signal });
    let lines = bytes.toString('utf8').split(/\r?\n/);
    if (truncated)
        lines = lines.slice(1); // the first line may be cut
    while (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    return { lines: lines.slice(-count).map(line => line.replace(TIMESTAMP, '')) };
}

// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(663);
;// CONCATENATED MODULE: ./src/core/downstream/outputs.ts





/** The largest outputs.json accepted, inflated. */
const MAX_OUTPUTS_BYTES = 1024 * 1024;
/** The largest artifact zip downloaded (a file stored without a zip may be MAX_OUTPUTS_BYTES at most). */
const MAX_ARTIFACT_ZIP_BYTES = 2 * 1024 * 1024;
const OUTPUTS_FILE = 'outputs.json';
class OutputsError extends errors/* AppDispatchError */.oV {
    name = 'OutputsError';
    constructor(message) {
        super('outputs', message);
    }
}
/** At most this many of a run's artifact names are listed when the one asked for is missing. */
const LISTED_ARTIFACTS = 20;
/** The run's outputs object, or none. Throws OutputsError. */
async function readRunOutputs(client, fetchImpl, request) {
    const { target, runId, artifactName, label } = request;
    const where = `${label} in ${target.fullName}`;
    const { artifacts } = await listArtifacts(client, target, runId, { name: artifactName, perPage: 10 });
    const artifact = artifacts.find(a => a.name === artifactName);
    if (artifact === undefined)
        return { outputs: undefined, artifacts: await artifactNames(client, target, runId) };
    if (artifact.expired)
        throw new OutputsError(`The '${artifactName}' artifact of ${where} has expired; its outputs can no longer be read.`);
    const url = await artifactZipUrl(client, target, artifact.id);
    if (url === undefined)
        return { outputs: undefined };
    let body;
    try {
        body = await fetchCapped(fetchImpl, url, { cap: MAX_ARTIFACT_ZIP_BYTES, keep: 'head', signal: request.signal });
    }
    catch (error) {
        throw new OutputsError(`Could not download the '${artifactName}' artifact of ${where}: ${(0,request_error/* networkErrorText */.Mi)(error)}.`);
    }
    const text = await outputsText(body, `The '${artifactName}' artifact of ${where}`);
    return {
        outputs: parseOutputs(text.value, text.zipped ? `${OUTPUTS_FILE} in the '${artifactName}' artifact of ${where}` : `The '${artifactName}' artifact of ${where}`)
    };
}
/** The names of the run's artifacts (the first LISTED_ARTIFACTS), for a message. */
async function artifactNames(client, target, runId) {
    const { artifacts, total } = await listArtifacts(client, target, runId, { perPage: LISTED_ARTIFACTS });
    const names = artifacts.map(a => a.name);
    return total !== undefined && total > names.length ? [...names, `${total - names.length} more`] : names;
}
/**
 * How the artifact was stored: a zip (upload-artifact's default) starts with a
 * zip signature; a file uploaded with `archive: false` is served as itself, with
 * its own content type. A body served as a zip that is not one is damaged.
 */
function artifactForm(bytes, contentType) {
    if (ZIP_SIGNATURES.some(signature => bytes.subarray(0, 4).equals(signature)))
        return 'zip';
    return ZIP_TYPES.has(contentType) ? 'not-a-zip' : 'file';
}
const ZIP_SIGNATURES = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/x-zip']);
/** The outputs JSON text of a downloaded artifact, either form, within the same bounds. */
async function outputsText(body, what) {
    const form = artifactForm(body.bytes, body.contentType);
    if (form === 'not-a-zip')
        throw new OutputsError(`${what} is not a zip file.`);
    if (form === 'file') {
        if (body.truncated || body.bytes.length > MAX_OUTPUTS_BYTES)
            throw new OutputsError(`${what} (a file stored without a zip) is larger than ${MAX_OUTPUTS_BYTES} bytes.`);
        return { value: body.bytes.toString('utf8'), zipped: false };
    }
    if (body.truncated)
        throw new OutputsError(`${what} is larger than ${MAX_ARTIFACT_ZIP_BYTES} bytes; ${OUTPUTS_FILE} must stay under ${MAX_OUTPUTS_BYTES} bytes.`);
    const text = await readEntry(body.bytes, OUTPUTS_FILE).catch((error) => {
        throw new OutputsError(`${what} ${error.message}`);
    });
    if (text === undefined)
        throw new OutputsError(`${what} holds no ${OUTPUTS_FILE}.`);
    return { value: text, zipped: true };
}
/** The outputs object; `what` names the file in messages. */
function parseOutputs(text, what) {
    let parsed;
    try {
        parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch {
        throw new OutputsError(`${what} is not valid JSON.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new OutputsError(`${what} must hold a JSON object, not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}.`);
    }
    return parsed;
}
/** The named entry of a zip as UTF-8 text; undefined when absent; rejects (with a phrase) when not a zip or too large. */
function readEntry(bytes, name) {
    return new Promise((resolve, reject) => {
        yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (openError, zipfile) => {
            if (openError || !zipfile)
                return reject(new Error('is not a zip file.'));
            let settled = false;
            const finish = (error, value) => {
                if (settled)
                    return;
                settled = true;
                zipfile.close();
                if (error)
                    reject(error);
                else
                    resolve(value);
            };
            zipfile.on('error', () => finish(new Error('is not a readable zip file.')));
            zipfile.on('end', () => finish(undefined, undefined));
            zipfile.on('entry', (entry) => {
                if (entry.fileName !== name)
                    return zipfile.readEntry();
                if (entry.uncompressedSize > MAX_OUTPUTS_BYTES)
                    return finish(new Error(`has a ${name} that inflates past ${MAX_OUTPUTS_BYTES} bytes.`));
                zipfile.openReadStream(entry, (streamError, stream) => {
                    if (streamError || !stream)
                        return finish(new Error(`has a ${name} that cannot be read.`));
                    const chunks = [];
                    let size = 0;
                    stream.on('data', (chunk) => {
                        size += chunk.length;
                        // Declared sizes can lie: count what actually inflates.
                        if (size > MAX_OUTPUTS_BYTES) {
                            stream.destroy();
                            return finish(new Error(`has a ${name} that inflates past ${MAX_OUTPUTS_BYTES} bytes.`));
                        }
                        chunks.push(chunk);
                    });
                    stream.on('error', () => finish(new Error(`has a ${name} that cannot be inflated (damaged or inflating past its declared size).`)));
                    stream.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
                });
            });
            zipfile.readEntry();
        });
    });
}

// EXTERNAL MODULE: ./src/input/parsers.ts + 2 modules
var parsers = __webpack_require__(5632);
// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
;// CONCATENATED MODULE: ./src/core/downstream/follow-up.ts







/** Time allowed to ask GitHub to cancel a run the wait gave up on (not a step cancellation). */
const CANCEL_REQUEST_MS = 10_000;
async function followUp(request) {
    const { report, wait, target, log } = request;
    const runId = report.run_id;
    if (runId === null)
        return {};
    const label = (0,correlation/* runLabel */.Az)(report.run_number === null ? undefined : { id: runId, run_number: report.run_number }, runId);
    const name = target.fullName;
    if (report.ended === 'timeout' || report.ended === 'cancelled') {
        if (!wait.cancelDownstream)
            return {};
        try {
            const deadline = report.ended === 'cancelled' && request.cancelDeadline ? request.cancelDeadline : AbortSignal.timeout(CANCEL_REQUEST_MS);
            const outcome = await (0,runs/* cancelRun */.Su)(await request.client(), target, runId, deadline);
            log.info(outcome === 'requested'
                ? `${name}: requested cancellation of ${label}.`
                : `${name}: ${label} had already finished; nothing to cancel.`);
            return { cancel_requested: outcome === 'requested' };
        }
        catch (error) {
            log.warning(`${name}: could not cancel ${label}: ${(0,errors/* messageOf */.bD)(error)}`);
            return { cancel_requested: false };
        }
    }
    if (report.conclusion === null)
        return {};
    const fields = {};
    if (wait.outputsArtifact !== undefined) {
        try {
            const read = await readRunOutputs(await request.client(), request.fetch, {
                target,
                runId,
                artifactName: wait.outputsArtifact,
                label,
                signal: request.signal
            });
            fields.outputs = read.outputs ?? {};
            if (read.outputs)
                log.info(`${name}: ${label} handed back outputs: ${Object.keys(read.outputs).join(', ') || '(an empty object)'}.`);
            else if (read.artifacts)
                reportMissingArtifact(log, name, label, wait.outputsArtifact, read.artifacts);
        }
        catch (error) {
            fields.outputs = {};
            fields.failure =
                error instanceof OutputsError || error instanceof errors/* CancelledError */.cc
                    ? (0,outcome/* failure */.V2)(error.code, error.message)
                    : (0,outcome/* failure */.V2)('outputs', `Could not read the outputs of ${label} in ${name}: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    }
    if (report.conclusion !== 'success' && wait.failureLogLines > 0) {
        try {
            const details = await readFailedJobs(await request.client(), request.fetch, {
                target,
                runId,
                logLines: wait.failureLogLines,
                signal: request.signal,
                // With wait-jobs, only those jobs: the others may still be going, or not matter.
                ...(report.jobs ? { onlyJobIds: new Set(report.jobs.map(job => job.id)) } : {})
            });
            fields.failed_jobs = details.jobs;
            logFailure(log, name, label, details);
        }
        catch (error) {
            log.warning(`${name}: could not list the jobs of ${label}: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    }
    return fields;
}
/**
 * No artifact of the outputs-artifact name: outputs stay {} and the target does
 * not fail (a run may hand nothing back), but a name that was set, or a run
 * that has other artifacts, is likely a misspelling: a warning naming what the
 * run has. The default name on a run without artifacts (a receiving workflow
 * that hands nothing back) is only an info line.
 */
function reportMissingArtifact(log, name, label, artifact, others) {
    const has = others.length > 0 ? `it has: ${others.join(', ')}` : 'it has none';
    const line = `${name}: no artifact named ${artifact} on ${label} (${has}); its outputs are {}.`;
    if (artifact !== parsers/* DEFAULT_OUTPUTS_ARTIFACT */.WD || others.length > 0)
        log.warning(line);
    else
        log.info(`${line} A run hands outputs back with the reply action.`);
}
function logFailure(log, name, label, details) {
    if (details.jobs.length === 0) {
        log.info(`${name}: ${label} has no failed job to show.`);
        return;
    }
    details.jobs.forEach((job, index) => {
        const steps = job.failed_steps.length ? `; failed steps: ${job.failed_steps.join(', ')}` : '';
        log.info(`${name}: ${label}: job '${job.name}' ${job.conclusion ?? 'failed'}${steps}${job.url ? `: ${job.url}` : ''}`);
        const tail = details.logs.get(index);
        if (tail === undefined)
            return;
        const title = `Last ${tail.lines.length} lines of '${job.name}' in ${name} (${label})`;
        const lines = tail.note ? [`(${tail.note})`] : tail.lines;
        if (log.group)
            log.group(title, lines);
        else
            for (const line of [title, ...lines.map(line => `  ${line}`)])
                log.info(line);
    });
    if (details.more > 0)
        log.info(`${name}: ${label}: ${details.more} more failed job(s) not shown.`);
}


/***/ })

};
