import { describe, expect, test } from '@jest/globals'
import { renderMessage } from '../../../src/model/placeholders.js'
import { ACTION_TERMS } from '../../../src/model/input-table.js'
import { adviceFor as coreAdvice, toGitHubError, webUrlFor, type AdviceContext } from '../../../src/github/advice.js'
import { githubMessageOf } from '../../../src/http/request-error.js'
import { GitHubError } from '../../../src/model/errors.js'
import { failureMessage, summaryRows } from '../../../src/model/report.js'

/** The advice as the action shows it: its placeholders rendered at the edge, in the action's words. */
const adviceFor = (...args: Parameters<typeof coreAdvice>): string => renderMessage(coreAdvice(...args), ACTION_TERMS)

const ctx: AdviceContext = {
  appId: '123',
  owner: 'octo-org',
  repositories: ['octo-org/deploy'],
  webUrl: 'https://github.com',
  permission: 'Contents: Read and write'
}

describe('adviceFor', () => {
  test('404 on the lookup names the App and where to install it', () => {
    const text = adviceFor('installation-lookup', 404, 'Not Found', ctx)
    expect(text).toContain('app-id 123')
    expect(text).toContain(
      'cannot see octo-org/deploy: the repository does not exist (check its spelling), or the App is not installed on octo-org'
    )
    expect(text).toContain('https://github.com/organizations/ORG/settings/apps for an organization')
    expect(text).toContain('→ Install App → octo-org')
  })
  test.each([
    ['token', 422, 'The permissions requested are not granted to this installation.'],
    ['dispatch', 403, 'Resource not accessible by integration']
  ] as const)('%s %i "%s" → grant Contents: Read and write', (step, status, message) => {
    const text = adviceFor(step, status, message, ctx)
    expect(text).toContain('does not grant Contents: Read and write')
    expect(text).toContain('https://github.com/organizations/octo-org/settings/installations')
  })
  test('401 on App routes points at app-id, key and clock', () => {
    expect(adviceFor('installation-lookup', 401, 'A JSON web token could not be decoded', ctx)).toMatch(/app-id '123'.*private key.*clock/s)
  })
  test("422 on the dispatch carries GitHub's message", () => {
    expect(adviceFor('dispatch', 422, 'No more than 10 properties are allowed; 11 were supplied.', ctx)).toBe(
      'GitHub answered 422. GitHub said: "No more than 10 properties are allowed; 11 were supplied.".'
    )
  })
  test('a repository left out of a selected-repositories installation', () => {
    expect(
      adviceFor('token', 422, 'There is at least one repository that does not exist or is not accessible to the parent installation.', ctx)
    ).toContain('does not include octo-org/deploy')
  })
  test('no answer at all', () => {
    expect(adviceFor('dispatch', undefined, 'connect ECONNREFUSED 127.0.0.1:1', ctx)).toMatch(
      /Could not reach the GitHub API \(connection refused by 127.0.0.1:1: nothing listens at that address and port\).*github-api-url/
    )
  })
})

describe('toGitHubError', () => {
  test("reads GitHub's message and error details from the response", () => {
    const error = Object.assign(new Error('ignored'), {
      status: 422,
      response: { data: { message: 'Validation Failed', errors: [{ message: 'ref not found' }] } }
    })
    const wrapped = toGitHubError('dispatch', error, ctx) as GitHubError
    expect(wrapped).toBeInstanceOf(GitHubError)
    expect(wrapped.status).toBe(422)
    expect(wrapped.message).toContain('Validation Failed: ref not found')
    expect(githubMessageOf(new Error('plain'))).toBe('plain')
  })
  test('an error without a response is a network failure', () => {
    const wrapped = toGitHubError('token', Object.assign(new Error('other side closed'), { status: 500 }), ctx) as GitHubError
    expect(wrapped.status).toBeUndefined()
    expect(wrapped.message).toContain('Could not reach')
  })
})

test.each([
  ['https://api.github.com', 'https://github.com'],
  ['https://ghes.example.com/api/v3', 'https://ghes.example.com'],
  ['https://api.acme.ghe.com', 'https://acme.ghe.com'],
  ['http://127.0.0.1:4000', 'http://127.0.0.1:4000']
])('webUrlFor(%s) = %s', (api, web) => {
  expect(webUrlFor(api)).toBe(web)
})

describe('report', () => {
  const ok = { repository: 'o/a', installation_id: 1, event: 'e', dispatched: true }
  const bad = { repository: 'o/b', installation_id: 1, event: 'e', dispatched: false, error: 'GitHub answered 422.' }
  test('failure message: none when all succeeded, each failure named otherwise', () => {
    expect(failureMessage([ok])).toBeUndefined()
    expect(failureMessage([bad])).toBe('GitHub answered 422.')
    expect(failureMessage([ok, bad])).toBe('1 of 2 targets failed (1 succeeded):\n- o/b: GitHub answered 422.')
  })
  test('summary rows link to the Actions page and escape HTML', () => {
    const { rows } = summaryRows([{ ...bad, error: '<script>' }], 'https://github.com')
    expect(rows[0]?.[0]).toBe('<a href="https://github.com/o/b/actions">o/b</a>')
    expect(rows[0]?.[2]).toBe('❌ &#60;script&#62;')
  })
})

describe('a misspelt repository, alone or in a fan-out, gets the same diagnosis', () => {
  test('both say it may not exist and how to check', () => {
    const alone = adviceFor('installation-lookup', 404, 'Not Found', { ...ctx, repositories: ['octo-org/deploy-servce'] })
    const fanOut = adviceFor(
      'token',
      422,
      'There is at least one repository that does not exist or is not accessible to the parent installation.',
      { ...ctx, repositories: ['octo-org/deploy-servce'] }
    )
    for (const text of [alone, fanOut]) expect(text).toContain('octo-org/deploy-servce: the repository does not exist (check its spelling)')
    expect(fanOut).toContain('The App is installed on octo-org, but its installation does not include octo-org/deploy-servce')
  })
  test('an unreachable API names the host it tried', () => {
    expect(adviceFor('dispatch', undefined, 'getaddrinfo ENOTFOUND api.githb.com', ctx)).toContain(
      'Could not reach the GitHub API (the host name api.githb.com does not resolve)'
    )
    expect(adviceFor('dispatch', undefined, 'connect ECONNREFUSED 127.0.0.1:1', ctx)).toContain('connection refused by 127.0.0.1:1')
  })
})

test('a workflow_dispatch refused for its inputs names the workflow and the inputs option', () => {
  // The advice names inputs as placeholders; the CLI renders them as its flags, at its edge.
  const text = renderMessage(
    coreAdvice('dispatch', 422, "Required input 'environment' not provided", { ...ctx, workflow: 'deploy.yml' }),
    name => `--${name}`
  )
  expect(text).toBe(
    `Workflow 'deploy.yml' in octo-org/deploy did not accept the inputs. GitHub said: "Required input 'environment' not provided". ` +
      'Set --inputs to what its on.workflow_dispatch.inputs declares, every required one included.'
  )
})
