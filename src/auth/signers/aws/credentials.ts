/**
 * AWS credentials for the KMS call: those in the environment (as
 * aws-actions/configure-aws-credentials or Lambda set them), or, with a role
 * to assume, 15-minute credentials from STS AssumeRoleWithWebIdentity for the
 * job's OIDC token (query API, XML answer, no AWS credentials needed). Every
 * credential goes to `onSecret` before use; none is written anywhere, so
 * nothing reaches later steps.
 */
import { SignerError } from '../../../model/errors.js'
import type { SignerContext } from '../../signer-context.js'
import { awsEndpoint, awsRequest, oneLine, type AwsEnv } from './http.js'
import type { AwsCredentials } from './sigv4.js'
import { runnerOidcToken } from '../../runner-oidc.js'

export interface ResolvedCredentials {
  credentials: AwsCredentials
  /** Who signs, in words, for messages. */
  identity: string
}

export const ASSUMED_ROLE_SECONDS = 900
const OIDC_AUDIENCE = 'sts.amazonaws.com'

export function environmentCredentials(context: SignerContext, env: AwsEnv): ResolvedCredentials {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'] ?? ''
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'] ?? ''
  const sessionToken = env['AWS_SESSION_TOKEN'] || undefined
  for (const secret of [accessKeyId, secretAccessKey, sessionToken]) if (secret) context.onSecret(secret)
  if (!accessKeyId || !secretAccessKey) {
    throw new SignerError('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).')
  }
  return { credentials: { accessKeyId, secretAccessKey, sessionToken }, identity: 'the AWS credentials in the environment' }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
/** The text of the first <tag> in an STS answer (flat values only). */
function xmlText(xml: string, tag: string): string | undefined {
  const raw = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]
  return raw?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name] ?? '')
}

/** The `sub` claim of a JWT (which repository, ref or environment the job is), for messages. */
function subjectOf(jwt: string): string {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown }
    return typeof claims.sub === 'string' ? oneLine(claims.sub, 200) : '?'
  } catch {
    return '?'
  }
}

function explainStsError(code: string, message: string, role: string, subject: string): string {
  const said = message ? ` STS said: "${message}".` : ''
  if (code === 'AccessDenied') {
    return (
      `STS would not let this job assume ${role} (AccessDenied).${said} The role's trust policy must allow sts:AssumeRoleWithWebIdentity ` +
      `for the federated principal token.actions.githubusercontent.com with aud sts.amazonaws.com and a sub matching this job's "${subject}" (docs/keyless.md).`
    )
  }
  if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') {
    return (
      `STS did not accept the job's OIDC token for ${role} (${code}).${said} The role's account needs GitHub's OIDC provider ` +
      `(https://token.actions.githubusercontent.com, audience sts.amazonaws.com), see docs/keyless.md.`
    )
  }
  return `STS could not assume ${role} (${code}).${said}`
}

/** A role session name from the run (letters, digits and +=,.@-; at most 64). */
function sessionName(env: AwsEnv): string {
  const run = [env['GITHUB_RUN_ID'], env['GITHUB_RUN_ATTEMPT']].filter(Boolean).join('-')
  return `app-dispatch${run ? `-${run}` : ''}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
}

/** Credentials of `role` for 15 minutes, for the job's OIDC token. */
export async function assumeRoleWithOidc(context: SignerContext, env: AwsEnv, role: string, region: string): Promise<ResolvedCredentials> {
  const token = await runnerOidcToken(context, {
    requestUrl: env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '',
    requestToken: env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? '',
    audience: OIDC_AUDIENCE
  })
  const url = awsEndpoint('sts', region, env)
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: role,
    RoleSessionName: sessionName(env),
    WebIdentityToken: token,
    DurationSeconds: String(ASSUMED_ROLE_SECONDS)
  }).toString()
  const headers = (): Record<string, string> => ({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })
  const answer = await awsRequest(context, url, { method: 'POST', headers, body }, 'AWS STS', a =>
    /^(Throttling|IDPCommunicationError)$/.test(xmlText(a.text, 'Code') ?? '')
  )
  const accessKeyId = xmlText(answer.text, 'AccessKeyId')
  const secretAccessKey = xmlText(answer.text, 'SecretAccessKey')
  const sessionToken = xmlText(answer.text, 'SessionToken')
  for (const secret of [accessKeyId, secretAccessKey, sessionToken]) if (secret) context.onSecret(secret)
  if (answer.status !== 200 || !accessKeyId || !secretAccessKey || !sessionToken) {
    const code = xmlText(answer.text, 'Code') ?? `HTTP ${answer.status}`
    throw new SignerError(explainStsError(code, oneLine(xmlText(answer.text, 'Message') ?? ''), role, subjectOf(token)))
  }
  const expiration = Date.parse(xmlText(answer.text, 'Expiration') ?? '')
  const assumed = xmlText(answer.text, 'Arn')
  context.log.info(`Assumed ${role} with the job's OIDC token${assumed ? ` as ${assumed}` : ''}.`)
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken, expiresAt: isNaN(expiration) ? undefined : expiration },
    identity: assumed ?? `role ${role}`
  }
}
