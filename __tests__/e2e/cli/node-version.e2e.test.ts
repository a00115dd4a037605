/**
 * On a Node.js older than 22, the CLI bundle and the development scripts print one line that says so
 * (and what to install) and exit, before anything else runs. Node 20 is played by a preload that
 * reports 20.20.2 as `process.versions.node`, so the test runs on any machine.
 */
import { expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../../emulator/run-action.js'
import { tempDir } from '../../support/temp-dir.js'

const preload = join(tempDir('node-20-'), 'node-20.mjs')
writeFileSync(preload, "Object.defineProperty(process.versions, 'node', { value: '20.20.2' })\n")

const onNode20 = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', preload, join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })

test('the CLI bundle: one line naming the versions, exit 2, for the dispatch and the request-approval commands', () => {
  for (const args of [['--help'], ['request-approval', '--help']]) {
    const result = onNode20('dist/cli/index.js', ...args)
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'app-dispatch: Node.js 22 or later is required, and this is Node.js 20.20.2. Install Node.js 22 or 24 (for example `nvm install 24`), then run it again.\n'
    })
  }
})

test.each(['scripts/emulator.js', 'scripts/demo.js', 'scripts/bench.js', 'scripts/fresh-bundles.js', 'scripts/slack-click.js'])(
  '%s: one line, exit 1, nothing started',
  script => {
    const result = onNode20(script, '--help')
    const name = script.slice('scripts/'.length)
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr: `${name}: app-dispatch needs Node.js 22 or later, and this is Node.js 20.20.2. Install Node.js 22 or 24 (for example \`nvm install 24\`), then run it again.\n`
    })
  }
)

test('on the Node.js running the tests, the CLI runs', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/cli/index.js'), '--version'], { cwd: ROOT, encoding: 'utf8' })
  expect(result.status).toBe(0)
  expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
})
