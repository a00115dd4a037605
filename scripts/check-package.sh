#!/usr/bin/env bash
# The npm package works once packed: installs into an empty project, its CLI
# runs, both entry points import (and require() from CommonJS), docs/ ships, and a TypeScript consumer type-checks
# against the shipped declarations. Then publint and arethetypeswrong.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "./$tarball" >/dev/null
npx --no-install app-dispatch --help | head -1
npx --no-install app-dispatch --version
node --input-type=module -e "
import { dispatch, failed, InputError, GitHubError, failureMessage, inertLine } from 'app-dispatch'
import { lambdaHandler, createSlackApprovalHandler, approvalMessage, requestApproval, dynamoDbClaimStore, MemoryClaimStore } from 'app-dispatch/slack'
for (const [name, value] of Object.entries({ dispatch, failed, InputError, GitHubError, failureMessage, inertLine, lambdaHandler, createSlackApprovalHandler, approvalMessage, requestApproval, dynamoDbClaimStore, MemoryClaimStore }))
  if (typeof value !== 'function') throw new Error(name + ' is not exported')
console.log('entry points: app-dispatch and app-dispatch/slack import')
"
# A CommonJS project: require() loads the ES modules synchronously (Node >= 22.12, the 'default' condition).
cat > consumer.cjs <<'CJS'
const { dispatch, failureMessage, InputError } = require('app-dispatch')
const { createSlackApprovalHandler, lambdaHandler } = require('app-dispatch/slack')
for (const [name, value] of Object.entries({ dispatch, failureMessage, InputError, createSlackApprovalHandler, lambdaHandler }))
  if (typeof value !== 'function') throw new Error(name + ' is not exported to require()')
console.log('entry points: app-dispatch and app-dispatch/slack require() from CommonJS')
CJS
node consumer.cjs
test -f node_modules/app-dispatch/docs/library.md || { echo 'docs/ is not in the package' >&2; exit 1; }
cat > consumer.ts <<'TS'
import { dispatch, failureMessage, InputError, type DispatchOptions, type TargetResult } from 'app-dispatch'
import { createSlackApprovalHandler, type SlackApprovalConfig } from 'app-dispatch/slack'

const options: DispatchOptions = { appId: 1, privateKey: 'pem', repository: ['o/r'], eventType: 'deploy', wait: true, outputsArtifact: 'out' }
export async function run(): Promise<string | undefined> {
  try {
    const results: TargetResult[] = await dispatch(options)
    const version: unknown = results[0]?.outputs?.['version']
    return failureMessage(results) ?? String(version)
  } catch (error) {
    if (error instanceof InputError) return `${error.input}: ${error.detail}`
    throw error
  }
}
const config: SlackApprovalConfig = { appId: 1, privateKey: 'pem', signingSecret: 's', approvalKey: 'k', allowedUsers: ['U1'] }
export const handler = (): ReturnType<typeof createSlackApprovalHandler> => createSlackApprovalHandler(config)
TS
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "noEmit": true, "skipLibCheck": false, "types": ["node"] }, "files": ["consumer.ts"] }
JSON
# The consumer's own typescript and @types/node: this project's, so nothing else is fetched.
NODE_PATH="$root/node_modules" "$root/node_modules/.bin/tsc" -p tsconfig.json --typeRoots "$root/node_modules/@types"
echo "a TypeScript consumer type-checks against the shipped declarations"
cd "$root"
npx --no-install publint --strict
npx --no-install attw --pack . --profile esm-only --format ascii | tail -3
