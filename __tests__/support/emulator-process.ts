/**
 * `npm run emulator` as its own process, as a user meets it: what it prints
 * (the environment, then `# N. …` headings each followed by commands separated
 * by blank lines), and those commands pasted into bash with that environment.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from '../../emulator/run-action.js'
import { waitUntil } from './wait-until.js'

export interface Printed {
  exports: string
  keyFile: string
  sections: Array<{ heading: string; blocks: string[] }>
}

/** The environment block, then `# N. …` headings, each followed by commands separated by blank lines. */
export function parsePrinted(text: string): Printed {
  const body = text.slice(0, text.indexOf('\nReady.'))
  const parts = body.split(/^(# \d+\. .*)$/m)
  const sections: Printed['sections'] = []
  for (let i = 1; i < parts.length; i += 2) {
    const blocks = (parts[i + 1] ?? '')
      .split(/\n\n+/)
      .map(block => block.trim())
      .filter(Boolean)
    sections.push({ heading: parts[i] ?? '', blocks })
  }
  const exports = sections[0]?.blocks.join('\n') ?? ''
  const keyFile = /GITHUB_APP_PRIVATE_KEY="\$\(cat '([^']+)'\)"/.exec(exports)?.[1] ?? ''
  return { exports, keyFile, sections: sections.slice(1) }
}

export class EmulatorProcess {
  output = ''
  printed: Printed = { exports: '', keyFile: '', sections: [] }
  readonly process: ChildProcess
  private readonly shells: ChildProcess[] = []

  /** Starts `node scripts/emulator.js ...args`; `ready()` waits until it has printed everything. */
  constructor(args: string[] = []) {
    this.process = spawn(process.execPath, [join(ROOT, 'scripts', 'emulator.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    this.process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
  }

  async ready(): Promise<Printed> {
    await waitUntil('the emulator to print Ready', () => this.output.includes('\nReady.'))
    this.printed = parsePrinted(this.output)
    return this.printed
  }

  /** The commands under the first heading that holds `text`. */
  section(text: string): string[] {
    return this.printed.sections.find(s => s.heading.includes(text))?.blocks ?? []
  }

  /** The lines the emulator reported after `mark` (a length of `output`). */
  reportedSince(mark: number): string[] {
    return this.output.slice(mark).split('\n')
  }

  /** Runs pasted commands in bash, after the printed environment, in the repository (as the heading says). */
  async paste(commands: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    // The pasted commands' exit status, after waiting for what they left in the background.
    const shell = spawn('bash', ['-c', `${this.printed.exports}\n${commands}\nstatus=$?\nwait\nexit $status`], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    this.shells.push(shell)
    let stdout = ''
    let stderr = ''
    shell.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    shell.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>(resolve => shell.on('close', resolve))
    return { code, stdout, stderr }
  }

  /** Ends the last pasted shell's process group (a handler left running in the background). */
  endLastShell(): void {
    const last = this.shells[this.shells.length - 1]
    if (last) signalGroup(last, 'SIGTERM')
  }

  /** Kills every shell still running, and the emulator. */
  kill(): void {
    for (const shell of this.shells) signalGroup(shell, 'SIGKILL')
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL')
  }
}

/** Signals a pasted shell's process group, unless it has already ended. */
function signalGroup(shell: ChildProcess, signal: NodeJS.Signals): void {
  if (!shell.pid || shell.exitCode !== null || shell.signalCode !== null) return
  try {
    process.kill(-shell.pid, signal)
  } catch (error) {
    // The group ended between the check and the signal.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

/** Runs `node scripts/emulator.js ...args` to its end (for --help and refused command lines). */
export async function emulatorOnce(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'emulator.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  return { code, stdout, stderr }
}
