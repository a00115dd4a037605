// @ts-check
/**
 * `GET /repos/{owner}/{repo}/contents/{path}` for the emulator: a file (JSON,
 * its text base64-encoded in `content`) or a directory (an array of entries),
 * on the repository's default branch. The workflows added with addWorkflow are
 * served as `.github/workflows/FILE`, written out as YAML from what the
 * emulator knows of them (name, run-name, repository_dispatch types,
 * workflow_dispatch inputs); setContent adds or replaces any file by its text.
 * Kept apart from github-emulator.js, which calls it from its route table.
 */
import { stringify } from 'yaml'

export const CONTENTS_ROUTE = 'GET /repos/{owner}/{repo}/contents/{path}'
export const CONTENTS_PATTERN = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.*)$/

/** @type {WeakMap<object, Map<string, string>>} files set with setContent, keyed `owner/repo:path` (lower-case) */
const files = new WeakMap()

/**
 * Adds or replaces a file's text in a repository (on its default branch).
 * @param {import('./github-emulator.js').GitHubEmulator} gh @param {string} fullName @param {string} path @param {string} text
 */
export function setContent(gh, fullName, path, text) {
  const map = files.get(gh) ?? new Map()
  files.set(gh, map)
  map.set(`${fullName.toLowerCase()}:${path}`, text)
}

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
 * Every file of the repository: its workflows, then what setContent added.
 * @param {import('./github-emulator.js').GitHubEmulator} gh @param {string} fullName
 * @returns {Map<string, string>} path → text
 */
function repositoryFiles(gh, fullName) {
  const key = fullName.toLowerCase()
  /** @type {Map<string, string>} */
  const all = new Map()
  for (const workflow of gh.workflows.filter(w => w.repository === key))
    all.set(`.github/workflows/${workflow.file}`, workflowYaml(workflow))
  for (const [where, text] of files.get(gh) ?? []) {
    const at = where.indexOf(':')
    if (where.slice(0, at) === key) all.set(where.slice(at + 1), text)
  }
  return all
}

/**
 * The answer to a contents request (params: owner, repo, path). Needs a token
 * with Contents (read or write); throws the emulator's own errors for a bad one.
 * @param {import('./github-emulator.js').GitHubEmulator} gh @param {string[]} params @param {string} authorization
 * @returns {{ status: number, body: unknown }}
 */
export function contentsAnswer(gh, params, authorization) {
  const token = gh.authenticateToken(authorization)
  const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
  if (!token.permissions['contents']) return { status: 403, body: { message: 'Resource not accessible by integration' } }
  const fullName = `${repository.owner}/${repository.name}`
  const path = (params[2] ?? '').replace(/\/+$/, '')
  const all = repositoryFiles(gh, fullName)
  const base = `${gh.url}/repos/${fullName}/contents`
  const entry = (/** @type {string} */ file, /** @type {string} */ text) => ({
    type: 'file',
    name: file.slice(file.lastIndexOf('/') + 1),
    path: file,
    size: Buffer.byteLength(text),
    sha: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
    url: `${base}/${file}?ref=${repository.defaultBranch}`,
    download_url: `${gh.url}/raw/${fullName}/${repository.defaultBranch}/${file}`
  })
  const text = all.get(path)
  if (text !== undefined) {
    const content = (
      Buffer.from(text)
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n')
    return { status: 200, body: { ...entry(path, text), encoding: 'base64', content } }
  }
  const inside = [...all].filter(([file]) => path === '' || file.startsWith(`${path}/`))
  if (inside.length === 0) return { status: 404, body: { message: 'Not Found' } }
  /** @type {Map<string, unknown>} */
  const listed = new Map()
  for (const [file, fileText] of inside) {
    const rest = file.slice(path === '' ? 0 : path.length + 1)
    const slash = rest.indexOf('/')
    if (slash === -1) listed.set(rest, entry(file, fileText))
    else {
      const dir = `${path === '' ? '' : `${path}/`}${rest.slice(0, slash)}`
      listed.set(rest.slice(0, slash), { type: 'dir', name: rest.slice(0, slash), path: dir, size: 0, url: `${base}/${dir}` })
    }
  }
  return { status: 200, body: [...listed.values()] }
}
