/**
 * The CLI's bad usage and bad input, one at a time: `main()` of
 * src/cli/main.ts (all that dist/cli/index.js runs after its Node.js version
 * check) in-process, with the arguments and environment a user gives and its
 * stdout and stderr captured. Each is exit code 2 and one line on stderr, in
 * the CLI's words, with nothing sent. The contract through the bundle, once,
 * is e2e/cli/cli.e2e.test.ts.
 */
import { describe, expect, jest, test } from '@jest/globals'
import { main } from '../../../src/cli/main.js'
import { useGitHub } from '../../support/use.js'

const local = useGitHub({ repositories: ['deploy', 'docs'] })

/** main(argv, env) with stdout and stderr captured: what the CLI returns as its exit code and prints. */
async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(chunk => {
    stderr += String(chunk)
    return true
  })
  try {
    return { code: await main(argv, env), stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

describe('bad usage or input: exit 2, one line, nothing sent', () => {
  test.each([
    [['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--bogus'], {}, /^app-dispatch: Unknown option '--bogus'/],
    [
      ['--repository', 'octo-org/deploy', '--event_type', 'deploy'],
      {},
      /^app-dispatch: Unknown option '--event_type'\. Did you mean --event-type\?/
    ],
    [
      ['--repository', 'octo-org/deploy', '--workflow', 'deploy.yml', '--client-payload', '{"a":1}'],
      {},
      /^app-dispatch: --client-payload: is not sent with workflow_dispatch \(--workflow is set\)\. Pass the values as --inputs,/
    ],
    [
      ['--repository', 'octo-org/deploy', '--event-type', 'deploy'],
      { GITHUB_APP_PRIVATE_KEY: '' },
      /^app-dispatch: --private-key-file PATH \(or \$GITHUB_APP_PRIVATE_KEY\) is required/
    ],
    [['--repository', 'nope', '--event-type', 'deploy'], {}, /^app-dispatch: --repository: invalid repository 'nope'/],
    [
      ['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--client-payload', '{oops'],
      {},
      /^app-dispatch: --client-payload: is not valid JSON/
    ],
    [
      ['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--private-key-file', '/nonexistent.pem'],
      {},
      /^app-dispatch: Cannot read --private-key-file \/nonexistent\.pem: there is no such file\.$/m
    ],
    [
      ['--repository', 'octo-org/deploy', '--event-type', 'deploy', '--api-url', 'http://example.com'],
      {},
      /^app-dispatch: --api-url: .*plain http/
    ]
  ])('%j', async (args, extraEnv, message) => {
    const result = await cli(args, { ...local.env, ...extraEnv })
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(result.stdout).toBe('')
    expect(local.gh).toHaveSentNothing()
  })
})
