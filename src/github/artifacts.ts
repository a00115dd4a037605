/**
 * A run's artifacts and a job's log: the listings, and the download
 * locations GitHub answers with a 302 to storage (storage.ts follows none of
 * them with the token).
 */
import type { Octokit } from '@octokit/core'
import type { Target } from '../model/plan.js'
import { storageUrl } from './storage.js'

export interface ListedArtifact {
  id: number
  name: string
  expired?: boolean
  size_in_bytes?: number
}

/** `GET …/actions/runs/{run_id}/artifacts`: one page (`name` filters by exact name). */
export async function listArtifacts(
  client: Octokit,
  target: Target,
  runId: number,
  query: { name?: string; perPage: number }
): Promise<{ artifacts: ListedArtifact[]; total: number | undefined }> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
    owner: target.owner,
    repo: target.repo,
    run_id: runId,
    ...(query.name === undefined ? {} : { name: query.name }),
    per_page: query.perPage
  })
  const { artifacts, total_count: total } = data as { artifacts: ListedArtifact[]; total_count?: number }
  return { artifacts, total }
}

/** Where the artifact's zip can be downloaded for a minute, or undefined when it is gone (404). */
export async function artifactZipUrl(client: Octokit, target: Target, artifactId: number): Promise<string | undefined> {
  return storageUrl(client, 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
    owner: target.owner,
    repo: target.repo,
    artifact_id: artifactId,
    archive_format: 'zip'
  })
}

/** Where the job's log can be downloaded for a minute, or undefined when it is gone (404). */
export async function jobLogUrl(client: Octokit, target: Target, jobId: number): Promise<string | undefined> {
  return storageUrl(client, 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
    owner: target.owner,
    repo: target.repo,
    job_id: jobId
  })
}
