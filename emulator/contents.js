// @ts-check
/**
 * `GET /repos/{owner}/{repo}/contents/{path}` for the emulator, as GitHub's
 * contents API answers it: a file (JSON, its text base64-encoded in lines of
 * 60 characters) or a directory (a list of entries, or one object with
 * `application/vnd.github.object`), on the repository's default branch only,
 * for a token with Contents or Single file permission on that repository.
 * The JSON forms only: the raw media type is not emulated (415).
 *
 * A repository's files are the workflows added with addWorkflow, written out
 * as YAML from what the emulator knows of them (name, run-name,
 * repository_dispatch types, workflow_dispatch inputs), and the files put
 * there with setFile (which win over a workflow of the same path).
 */
import { createHash } from 'node:crypto'
import { stringify } from 'yaml'

export const CONTENTS_ROUTE = 'GET /repos/{owner}/{repo}/contents/{path}'
export const CONTENTS_PATTERN = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.*)$/

/**
 * A workflow as the YAML file it stands for.
 * @param {import('./github-emulator.js').Workflow} workflow
 */
function workflowYaml(workflow) {
  /** @type {Record<string, unknown>} */
  const on = {}
  if (workflow.types !== undefined) on['repository_dispatch'] = { types: workflow.types }
  if (workflow.dispatchable) {
    on['workflow_dispatch'] = Object.keys(workflow.inputs).length > 0 ? { inputs: workflow.inputs } : null
  }
  return stringify({
    name: workflow.name,
    ...(workflow.runName === undefined ? {} : { 'run-name': workflow.runName }),
    on,
    jobs: { run: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'true' }] } }
  })
}

/**
 * Every file of the repository: its workflows, then what setFile put there.
 * @param {import('./github-emulator.js').GitHubEmulator} gh @param {string} fullName
 * @returns {Map<string, string>} path → text
 */
function repositoryFiles(gh, fullName) {
  const key = fullName.toLowerCase()
  /** @type {Map<string, string>} */
  const all = new Map()
  for (const workflow of gh.workflows.filter(w => w.repository.toLowerCase() === key))
    all.set(`.github/workflows/${workflow.file}`, workflowYaml(workflow))
  const prefix = `${key}\n`
  for (const [where, text] of gh.files) if (where.startsWith(prefix)) all.set(where.slice(prefix.length), text)
  return all
}

/**
 * The answer to a contents request (params: owner, repo, path); throws the
 * emulator's own HttpError for a bad token or a missing file.
 * @param {import('./github-emulator.js').GitHubEmulator} gh @param {string} authorization @param {string[]} params
 * @param {import('./github-emulator.js').RecordedRequest} record
 * @param {new (status: number, message: string) => Error} HttpError
 */
export function contentsAnswer(gh, authorization, params, record, HttpError) {
  const token = gh.authenticateToken(authorization)
  const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
  if (!token.permissions['contents'] && !token.permissions['single_file'])
    throw new HttpError(403, 'Resource not accessible by integration')
  const accept = String(record.headers.accept ?? '')
  if (/vnd\.github\.(raw|html)/.test(accept)) throw new HttpError(415, 'The emulator serves the JSON forms of contents only')
  const ref = record.query['ref']
  if (ref !== undefined && ref !== repository.defaultBranch) throw new HttpError(404, `No commit found for the ref ${ref}`)
  const fullName = `${repository.owner}/${repository.name}`
  const path = decodeURIComponent(params[2] ?? '').replace(/\/+$/, '')
  const files = repositoryFiles(gh, fullName)
  const base = `${gh.url}/repos/${fullName}/contents`
  /** @param {string} entryPath @param {string | undefined} text */
  const entry = (entryPath, text) => ({
    type: text === undefined ? 'dir' : 'file',
    name: entryPath.split('/').pop(),
    path: entryPath,
    sha: createHash('sha1')
      .update(`blob ${Buffer.byteLength(text ?? '')}\0${text ?? ''}`)
      .digest('hex'),
    size: text === undefined ? 0 : Buffer.byteLength(text),
    url: `${base}/${entryPath}?ref=${repository.defaultBranch}`,
    html_url: `${gh.url}/${fullName}/blob/${repository.defaultBranch}/${entryPath}`,
    download_url: text === undefined ? null : `${gh.url}/${fullName}/raw/${repository.defaultBranch}/${entryPath}`
  })
  const text = files.get(path)
  if (text !== undefined) {
    // Base64 in lines of 60 characters, as GitHub sends it.
    const content = (
      Buffer.from(text)
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    )
      .map(line => `${line}\n`)
      .join('')
    return { status: 200, body: { ...entry(path, text), encoding: 'base64', content } }
  }
  const prefix = path === '' ? '' : `${path}/`
  const inside = [...files.keys()].filter(file => file.startsWith(prefix)).map(file => file.slice(prefix.length).split('/'))
  if (inside.length === 0) throw new HttpError(404, 'Not Found')
  const names = [...new Set(inside.map(parts => parts[0] ?? ''))].sort()
  const entries = names.map(name => entry(`${prefix}${name}`, files.get(`${prefix}${name}`)))
  // application/vnd.github.object answers a directory as one object with its entries; the default media type as a list.
  return { status: 200, body: /vnd\.github\.object/.test(accept) ? { ...entry(path, undefined), entries } : entries }
}
