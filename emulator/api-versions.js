// @ts-check
/**
 * What differs between the REST API versions the emulator speaks, keyed by the
 * request's `X-GitHub-Api-Version` header (no header: 2022-11-28, GitHub's
 * default), and GitHub's stateless installation tokens.
 *
 * 2026-03-10 (GitHub changelog 2026-03-12, the first dated version with
 * breaking changes): workflow_dispatch answers 200 with the run's details by
 * default and refuses `return_run_details`; `has_downloads` is gone from
 * repository objects (also those inside workflow runs and the access-token
 * answer); `rate` is gone from `/rate_limit`.
 */
import { randomBytes } from 'node:crypto'

export const OLD_VERSION = '2022-11-28'
export const NEW_VERSION = '2026-03-10'
/** What github.com and GHE.com know; a GitHub Enterprise Server before 3.21 knows only OLD_VERSION. */
export const CLOUD_VERSIONS = [OLD_VERSION, NEW_VERSION]

/** The version a request asks for. @param {import('node:http').IncomingHttpHeaders} headers */
export function requestedVersion(headers) {
  const value = headers['x-github-api-version']
  return (Array.isArray(value) ? value[0] : value) || OLD_VERSION
}

/** The 400 GitHub answers to a version it does not know. @param {string} version */
export function unsupportedVersionMessage(version) {
  return `The version you specified in the "X-GitHub-API-Version" request header, "${version}", is not a supported version.`
}

/** Whether workflow_dispatch reports the run without being asked. @param {string} version */
export function reportsRunByDefault(version) {
  return version >= NEW_VERSION
}

/**
 * A repository object as GitHub shapes it for `version`.
 * @param {{ id: number, owner: string, name: string, defaultBranch: string }} repository
 * @param {string} baseUrl @param {string} version
 */
export function repositoryJson(repository, baseUrl, version) {
  const fullName = `${repository.owner}/${repository.name}`
  return {
    id: repository.id,
    name: repository.name,
    full_name: fullName,
    owner: { login: repository.owner },
    private: true,
    html_url: `${baseUrl}/${fullName}`,
    url: `${baseUrl}/repos/${fullName}`,
    default_branch: repository.defaultBranch,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    // Removed in 2026-03-10.
    ...(version >= NEW_VERSION ? {} : { has_downloads: true })
  }
}

/** `GET /rate_limit` for `version`. @param {number} remaining @param {number} reset @param {string} version */
export function rateLimitJson(remaining, reset, version) {
  const core = { limit: 5000, used: 5000 - remaining, remaining, reset }
  // `rate` (a copy of resources.core, deprecated since 2021) is removed in 2026-03-10.
  return { resources: { core }, ...(version >= NEW_VERSION ? {} : { rate: core }) }
}

/**
 * A stateless installation token as GitHub Enterprise Cloud issues them since
 * 2026-04-27: `ghs_<APPID>_<JWT>`, about 520 characters, two dots, matching
 * GitHub's suggested pattern `ghs_[A-Za-z0-9._]{36,}`. Opaque to its holder.
 * @param {number} appId @param {number} installationId @param {number} expiresAt seconds since the epoch
 */
export function statelessToken(appId, installationId, expiresAt) {
  const part = (/** @type {Buffer} */ bytes) => bytes.toString('base64url').replace(/-/g, '_')
  const header = part(Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })))
  const payload = part(
    Buffer.from(JSON.stringify({ iss: String(appId), iid: installationId, exp: expiresAt, jti: randomBytes(12).toString('hex') }))
  )
  return `ghs_${appId}_${header}.${payload}.${part(randomBytes(256))}`
}

/** A stateless token is a JWT: it has two dots, a classic token none. @param {string} token */
export function isStateless(token) {
  return token.split('.').length === 3
}
