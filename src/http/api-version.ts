/**
 * Which REST API version (`X-GitHub-Api-Version`) a run asks for, and how a
 * server that does not know it is recognised.
 *
 * github.com and GHE.com (`api.SUBDOMAIN.ghe.com`) get 2026-03-10, the first
 * dated version with breaking changes. GitHub Enterprise Server keeps
 * 2022-11-28: each GHES release supports its own set of versions (3.21 is the
 * first with 2026-03-10), and nothing this action reads differs between the two,
 * so asking an older GHES for the new version would only cost a refused request.
 * Whatever was asked for, a 400 that names the version makes the rest of the
 * step use 2022-11-28 (see client.ts).
 */

/** The newest version, sent to GitHub's own clouds. */
export const CLOUD_API_VERSION = '2026-03-10'
/** The version every supported GHES knows, and the fallback. */
export const FALLBACK_API_VERSION = '2022-11-28'

/** The version to ask `apiUrl` for first. */
export function apiVersionFor(apiUrl: string): string {
  let hostname: string
  try {
    hostname = new URL(apiUrl).hostname.toLowerCase()
  } catch {
    return FALLBACK_API_VERSION
  }
  if (hostname === 'api.github.com') return CLOUD_API_VERSION
  // GHE.com (data residency): api.SUBDOMAIN.ghe.com; not a look-alike such as api.x.ghe.com.example.
  if (/^api\.[a-z0-9-]+\.ghe\.com$/.test(hostname)) return CLOUD_API_VERSION
  return FALLBACK_API_VERSION
}

/**
 * Whether a failure is the server refusing the version header. GitHub answers
 * 400 with "The version you specified in the "X-GitHub-API-Version" request
 * header, "…", is not a supported version." (seen by Codex-/return-dispatch);
 * GHES's wording is not documented, so any 400 whose message speaks of a
 * version counts. A refused request was not processed, so re-sending it with
 * another version cannot repeat it.
 */
export function isVersionRefusal(status: number | undefined, githubMessage: string): boolean {
  return status === 400 && /version/i.test(githubMessage)
}

/**
 * Under 2026-03-10 workflow_dispatch answers 200 with the run's id by default
 * and no longer accepts `return_run_details`; before, the run details had to be
 * asked for.
 */
export function reportsRunByDefault(apiVersion: string): boolean {
  return apiVersion >= CLOUD_API_VERSION
}
