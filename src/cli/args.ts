/**
 * The CLI's flags, help and environment fallbacks, all derived from the
 * input declarations, plus the few flags only the CLI has. Node's own
 * util.parseArgs does the parsing.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { declaration, INPUTS, type Section } from '../model/input-table.js'
import type { InputSource } from '../input/parse-inputs.js'
import type { DispatchOptions } from '../lib/index.js'
import { UsageError } from '../model/errors.js'
import { nearest } from '../util/nearest.js'
import { VERSION } from '../util/version.js'

type ParseOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>

const CLI_ONLY: ParseOptions = {
  'private-key-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
}

const OPTIONS: ParseOptions = {
  ...Object.fromEntries(
    INPUTS.map(input => [
      input.flag,
      { type: input.kind === 'boolean' ? 'boolean' : 'string', ...(input.kind === 'list' ? { multiple: true } : {}) }
    ])
  ),
  ...CLI_ONLY
}

function helpLine(flag: string, text: string): string {
  const left = `  ${flag}`
  return left.length < 28 ? `${left.padEnd(28)}${text}` : `${left}\n${' '.repeat(28)}${text}`
}

function section(title: Section): string[] {
  const lines = INPUTS.filter(input => input.section === title).flatMap(input => {
    const fallback = [input.env ? `$${input.env}` : '', input.default !== undefined && input.default !== 'false' ? input.default : '']
      .filter(Boolean)
      .join(', else ')
    const lines = [
      helpLine(`--${input.flag}${input.placeholder ? ` ${input.placeholder}` : ''}`, input.help + (fallback ? ` Default: ${fallback}` : ''))
    ]
    if (input.name === 'private-key')
      lines.unshift(helpLine('--private-key-file PATH', "The App's .pem file. Default: the key in $GITHUB_APP_PRIVATE_KEY"))
    return lines
  })
  return [`${title}:`, ...lines, '']
}

export const HELP = [
  `app-dispatch ${VERSION}: start workflows in other repositories as a GitHub App.`,
  '',
  'Usage:',
  '  app-dispatch --repository OWNER/REPO --event-type TYPE [--client-payload JSON] [options]',
  '  app-dispatch --repository OWNER/REPO --workflow FILE.yml [--ref REF] [--inputs JSON] [options]',
  '  app-dispatch request-approval --help     (post an Approve / Reject request to Slack)',
  '',
  ...section('The App'),
  ...section('What to send'),
  ...section('Waiting'),
  'Output:',
  helpLine('--json', 'Print the results array (one object per target) on stdout'),
  helpLine('--help, -h', 'Show this help'),
  helpLine('--version', 'Print the version'),
  '',
  'Progress goes to stderr. Exit codes: 0 all good; 1 a dispatch or a downstream run failed;',
  '2 bad usage or input. The key, JWT and tokens are never printed.',
  '',
  'Examples:',
  '  export GITHUB_APP_CLIENT_ID=Iv23liABCDEF123456',
  '  export GITHUB_APP_PRIVATE_KEY="$(cat dispatcher.private-key.pem)"',
  `  app-dispatch --repository octo-org/deploy --event-type deploy --client-payload '{"version":"1.2.3"}'`,
  '  app-dispatch --repository octo-org/web,octo-org/api --event-type library-released --json',
  `  app-dispatch --repository octo-org/deploy --workflow deploy.yml --inputs '{"environment":"staging"}' --wait`,
  ''
].join('\n')

/** A failure to read the key file, in words. */
function keyFileError(path: string, error: NodeJS.ErrnoException): string {
  const reason =
    {
      ENOENT: 'there is no such file',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EISDIR: 'it is a directory, not a file',
      ENOTDIR: 'a part of the path is not a directory'
    }[error.code ?? ''] ?? error.message
  return `Cannot read --private-key-file ${path}: ${reason}.`
}

/**
 * util.parseArgs's error in the CLI's words, one line: an unknown flag with
 * the nearest known one, a value that starts with `-` with the `--flag=VALUE`
 * form that takes it.
 */
export function parseArgsError(message: string, known: Iterable<string>, command = 'app-dispatch'): string {
  const ambiguous = /Option '(?:-\w, )?--([\w-]+)[^']*' argument is ambiguous/.exec(message)
  if (ambiguous) {
    const flag = ambiguous[1] ?? ''
    return `--${flag}: a value that starts with '-' must be written --${flag}=VALUE (e.g. --${flag}='-x').`
  }
  const match = /Unknown option '(-{1,2})([^']+)'/.exec(message)
  if (!match) return `${message.split('\n')[0]?.replace(/\.$/, '') ?? ''}. See ${command} --help.`
  const near = nearest(match[2] ?? '', known)
  return `Unknown option '${match[1] ?? ''}${match[2] ?? ''}'.${near ? ` Did you mean --${near}?` : ''} See ${command} --help.`
}

export type Parsed =
  | {
      options: DispatchOptions
      json: boolean
      /** Where a value came from, when not its own flag (`$GITHUB_APP_ID`, `--private-key-file PATH`), for messages. */
      sources: Record<string, string>
    }
  | 'help'
  | 'version'

export function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): Parsed {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    ;({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }) as { values: typeof values })
  } catch (error) {
    throw new UsageError(parseArgsError(error instanceof Error ? error.message : String(error), Object.keys(OPTIONS)))
  }
  if (values['help']) return 'help'
  if (values['version']) return 'version'
  if (values['private-key'] !== undefined && values['private-key-file'] !== undefined) {
    throw new UsageError('Give --private-key or --private-key-file, not both.')
  }
  const options: Record<string, unknown> = {}
  const sources: Record<string, string> = {}
  for (const input of INPUTS) {
    const given = values[input.flag]
    // A flag's value is text, read by the action's rules: repeated list flags are lines of one text.
    const value = (Array.isArray(given) ? given.join('\n') : given) ?? (input.env ? env[input.env] : undefined)
    if (value !== undefined) options[input.option] = value
    if (values[input.flag] === undefined && typeof value === 'string' && value !== '' && input.env) sources[input.name] = `$${input.env}`
  }
  // client-id and app-id (its older name) name one thing: a flag for either wins over both variables.
  if (values['client-id'] !== undefined || values['app-id'] !== undefined) {
    for (const [name, option] of [
      ['client-id', 'clientId'],
      ['app-id', 'appId']
    ] as const) {
      if (values[name] === undefined) delete options[option]
      delete sources[name]
    }
  }
  const keyFile = values['private-key-file']
  if (typeof keyFile === 'string') {
    sources['private-key'] = `--private-key-file ${keyFile}`
    try {
      options['privateKey'] = readFileSync(keyFile, 'utf8')
    } catch (error) {
      throw new UsageError(keyFileError(keyFile, error as NodeJS.ErrnoException))
    }
  }
  options['repository'] ??= ''
  options['privateKey'] ??= ''
  return { json: values['json'] === true, options: options as unknown as DispatchOptions, sources }
}

/** The parsed flags as the inputs' text (and booleans), for the action's parser: the CLI reads its values by the action's rules. */
export function inputSource(options: DispatchOptions): InputSource {
  const given = options as unknown as Record<string, string | boolean | undefined>
  return name => given[declaration(name)?.option ?? name]
}
