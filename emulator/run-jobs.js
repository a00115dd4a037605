// @ts-check
/**
 * Jobs and artifacts of an emulated run, on the run's clock, the way GitHub
 * shows them while the run goes on:
 * - a job appears in the job list `appearMs` after the run was created (jobs
 *   that wait on `needs:` are listed late), is queued until `startMs`, in
 *   progress until `doneMs`, then completed with its conclusion. Without
 *   timing, a job is listed from the start and completes with the run. A job
 *   still going when the run ends (e.g. cancelled) ends with the run, as
 *   `cancelled` unless the run succeeded.
 * - an artifact with `job` is listed once that job has completed (artifacts
 *   are visible as soon as they are uploaded); otherwise once the run has.
 * - an artifact uploaded with upload-artifact v7's `archive: false` is one file
 *   stored as itself, named after the file, served with its content type
 *   (unzippedArtifact); a zipped one is served as application/zip.
 */
import { createHash } from 'node:crypto'

/**
 * @typedef {{
 *   name: string, conclusion: string | null, steps?: Array<{ name: string, conclusion: string | null }>,
 *   log?: string | { size: number, filler: string, tail: string },
 *   appearMs?: number, startMs?: number, doneMs?: number
 * }} RunJob
 * @typedef {{ name: string, expired?: boolean, job?: string } & ({ zip: Buffer } | { file: Buffer, contentType: string })} RunArtifact
 * @typedef {{ status: string, conclusion: string | null, completedAt?: number }} RunStateLike
 */

const CONTENT_TYPES = /** @type {Record<string, string>} */ ({
  json: 'application/json',
  txt: 'text/plain',
  zip: 'application/zip'
})

/**
 * An artifact uploaded with `archive: false`: named after the file (upload-artifact
 * ignores its `name` input then), served with the file's content type.
 * @param {string} fileName @param {string | Buffer} content @param {{ job?: string, contentType?: string }} [options]
 * @returns {RunArtifact}
 */
export function unzippedArtifact(fileName, content, options = {}) {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''
  return {
    name: fileName,
    file: Buffer.isBuffer(content) ? content : Buffer.from(content),
    contentType: options.contentType ?? CONTENT_TYPES[extension] ?? 'application/octet-stream',
    ...(options.job ? { job: options.job } : {})
  }
}

/** The stored bytes and how storage serves them. @param {RunArtifact} artifact */
export function artifactBlob(artifact) {
  return 'zip' in artifact
    ? { bytes: artifact.zip, contentType: 'application/zip' }
    : { bytes: artifact.file, contentType: artifact.contentType }
}

/**
 * A job's state at `age` ms after its run was created.
 * @param {RunJob} job @param {number} age @param {RunStateLike} run @param {number} runCreated
 * @returns {{ listed: boolean, status: string, conclusion: string | null, startedAt: number | null, completedAt: number | null }}
 */
export function jobState(job, age, run, runCreated) {
  const runEnd = run.status === 'completed' && run.completedAt !== undefined ? run.completedAt - runCreated : Infinity
  const appear = job.appearMs ?? 0
  // Not listed yet, or never: a job whose turn never came before the run ended.
  if (age < appear || appear > runEnd) return { listed: false, status: 'queued', conclusion: null, startedAt: null, completedAt: null }
  const start = Math.min(job.startMs ?? appear, runEnd)
  const done = Math.min(job.doneMs ?? runEnd, runEnd)
  const startedAt = age >= start ? runCreated + start : null
  if (age < start) return { listed: true, status: 'queued', conclusion: null, startedAt, completedAt: null }
  if (age < done) return { listed: true, status: 'in_progress', conclusion: null, startedAt, completedAt: null }
  const cutShort = job.doneMs === undefined ? false : job.doneMs > runEnd
  const conclusion = cutShort && run.conclusion !== 'success' ? 'cancelled' : job.conclusion
  return { listed: true, status: 'completed', conclusion, startedAt, completedAt: runCreated + done }
}

/**
 * Whether an artifact is listed yet: once its job has completed, else once the run has.
 * @param {RunArtifact} artifact @param {Array<RunJob>} jobs @param {number} age @param {RunStateLike} run @param {number} runCreated
 */
export function artifactVisible(artifact, jobs, age, run, runCreated) {
  if (run.status === 'completed') return true
  if (!artifact.job) return false
  const job = jobs.find(j => j.name === artifact.job)
  return job !== undefined && jobState(job, age, run, runCreated).status === 'completed'
}

/** @param {RunArtifact} artifact */
export function artifactDigest(artifact) {
  return `sha256:${createHash('sha256').update(artifactBlob(artifact).bytes).digest('hex')}`
}
