/**
 * docs/library.md's TypeScript examples compile against the shipped declarations (lib/) with the
 * settings `tsc --init` writes today, `exactOptionalPropertyTypes` among them: an optional option
 * declared `?: T` refuses `process.env.X` (a `string | undefined`), so every optional option of the
 * public interfaces is declared `?: T | undefined`.
 */
import { expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'
import { tempDir } from '../support/temp-dir.js'

/** What `tsc --init` (TypeScript 5.9 and later) turns on, with Node's types for `process`. */
const INIT_OPTIONS = {
  module: 'nodenext',
  target: 'esnext',
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: 'force',
  skipLibCheck: true,
  noEmit: true
}

/** Names the doc's fragments use without declaring them (`...app`). */
const PREAMBLE = `import { dispatch, type DispatchOptions } from 'app-dispatch'
declare const app: Pick<DispatchOptions, 'appId' | 'privateKey'>
`

/** Options a Slack handler is typically given from the environment: each optional one may be undefined. */
const SLACK_FROM_ENV = `import { createSlackApprovalHandler, requestApproval, dynamoDbClaimStore } from 'app-dispatch/slack'
const env = process.env
export const handler = createSlackApprovalHandler({
  appId: env.GITHUB_APP_ID!,
  privateKey: env.GITHUB_APP_PRIVATE_KEY,
  appKmsKeyId: env.GITHUB_APP_KMS_KEY_ID,
  signingSecret: env.SLACK_SIGNING_SECRET!,
  approvalKey: env.APPROVAL_SIGNING_KEY!,
  allowedUsers: ['U1'],
  allowedChannels: env.CHANNEL ? [env.CHANNEL] : undefined,
  apiUrl: env.GITHUB_API_URL,
  claims: env.TABLE ? dynamoDbClaimStore({ tableName: env.TABLE, region: env.AWS_REGION, endpoint: undefined }) : undefined,
  asyncInvoke: env.FN ? { functionName: env.FN, region: env.AWS_REGION } : undefined,
  bodyTimeoutMs: undefined
})
await requestApproval({
  token: env.SLACK_BOT_TOKEN!,
  channel: 'C1',
  repository: 'octo-org/app',
  eventType: 'deploy',
  clientPayload: undefined,
  summary: 'Deploy',
  approvalKey: env.APPROVAL_SIGNING_KEY!,
  ttlSeconds: undefined,
  slackApiUrl: env.SLACK_API_URL
})
`

function tsBlocks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map(m =>
    (m[2] ?? '')
      .split('\n')
      .map(line => line.slice((m[1] ?? '').length))
      .join('\n')
  )
}

/** A consumer project whose `app-dispatch` is this checkout (lib/ must be built), type-checked with `settings`. */
function compile(files: Record<string, string>, settings: Record<string, unknown>): string {
  const dir = tempDir('docs-types-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'app-dispatch'), 'dir')
  symlinkSync(join(ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: settings, files: Object.keys(files) }))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' })
    return ''
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error)
  }
}

test('docs/library.md holds TypeScript examples, one passing an option that may be undefined', () => {
  const blocks = tsBlocks('docs/library.md')
  expect(blocks.length).toBeGreaterThanOrEqual(2)
  expect(blocks.join('\n')).toContain('apiUrl: process.env.GITHUB_API_URL')
})

test("docs/library.md's TypeScript examples and a Slack configuration from the environment compile with exactOptionalPropertyTypes", () => {
  const files: Record<string, string> = { 'slack.ts': SLACK_FROM_ENV }
  tsBlocks('docs/library.md').forEach((block, i) => {
    files[`library-${i + 1}.ts`] = block.includes("from 'app-dispatch'") ? block : PREAMBLE + block
  })
  expect(compile(files, INIT_OPTIONS)).toBe('')
}, 60_000)

test('every optional option of the public interfaces is declared `| undefined` in the shipped declarations', () => {
  const declarations: Record<string, string[]> = {
    'lib/lib/options.d.ts': ['DispatchOptions'],
    'lib/slack/config.d.ts': ['SlackApprovalConfig', 'AsyncInvokeConfig'],
    'lib/slack/message.d.ts': ['ApprovalMessageOptions'],
    'lib/slack/request-approval.d.ts': ['RequestApprovalOptions'],
    'lib/slack/dynamodb-claims.d.ts': ['DynamoDbClaimStoreOptions']
  }
  const lacking: string[] = []
  let optional = 0
  for (const [file, names] of Object.entries(declarations)) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    for (const name of names) {
      const body = new RegExp(`export interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1]
      expect({ name, found: body !== undefined }).toEqual({ name, found: true })
      for (const [, property, type] of (body ?? '').matchAll(/^ {4}(\w+)\?: (.+);$/gm)) {
        optional++
        if (!/\| undefined$/.test(type ?? '') && type !== 'unknown') lacking.push(`${name}.${property}: ${type}`)
      }
    }
  }
  expect(optional).toBeGreaterThan(30)
  expect(lacking).toEqual([])
})
