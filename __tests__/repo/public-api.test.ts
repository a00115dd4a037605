/**
 * The packages' surface is what the docs document: the names each entry
 * point exports (values at run time, types in its declarations) equal the
 * lists kept here, and each listed name appears in its documentation page.
 */
import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'

const LIBRARY = {
  values: [
    'AppDispatchError',
    'CancelledError',
    'GitHubError',
    'InputError',
    'SignerError',
    'dispatch',
    'failed',
    'failureMessage',
    'inertHtml',
    'inertLine'
  ],
  types: ['CreateJwt', 'DispatchOptions', 'ErrorCode', 'GitHubStep', 'Logger', 'RunConclusion', 'RunStatus', 'TargetResult'],
  doc: 'docs/library.md'
}
const SLACK = {
  values: [
    'APPROVE_ACTION_ID',
    'ApprovalRefused',
    'DEFAULT_APPROVAL_TTL_SECONDS',
    'MAX_REQUEST_AGE_SECONDS',
    'MemoryClaimStore',
    'REJECT_ACTION_ID',
    'SlackApiError',
    'SlackRequestError',
    'approvalMessage',
    'configFromEnv',
    'createSlackApprovalHandler',
    'dynamoDbClaimStore',
    'lambdaHandler',
    'newApproval',
    'requestApproval',
    'signApproval',
    'signSlackRequest',
    'verifyApproval',
    'verifySlackSignature'
  ],
  types: [
    'Approval',
    'ApprovalMessage',
    'ApprovalMessageOptions',
    'AsyncInvokeConfig',
    'Claim',
    'ClaimResult',
    'ClaimStore',
    'DynamoDbClaimStoreOptions',
    'Handled',
    'LambdaHttpEvent',
    'LambdaHttpResult',
    'RequestApprovalOptions',
    'RequestApprovalResult',
    'SlackApprovalConfig',
    'SlackApprovalHandler',
    'SlackLogger',
    'SlackRequest',
    'SlackResponse',
    'Work',
    'WorkEvent'
  ],
  doc: 'docs/slack.md'
}

/** Type-only names a declaration file exports: `export type { … }` and `export interface/type X`. */
function typeExports(dts: string): string[] {
  const names: string[] = []
  for (const match of dts.matchAll(/^export type \{([^}]*)\}/gm)) names.push(...(match[1] ?? '').split(',').map(n => n.trim()))
  for (const match of dts.matchAll(/^export (?:declare )?(?:interface|type) (\w+)/gm)) names.push(match[1] ?? '')
  return names.filter(Boolean).sort()
}

test.each([
  ['app-dispatch', 'lib/lib/index', LIBRARY],
  ['app-dispatch/slack', 'lib/slack/index', SLACK]
])('%s exports exactly the documented names', async (_name, entry, expected) => {
  const module = (await import(join(ROOT, `${entry}.js`))) as Record<string, unknown>
  expect(Object.keys(module).sort()).toEqual([...expected.values].sort())
  expect(typeExports(readFileSync(join(ROOT, `${entry}.d.ts`), 'utf8'))).toEqual([...expected.types].sort())
  const doc = readFileSync(join(ROOT, expected.doc), 'utf8')
  expect([...expected.values, ...expected.types].filter(name => !doc.includes(`\`${name}`) && !doc.includes(` ${name}`))).toEqual([])
})
