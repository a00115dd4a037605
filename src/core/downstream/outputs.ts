/**
 * Outputs back: the receiving run publishes a JSON object as `outputs.json`
 * in an artifact, zipped (upload-artifact's default) or as the file itself
 * (`archive: false`, the artifact named after the file); once the run (or the
 * waited jobs) has completed, the upstream step reads it.
 * Missing artifact → no outputs (not an error; the caller says so, with the
 * names the run has). Anything else wrong fails the
 * target with a message naming the run and the problem. The zip is read with
 * yauzl and every inflation is bounded (a zip bomb stops at the limit).
 */
import type { Octokit } from '@octokit/core'
import yauzl from 'yauzl'
import type { Target } from '../../model/plan.js'
import { fetchCapped, type Capped } from '../../github/storage.js'
import { artifactZipUrl, listArtifacts } from '../../github/artifacts.js'
import { AppDispatchError } from '../../model/errors.js'
import { networkErrorText } from '../../http/request-error.js'

/** The largest outputs.json accepted, inflated. */
export const MAX_OUTPUTS_BYTES = 1024 * 1024
/** The largest artifact zip downloaded (a file stored without a zip may be MAX_OUTPUTS_BYTES at most). */
export const MAX_ARTIFACT_ZIP_BYTES = 2 * 1024 * 1024
export const OUTPUTS_FILE = 'outputs.json'

export class OutputsError extends AppDispatchError {
  override readonly name = 'OutputsError'
  constructor(message: string) {
    super('outputs', message)
  }
}

/**
 * What a run handed back: its outputs object, or none; when no artifact of the
 * name exists, `artifacts` lists the names the run has (so a misspelt name can
 * be told from a run that hands nothing back).
 */
export type RunOutputs = { outputs: Record<string, unknown> } | { outputs: undefined; artifacts?: string[] }

/** At most this many of a run's artifact names are listed when the one asked for is missing. */
const LISTED_ARTIFACTS = 20

/** The run's outputs object, or none. Throws OutputsError. */
export async function readRunOutputs(
  client: Octokit,
  fetchImpl: typeof fetch,
  request: { target: Target; runId: number; artifactName: string; label: string; signal?: AbortSignal }
): Promise<RunOutputs> {
  const { target, runId, artifactName, label } = request
  const where = `${label} in ${target.fullName}`
  const { artifacts } = await listArtifacts(client, target, runId, { name: artifactName, perPage: 10 })
  const artifact = artifacts.find(a => a.name === artifactName)
  if (artifact === undefined) return { outputs: undefined, artifacts: await artifactNames(client, target, runId) }
  if (artifact.expired) throw new OutputsError(`The '${artifactName}' artifact of ${where} has expired; its outputs can no longer be read.`)
  const url = await artifactZipUrl(client, target, artifact.id)
  if (url === undefined) return { outputs: undefined }
  let body
  try {
    body = await fetchCapped(fetchImpl, url, { cap: MAX_ARTIFACT_ZIP_BYTES, keep: 'head', signal: request.signal })
  } catch (error) {
    throw new OutputsError(`Could not download the '${artifactName}' artifact of ${where}: ${networkErrorText(error)}.`)
  }
  const text = await outputsText(body, `The '${artifactName}' artifact of ${where}`)
  return {
    outputs: parseOutputs(
      text.value,
      text.zipped ? `${OUTPUTS_FILE} in the '${artifactName}' artifact of ${where}` : `The '${artifactName}' artifact of ${where}`
    )
  }
}

/** The names of the run's artifacts (the first LISTED_ARTIFACTS), for a message. */
async function artifactNames(client: Octokit, target: Target, runId: number): Promise<string[]> {
  const { artifacts, total } = await listArtifacts(client, target, runId, { perPage: LISTED_ARTIFACTS })
  const names = artifacts.map(a => a.name)
  return total !== undefined && total > names.length ? [...names, `${total - names.length} more`] : names
}

/**
 * How the artifact was stored: a zip (upload-artifact's default) starts with a
 * zip signature; a file uploaded with `archive: false` is served as itself, with
 * its own content type. A body served as a zip that is not one is damaged.
 */
export function artifactForm(bytes: Buffer, contentType: string): 'zip' | 'file' | 'not-a-zip' {
  if (ZIP_SIGNATURES.some(signature => bytes.subarray(0, 4).equals(signature))) return 'zip'
  return ZIP_TYPES.has(contentType) ? 'not-a-zip' : 'file'
}

const ZIP_SIGNATURES = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')]
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/x-zip'])

/** The outputs JSON text of a downloaded artifact, either form, within the same bounds. */
async function outputsText(body: Capped, what: string): Promise<{ value: string; zipped: boolean }> {
  const form = artifactForm(body.bytes, body.contentType)
  if (form === 'not-a-zip') throw new OutputsError(`${what} is not a zip file.`)
  if (form === 'file') {
    if (body.truncated || body.bytes.length > MAX_OUTPUTS_BYTES)
      throw new OutputsError(`${what} (a file stored without a zip) is larger than ${MAX_OUTPUTS_BYTES} bytes.`)
    return { value: body.bytes.toString('utf8'), zipped: false }
  }
  if (body.truncated)
    throw new OutputsError(
      `${what} is larger than ${MAX_ARTIFACT_ZIP_BYTES} bytes; ${OUTPUTS_FILE} must stay under ${MAX_OUTPUTS_BYTES} bytes.`
    )
  const text = await readEntry(body.bytes, OUTPUTS_FILE).catch((error: Error) => {
    throw new OutputsError(`${what} ${error.message}`)
  })
  if (text === undefined) throw new OutputsError(`${what} holds no ${OUTPUTS_FILE}.`)
  return { value: text, zipped: true }
}

/** The outputs object; `what` names the file in messages. */
function parseOutputs(text: string, what: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new OutputsError(`${what} is not valid JSON.`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OutputsError(
      `${what} must hold a JSON object, not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}.`
    )
  }
  return parsed as Record<string, unknown>
}

/** The named entry of a zip as UTF-8 text; undefined when absent; rejects (with a phrase) when not a zip or too large. */
function readEntry(bytes: Buffer, name: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (openError, zipfile) => {
      if (openError || !zipfile) return reject(new Error('is not a zip file.'))
      let settled = false
      const finish = (error: Error | undefined, value?: string): void => {
        if (settled) return
        settled = true
        zipfile.close()
        if (error) reject(error)
        else resolve(value)
      }
      zipfile.on('error', () => finish(new Error('is not a readable zip file.')))
      zipfile.on('end', () => finish(undefined, undefined))
      zipfile.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zipfile.readEntry()
        if (entry.uncompressedSize > MAX_OUTPUTS_BYTES)
          return finish(new Error(`has a ${name} that inflates past ${MAX_OUTPUTS_BYTES} bytes.`))
        zipfile.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return finish(new Error(`has a ${name} that cannot be read.`))
          const chunks: Buffer[] = []
          let size = 0
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length
            // Declared sizes can lie: count what actually inflates.
            if (size > MAX_OUTPUTS_BYTES) {
              stream.destroy()
              return finish(new Error(`has a ${name} that inflates past ${MAX_OUTPUTS_BYTES} bytes.`))
            }
            chunks.push(chunk)
          })
          stream.on('error', () =>
            finish(new Error(`has a ${name} that cannot be inflated (damaged or inflating past its declared size).`))
          )
          stream.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')))
        })
      })
      zipfile.readEntry()
    })
  })
}
