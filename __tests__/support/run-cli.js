// @ts-check
/** Runs the bundled CLI (dist/cli/index.js) as a child process, as a user would. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ROOT, STEP_NODE, compileCache } from '../../emulator/run-action.js'

export const CLI = join(ROOT, 'dist', 'cli', 'index.js')

/**
 * @param {string[]} args @param {Record<string, string>} [env]
 * @param {(child: import('node:child_process').ChildProcess) => void} [onStart]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
export async function runCli(args, env = {}, onStart) {
  const child = spawn(STEP_NODE, [CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...compileCache(), ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  onStart?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  /** @type {number | null} */
  const code = await new Promise(resolve => child.on('close', resolve))
  return { code, stdout, stderr }
}
