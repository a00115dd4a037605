/**
 * The request-approval sub-action's step run as the runner runs it: the
 * step's env with `${{ inputs.x }}` filled in, its shell script under bash,
 * GITHUB_OUTPUT read back with the runner harness's parser.
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseOutputFile, ROOT } from '../../emulator/run-action.js'
import { tempDir } from './temp-dir.js'

interface CompositeAction {
  outputs: Record<string, { value: string }>
  runs: { steps: Array<{ run: string; env: Record<string, string> }> }
}

/** request-approval/action.yml, parsed. */
export function requestApprovalAction(): CompositeAction {
  return parse(readFileSync(join(ROOT, 'request-approval', 'action.yml'), 'utf8')) as CompositeAction
}

export async function runRequestApprovalStep(
  inputs: Record<string, string>,
  slackApiUrl: string
): Promise<{ status: number | null; stderr: string; outputs: Record<string, string> }> {
  const step = requestApprovalAction().runs.steps[0] as { run: string; env: Record<string, string> }
  // The runner fills ${{ inputs.x }} in the step's env before the shell runs.
  const env = Object.fromEntries(
    Object.entries(step.env).map(([name, value]) => [
      name,
      value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/, (_, input: string) => inputs[input] ?? '')
    ])
  )
  const output = join(tempDir('request-approval-'), 'output')
  writeFileSync(output, '')
  // Not spawnSync: the Slack stand-in answers from this process's event loop.
  const child = spawn('bash', ['-e', '-c', step.run], {
    env: {
      PATH: process.env['PATH'] ?? '',
      GITHUB_ACTION_PATH: join(ROOT, 'request-approval'),
      GITHUB_OUTPUT: output,
      SLACK_API_URL: slackApiUrl,
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const status = await new Promise<number | null>(resolve => child.on('close', resolve))
  return { status, stderr, outputs: parseOutputFile(readFileSync(output, 'utf8')) }
}
