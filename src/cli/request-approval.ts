/**
 * `app-dispatch request-approval`: post a signed Approve / Reject message to
 * Slack from a pipeline. The secrets come from the environment only
 * (SLACK_BOT_TOKEN, APPROVAL_SIGNING_KEY), never from flags. In a workflow
 * step (GITHUB_OUTPUT set) it also writes the outputs approval-id,
 * message-url and expires-at.
 */
import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { exitCodeFor, InputError, messageOf, UsageError } from '../model/errors.js'
import { hasControlCharacters, inertJson } from '../util/inert.js'
import { requestApproval, SlackApiError } from '../slack/request-approval.js'
import { parseArgsError } from './args.js'
import { cliWording } from './wording.js'

export const REQUEST_APPROVAL_HELP = `app-dispatch request-approval: ask in Slack before a dispatch is sent.

Usage:
  app-dispatch request-approval --channel C0123 --summary TEXT --repository OWNER/REPO --event-type TYPE [--client-payload JSON]

  --channel ID              Slack channel ID (C…) the bot is a member of
  --summary TEXT            What is being approved, in Slack mrkdwn
  --repository OWNER/REPO   Where the approved dispatch goes
  --event-type TYPE         The repository_dispatch event type it sends
  --client-payload JSON     Its client_payload (approved_by is added when approved)
  --ttl SECONDS             How long the request stays valid. Default: 86400
  --json                    Print {approvalId, channel, ts, permalink, expiresAt} on stdout

Environment: SLACK_BOT_TOKEN (xoxb-…, chat:write), APPROVAL_SIGNING_KEY (shared with the
handler), SLACK_API_URL (optional). Exit codes: 0 posted; 1 Slack refused; 2 bad usage or input.
`

const OPTIONS = {
  channel: { type: 'string' },
  summary: { type: 'string' },
  repository: { type: 'string' },
  'event-type': { type: 'string' },
  'client-payload': { type: 'string' },
  ttl: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

const WORKFLOW_FLAGS = /Unknown option '--(workflow|ref|inputs)'/

function parseRequestArgs(argv: string[]): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>> {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false })
  } catch (error) {
    const message = messageOf(error)
    const workflow = WORKFLOW_FLAGS.exec(message)
    if (workflow)
      throw new UsageError(
        `--${workflow[1] ?? ''}: an approval sends a repository_dispatch only (--repository, --event-type, --client-payload); workflow_dispatch cannot be approved in Slack.`
      )
    throw new UsageError(parseArgsError(message, Object.keys(OPTIONS), 'app-dispatch request-approval'))
  }
}

export async function requestApprovalCommand(argv: string[], env: NodeJS.ProcessEnv, err: (line: string) => void): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values']
  try {
    ;({ values } = parseRequestArgs(argv))
    if (values.help) {
      process.stdout.write(REQUEST_APPROVAL_HELP)
      return 0
    }
    for (const flag of ['channel', 'summary', 'repository', 'event-type'] as const) {
      if (!values[flag]) throw new UsageError(`--${flag} is required. See app-dispatch request-approval --help.`)
    }
    if (!/^[CDG][A-Z0-9]{2,}$/.test(values.channel ?? ''))
      throw new UsageError(`--channel must be a channel ID such as C0123ABCD (not a #name).`)
    if (!env['SLACK_BOT_TOKEN']) throw new UsageError('$SLACK_BOT_TOKEN is required: the bot token (xoxb-…) with chat:write.')
    if (values.ttl !== undefined && !/^\d{2,7}$/.test(values.ttl))
      throw new UsageError('--ttl must be a whole number of seconds (at least 10).')
  } catch (error) {
    err(`app-dispatch: ${messageOf(error)}`)
    return error instanceof UsageError ? exitCodeFor(error, 'cli') : 2
  }
  try {
    const result = await requestApproval({
      token: env['SLACK_BOT_TOKEN'] ?? '',
      approvalKey: env['APPROVAL_SIGNING_KEY'] ?? '',
      channel: values.channel ?? '',
      summary: values.summary ?? '',
      repository: values.repository ?? '',
      eventType: values['event-type'] ?? '',
      clientPayload: values['client-payload'] ?? '{}',
      ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
      slackApiUrl: env['SLACK_API_URL']
    })
    err(`Posted approval ${result.approvalId} to ${result.channel}${result.permalink ? `: ${result.permalink}` : ''}.`)
    if (values.json) process.stdout.write(`${inertJson(result)}\n`)
    writeStepOutputs(env, {
      'approval-id': result.approvalId,
      'message-url': result.permalink ?? '',
      'expires-at': String(result.expiresAt)
    })
    return 0
  } catch (error) {
    if (error instanceof InputError) {
      err(`app-dispatch: ${error.reword(cliWording({ approvalKey: '$APPROVAL_SIGNING_KEY' })).message}`)
      return exitCodeFor(error, 'cli')
    }
    err(`app-dispatch: ${error instanceof SlackApiError ? error.message : `failed unexpectedly: ${messageOf(error)}`}`)
    return exitCodeFor(error, 'cli')
  }
}

/** `name=value` lines in $GITHUB_OUTPUT; values from Slack that are not one clean line are left out. */
function writeStepOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  const file = env['GITHUB_OUTPUT']
  if (!file) return
  const lines = Object.entries(outputs)
    .filter(([, value]) => !hasControlCharacters(value))
    .map(([name, value]) => `${name}=${value}\n`)
  appendFileSync(file, lines.join(''))
}
