/**
 * From a GitHub refusal to a message a person can act on. Pure: the step,
 * the status and GitHub's own message in; one sentence of cause and fix out.
 */
import { CancelledError, GitHubError, OidcTokenError, SignerError, type GitHubStep } from '../model/errors.js'
import { describeNetworkError, githubMessageOf, statusOf } from '../http/request-error.js'
import { msg } from '../model/placeholders.js'

export interface AdviceContext {
  appId: string
  /** Account that owns the target repositories. */
  owner: string
  /** `owner/repo` names the token was for. */
  repositories: string[]
  /** Web UI base, e.g. https://github.com. */
  webUrl: string
  /** Human name of the permission the step needs, e.g. "Contents: Read and write". */
  permission: string
  installationId?: number
  /** workflow_dispatch: the workflow file name or ID, and the ref used. */
  workflow?: string
  ref?: string
}

const PERMISSION_DENIED = /permissions requested are not granted|resource not accessible by integration/i
export const REPOSITORY_NOT_IN_INSTALLATION = /repository that does not exist or is not accessible/i

/** The advice; inputs appear as placeholders (model/placeholders.ts) that each front end renders in its own words. */
export function adviceFor(step: GitHubStep, status: number | undefined, githubMessage: string, ctx: AdviceContext): string {
  return advice(step, status, githubMessage, ctx)
}

interface Facts {
  step: GitHubStep
  status: number
  githubMessage: string
  ctx: AdviceContext
  repos: string
  installPlace: string
  /** ` GitHub said: "…".` or ''. */
  said: string
}

function advice(step: GitHubStep, status: number | undefined, githubMessage: string, ctx: AdviceContext): string {
  if (status === undefined) {
    return msg`Could not reach the GitHub API (${describeNetworkError(githubMessage)}) after retrying. Check {github-api-url} and this machine's network or proxy settings.`
  }
  const facts: Facts = {
    step,
    status,
    githubMessage,
    ctx,
    repos: ctx.repositories.join(', '),
    installPlace: `the App's settings (${ctx.webUrl}/settings/apps for your own App, ${ctx.webUrl}/organizations/ORG/settings/apps for an organization's) → Install App → ${ctx.owner}`,
    said: githubMessage ? ` GitHub said: "${githubMessage}".` : ''
  }
  return credentialsAdvice(facts) ?? installationAdvice(facts) ?? workflowAdvice(facts) ?? genericAdvice(facts)
}

/** 401s and missing permissions. */
function credentialsAdvice({ step, status, githubMessage, ctx, repos, said }: Facts): string | undefined {
  if (status === 401 && (step === 'dispatch' || step === 'revoke')) {
    return msg`GitHub rejected the installation token (401) for ${repos}.${said} The token expired or was revoked while the step ran.`
  }
  if (status === 401) {
    return (
      msg`GitHub rejected the App's credentials (401).${said} Check that {app-id} '${ctx.appId}' is the App ID or Client ID ` +
      msg`of the App whose private key you passed, and that the key has not been deleted from the App's settings. ` +
      msg`A clock on this machine that is minutes off also causes this.`
    )
  }
  if (PERMISSION_DENIED.test(githubMessage)) {
    return (
      msg`The App's installation on ${ctx.owner} does not grant ${ctx.permission}, which this needs.${said} ` +
      msg`Add it in the App's settings (Permissions & events → Repository permissions → ${ctx.permission}), ` +
      msg`then have an owner of ${ctx.owner} accept the new permissions (${ctx.webUrl}/settings/installations for a user, ` +
      msg`${ctx.webUrl}/organizations/${ctx.owner}/settings/installations for an organization).`
    )
  }
  return undefined
}

/** Where the App is (not) installed, and what its token may cover. */
function installationAdvice({ step, status, githubMessage, ctx, repos, installPlace, said }: Facts): string | undefined {
  if (step === 'installation-lookup' && status === 404) {
    return (
      msg`The GitHub App ({app-id} ${ctx.appId}) cannot see ${repos}: the repository does not exist (check its spelling), ` +
      msg`or the App is not installed on ${ctx.owner}, or its installation there does not include it. ` +
      msg`Install the App on ${ctx.owner} with access to it: ${installPlace}.`
    )
  }
  if (step === 'token' && REPOSITORY_NOT_IN_INSTALLATION.test(githubMessage)) {
    return (
      msg`The App is installed on ${ctx.owner}, but its installation does not include ${repos}: the repository does not exist ` +
      msg`(check its spelling) or is not granted to the App.${said} Add it to the installation ("Repository access" in ${installPlace}).`
    )
  }
  if (step === 'token' && status === 404) {
    return (
      msg`Installation ${ctx.installationId ?? ''} does not exist or does not belong to {app-id} ${ctx.appId}.${said} ` +
      msg`Check {installation-id}, or leave it empty to look the installation up from the repository.`
    )
  }
  if (step === 'token' && status === 403) {
    return msg`GitHub refused an installation token for ${ctx.owner} (403).${said} A suspended installation is the usual cause: check ${installPlace}.`
  }
  return undefined
}

/** workflow_dispatch refusals: the workflow, its trigger, the ref. */
function workflowAdvice({ step, status, githubMessage, ctx, repos, said }: Facts): string | undefined {
  if (step !== 'dispatch' || ctx.workflow === undefined) return undefined
  if (status === 404) {
    return (
      msg`Workflow '${ctx.workflow}' was not found in ${repos} (404).${said} Check the file name under .github/workflows ` +
      msg`on the default branch, or use the workflow's numeric ID.`
    )
  }
  if (status === 422 && /workflow_dispatch/i.test(githubMessage)) {
    return msg`Workflow '${ctx.workflow}' in ${repos} cannot be started this way.${said} Add 'on: workflow_dispatch' to it on the default branch.`
  }
  if (status === 422 && /\binputs?\b/i.test(githubMessage)) {
    return (
      msg`Workflow '${ctx.workflow}' in ${repos} did not accept the inputs.${said} ` +
      msg`Set {inputs} to what its on.workflow_dispatch.inputs declares, every required one included.`
    )
  }
  if (status === 422 && /\bref\b/i.test(githubMessage)) {
    return msg`GitHub could not use ref '${ctx.ref ?? ''}' in ${repos}.${said} Set {ref} to a branch or tag that exists there.`
  }
  return undefined
}

function genericAdvice({ step, status, repos, said }: Facts): string {
  if ((step === 'default-branch' || step === 'dispatch') && status === 404) {
    return msg`GitHub answered 404 for ${repos} with a token scoped to it: the repository may have been renamed or deleted.${said}`
  }
  if (status === 403 || status === 429) {
    return msg`GitHub rate-limited the request (${status}) for longer than this step waits.${said} Try again later.`
  }
  if (status >= 500) {
    return msg`GitHub answered ${status} repeatedly, so the step gave up after retrying.${said} GitHub may be having an incident.`
  }
  return msg`GitHub answered ${status}.${said}`
}

/** A step's failure, in words: GitHub's refusal (or silence), a cancellation, or a JWT that could not be signed. */
export type StepFailure = GitHubError | CancelledError | SignerError | OidcTokenError

/** Wraps any failure of a step as a GitHubError carrying the advice. */
export function toGitHubError(step: GitHubStep, error: unknown, ctx: AdviceContext): StepFailure {
  // Already in words: GitHub's own refusal, a cancellation, or the App's JWT that could not be signed (GitHub was not asked).
  if (error instanceof GitHubError || error instanceof CancelledError || error instanceof SignerError || error instanceof OidcTokenError)
    return error
  const status = statusOf(error)
  const message = githubMessageOf(error)
  return new GitHubError(step, status, adviceFor(step, status, message, ctx))
}

/** The web UI that goes with an API URL. */
export function webUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl)
  if (url.hostname === 'api.github.com') return 'https://github.com'
  // GHE.com (data residency): api.SUBDOMAIN.ghe.com serves SUBDOMAIN.ghe.com.
  if (/^api\.[^.]+\.ghe\.com$/.test(url.hostname)) return `https://${url.hostname.slice(4)}`
  // GitHub Enterprise Server: https://HOST/api/v3.
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`
}
