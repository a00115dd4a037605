// @ts-check
/**
 * The emulator's routes: for each endpoint (by its ROUTES key), the path pattern whose groups are the
 * path parameters, and what it answers. An answer takes the emulator and the request (path parameters,
 * Authorization header, the recorded request) and returns the status, the body and, for a download, the
 * storage redirect's location; a refusal throws HttpError. GitHubEmulator.handle() records the request,
 * applies faults and latency, finds the route here and sends what it answers.
 */
import * as versions from './api-versions.js'
import { artifactBlob, artifactDigest, artifactVisible, jobState } from './run-jobs.js'
import { CONTENTS_PATTERN, CONTENTS_ROUTE, contentsAnswer } from './contents.js'
import { HttpError } from './http-error.js'

/**
 * @typedef {import('./github-emulator.js').GitHubEmulator} GitHubEmulator
 * @typedef {import('./github-emulator.js').RecordedRequest} RecordedRequest
 * @typedef {{ status: number, body?: unknown, location?: string }} Answer
 * @typedef {{ params: string[], authorization: string, record: RecordedRequest }} RouteRequest
 * @typedef {{ pattern: RegExp, answer: (gh: GitHubEmulator, request: RouteRequest) => Answer }} Route
 */

export const ROUTES = {
  installation: 'GET /repos/{owner}/{repo}/installation',
  appInstallations: 'GET /app/installations',
  accessTokens: 'POST /app/installations/{installation_id}/access_tokens',
  dispatches: 'POST /repos/{owner}/{repo}/dispatches',
  repository: 'GET /repos/{owner}/{repo}',
  listRuns: 'GET /repos/{owner}/{repo}/actions/runs',
  getRun: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
  workflowDispatches: 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
  revoke: 'DELETE /installation/token',
  runArtifacts: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
  artifactZip: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip',
  runJobs: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
  jobLogs: 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
  cancelRun: 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel',
  rateLimit: 'GET /rate_limit',
  contents: CONTENTS_ROUTE
}

/** @type {Record<keyof typeof ROUTES, Route>} */
const TABLE = {
  installation: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/installation$/,
    answer: (gh, { params, authorization }) => {
      const app = gh.authenticateApp(authorization)
      const [owner = '', repo = ''] = params
      const installation = gh.installationFor(app, owner, repo)
      if (!installation) throw new HttpError(404, 'Not Found')
      return { status: 200, body: gh.installationJson(installation) }
    }
  },
  appInstallations: {
    pattern: /^\/app\/installations$/,
    answer: (gh, { authorization }) => {
      const app = gh.authenticateApp(authorization)
      const list = [...gh.installations.values()].filter(i => i.appId === app.id)
      return { status: 200, body: list.map(i => gh.installationJson(i)) }
    }
  },
  accessTokens: {
    pattern: /^\/app\/installations\/([^/]+)\/access_tokens$/,
    answer: (gh, { params, authorization, record }) => gh.createToken(gh.authenticateApp(authorization), Number(params[0]), record)
  },
  dispatches: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/dispatches$/,
    answer: (gh, { params, authorization, record }) => gh.createDispatch(authorization, params[0] ?? '', params[1] ?? '', record.rawBody)
  },
  repository: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)$/,
    answer: (gh, { params, authorization, record }) => {
      const token = gh.authenticateToken(authorization)
      const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
      return { status: 200, body: versions.repositoryJson(repository, gh.url, record.apiVersion) }
    }
  },
  listRuns: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/,
    answer: (gh, { params, authorization, record }) => {
      const token = gh.authenticateToken(authorization)
      const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
      if (!token.permissions['actions']) throw new HttpError(403, 'Resource not accessible by integration')
      const fullName = `${repository.owner}/${repository.name}`
      const createdFilter = /^>=(.+)$/.exec(record.query['created'] ?? '')
      const since = createdFilter && createdFilter[1] ? Date.parse(createdFilter[1]) : -Infinity
      const event = record.query['event']
      const perPage = Math.min(Number(record.query['per_page'] ?? 30), 100)
      const runs = gh.runs
        .filter(r => r.repository === fullName && (!event || r.event === event) && r.created >= since)
        .sort((a, b) => b.created - a.created || b.id - a.id)
      return {
        status: 200,
        body: { total_count: runs.length, workflow_runs: runs.slice(0, perPage).map(r => gh.runJson(r, record.apiVersion)) }
      }
    }
  },
  getRun: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/,
    answer: (gh, { params, authorization, record }) => {
      const token = gh.authenticateToken(authorization)
      const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
      if (!token.permissions['actions']) throw new HttpError(403, 'Resource not accessible by integration')
      const run = gh.runs.find(r => r.id === Number(params[2]) && r.repository === `${repository.owner}/${repository.name}`)
      if (!run) throw new HttpError(404, 'Not Found')
      return { status: 200, body: gh.runJson(run, record.apiVersion) }
    }
  },
  workflowDispatches: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/,
    answer: (gh, { params, authorization, record }) =>
      gh.createWorkflowDispatch(authorization, params[0] ?? '', params[1] ?? '', params[2] ?? '', record)
  },
  revoke: {
    pattern: /^\/installation\/token$/,
    answer: (gh, { authorization }) => {
      const token = gh.authenticateToken(authorization)
      if (versions.isStateless(token.token) && !gh.revokesStatelessTokens) {
        throw new HttpError(422, 'Stateless installation tokens cannot be revoked; this one stays valid until it expires.')
      }
      token.revoked = true
      return { status: 204 }
    }
  },
  rateLimit: {
    pattern: /^\/rate_limit$/,
    answer: (gh, { authorization, record }) => {
      const token = gh.authenticateToken(authorization)
      const remaining = 5000 - (gh.rateLimitSpent.get(token.installationId) ?? 0)
      return { status: 200, body: versions.rateLimitJson(remaining, gh.now() + 3600, record.apiVersion) }
    }
  },
  runArtifacts: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/,
    answer: (gh, { params, authorization, record }) => {
      const run = gh.runForToken(authorization, params, 'read')
      const state = gh.runState(run)
      const age = gh.nowMs() - run.created
      const name = record.query['name']
      const artifacts = run.artifacts.filter(a => (!name || a.name === name) && artifactVisible(a, run.jobs, age, state, run.created))
      return {
        status: 200,
        body: {
          total_count: artifacts.length,
          artifacts: artifacts.map(a => ({
            id: a.id,
            name: a.name,
            size_in_bytes: artifactBlob(a).bytes.length,
            digest: artifactDigest(a),
            expired: a.expired ?? false,
            archive_download_url: `${gh.url}/repos/${run.repository}/actions/artifacts/${a.id}/zip`,
            workflow_run: { id: run.id }
          }))
        }
      }
    }
  },
  artifactZip: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/zip$/,
    answer: (gh, { params, authorization }) => {
      const token = gh.authenticateToken(authorization)
      const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
      if (!token.permissions['actions']) throw new HttpError(403, 'Resource not accessible by integration')
      const fullName = `${repository.owner}/${repository.name}`
      const artifact = gh.runs
        .filter(r => r.repository === fullName)
        .flatMap(r => r.artifacts)
        .find(a => a.id === Number(params[2]))
      if (!artifact) throw new HttpError(404, 'Not Found')
      if (artifact.expired) throw new HttpError(410, 'Artifact has expired')
      return { status: 302, location: gh.storage.put(artifactBlob(artifact)) }
    }
  },
  runJobs: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/jobs$/,
    answer: (gh, { params, authorization, record }) => {
      const run = gh.runForToken(authorization, params, 'read')
      const runState = gh.runState(run)
      const age = gh.nowMs() - run.created
      const iso = (/** @type {number | null} */ ms) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'))
      const jobs = run.jobs.map(job => ({ job, state: jobState(job, age, runState, run.created) })).filter(j => j.state.listed)
      // Paged as GitHub pages it: per_page (default 30, at most 100) jobs of page `page` (from 1).
      const perPage = Math.min(Number(record.query['per_page'] ?? 30), 100)
      const page = Math.max(Number(record.query['page'] ?? 1), 1)
      return {
        status: 200,
        body: {
          total_count: jobs.length,
          jobs: jobs.slice((page - 1) * perPage, page * perPage).map(({ job, state }) => ({
            id: job.id,
            run_id: run.id,
            name: job.name,
            status: state.status,
            conclusion: state.conclusion,
            started_at: iso(state.startedAt),
            completed_at: iso(state.completedAt),
            html_url: `${gh.url}/${run.repository}/actions/runs/${run.id}/job/${job.id}`,
            steps: (job.steps ?? []).map((step, i) => ({
              name: step.name,
              status: 'completed',
              conclusion: step.conclusion,
              number: i + 1
            }))
          }))
        }
      }
    }
  },
  jobLogs: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/jobs\/(\d+)\/logs$/,
    answer: (gh, { params, authorization }) => {
      const token = gh.authenticateToken(authorization)
      const repository = gh.repositoryFor(token, params[0] ?? '', params[1] ?? '')
      if (!token.permissions['actions']) throw new HttpError(403, 'Resource not accessible by integration')
      const fullName = `${repository.owner}/${repository.name}`
      const job = gh.runs
        .filter(r => r.repository === fullName)
        .flatMap(r => r.jobs)
        .find(j => j.id === Number(params[2]))
      if (!job) throw new HttpError(404, 'Not Found')
      const log = job.log ?? ''
      return { status: 302, location: gh.storage.put(typeof log === 'string' ? { bytes: Buffer.from(log) } : log) }
    }
  },
  cancelRun: {
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/cancel$/,
    answer: (gh, { params, authorization }) => {
      const run = gh.runForToken(authorization, params, 'write')
      if (gh.runState(run).status === 'completed') throw new HttpError(409, 'Cannot cancel a workflow run that is completed.')
      run.cancelRequested = true
      const now = gh.nowMs()
      const age = now - run.created
      run.lifecycle.queuedMs = Math.min(run.lifecycle.queuedMs, age)
      run.lifecycle.runMs = age - run.lifecycle.queuedMs + gh.cancelDelayMs
      run.lifecycle.conclusion = 'cancelled'
      return { status: 202, body: {} }
    }
  },
  contents: {
    pattern: CONTENTS_PATTERN,
    answer: (gh, { params, authorization, record }) => contentsAnswer(gh, authorization, params, record, HttpError)
  }
}

/**
 * The route `method` and `path` name, with its path parameters (decoded), or undefined.
 * @param {string} method @param {string} path
 * @returns {{ route: string, params: string[], answer: Route['answer'] } | undefined}
 */
export function findRoute(method, path) {
  for (const [key, { pattern, answer }] of Object.entries(TABLE)) {
    const route = ROUTES[/** @type {keyof typeof ROUTES} */ (key)]
    if (!route.startsWith(`${method} `)) continue
    const match = pattern.exec(path)
    if (match) return { route, params: match.slice(1).map(decodeURIComponent), answer }
  }
  return undefined
}
