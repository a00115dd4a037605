import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { InputError } from '../../../src/model/errors.js'
import type { AppPlan, Plan } from '../../../src/model/plan.js'
import { parseInputs } from '../../../src/input/parse-inputs.js'
import { describeJsonError } from '../../../src/input/json.js'
import {
  parseApiUrl,
  parseClientPayload,
  parseEventType,
  parseMaxConcurrency,
  parseRepository,
  parseTargetList,
  parseTargets,
  parseWorkflow,
  parseWorkflowInputs
} from '../../../src/input/parsers.js'
import { normalizePrivateKey } from '../../../src/input/private-key.js'
import { planFromOptions } from '../../../src/lib/options.js'
import { CLI_TERMS } from '../../../src/model/input-table.js'
import { optionsFrom } from '../../../src/cli/args.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

/** The plan of a step that holds the App (not a broker's). */
function appPlan(plan: Plan): AppPlan {
  if (plan.broker !== undefined) throw new Error('expected a plan without a broker')
  return plan
}

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('private-key', () => {
  test.each([
    ['PKCS#1', pkcs1],
    ['PKCS#8', pkcs8],
    ['literal \\n', pkcs1.trim().replace(/\n/g, '\\n')],
    ['literal \\r\\n', pkcs1.trim().replace(/\n/g, '\\r\\n')],
    ['base64 PEM', Buffer.from(pkcs1).toString('base64')],
    ['surrounded by blank lines', `\n\n${pkcs8}\n`]
  ])('%s becomes the same PKCS#8 key', (_name, raw) => {
    expect(normalizePrivateKey(raw)).toBe(pkcs8)
  })

  test('an EC key is refused as not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(inputError(() => normalizePrivateKey(ec)).message).toMatch(/is an EC \(elliptic-curve\) private key; a GitHub App's key is RSA/)
  })

  test('an encrypted key is refused and said to be encrypted', () => {
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString()
    expect(inputError(() => normalizePrivateKey(encrypted)).message).toMatch(/encrypted with a passphrase/)
  })

  test('a truncated key is refused without echoing any of it', () => {
    const truncated = pkcs1.slice(0, 400)
    const error = inputError(() => normalizePrivateKey(truncated))
    expect(error.input).toBe('private-key')
    expect(error.message).toMatch(/damaged or truncated/)
    expect(error.message).not.toContain(truncated.split('\n')[1])
  })
})

describe('client-id, with app-id its older name', () => {
  const base: Record<string, string> = { 'private-key': pkcs1, repository: 'octo/x', 'event-type': 'e' }
  const plan = (inputs: Record<string, string>): ReturnType<typeof parseInputs> => parseInputs(name => ({ ...base, ...inputs })[name] ?? '')
  test.each([
    [{ 'client-id': 'Iv23liABC' }, 'Iv23liABC'],
    [{ 'client-id': '123' }, '123'],
    [{ 'app-id': '123' }, '123'],
    [{ 'client-id': 'Iv23liABC', 'app-id': 'Iv23liABC' }, 'Iv23liABC']
  ])('%j is the App %s', (inputs, appId) => {
    expect(appPlan(plan(inputs)).appId).toBe(appId)
  })
  test('the library takes clientId (or appId)', () => {
    const options = { privateKey: pkcs1, repository: 'o/r', eventType: 'e' }
    expect(appPlan(planFromOptions({ ...options, clientId: 'Iv23liABC' })).appId).toBe('Iv23liABC')
    expect(appPlan(planFromOptions({ ...options, appId: 42 })).appId).toBe('42')
    expect(() => planFromOptions(options)).toThrow(/^Option 'clientId': is required: .*\(appId, its older name, is accepted too\)/)
  })
  test('on the command line a flag for either wins over both variables', () => {
    const env = { GITHUB_APP_ID: '123', GITHUB_APP_CLIENT_ID: 'Iv23liOLD' }
    const parsed = optionsFrom(['--client-id', 'Iv23liNEW'], env)
    if (typeof parsed === 'string') throw new Error('not parsed')
    expect(parsed.options).toMatchObject({ clientId: 'Iv23liNEW' })
    expect(parsed.options).not.toHaveProperty('appId')
    const fromEnv = optionsFrom(['--event-type', 'e'], { GITHUB_APP_CLIENT_ID: 'Iv23liOLD' })
    if (typeof fromEnv === 'string') throw new Error('not parsed')
    expect(fromEnv.sources['client-id']).toBe('$GITHUB_APP_CLIENT_ID')
  })
})

describe('event-type', () => {
  test.each([
    ['deploy.yml', 'deploy.yml'],
    ['.github/workflows/deploy.yaml', 'deploy.yaml']
  ])('%s, a workflow file, is refused: did you mean workflow', (value, file) => {
    expect(inputError(() => parseEventType(value)).message).toBe(
      `Input 'event-type': '${value}' is a workflow file name, not an event type: did you mean \`workflow: ${file}\`? ` +
        '(An event type is a name listed under on.repository_dispatch.types, e.g. deploy; a workflow file is started with workflow_dispatch.)'
    )
  })
  test('in the library and CLI words', () => {
    const options = { appId: 1, privateKey: pkcs1, repository: 'o/r', eventType: 'deploy.yml' }
    const error = inputError(() => planFromOptions(options))
    expect(error.message).toMatch(
      /^Option 'eventType': 'deploy\.yml' is a workflow file name, not an event type: did you mean `workflow: deploy\.yml`\?/
    )
    expect(error.reword({ label: () => '--event-type', terms: CLI_TERMS }).message).toMatch(/did you mean `--workflow deploy\.yml`\?/)
  })
  test('an event type that merely contains .yml is kept', () => {
    expect(parseEventType('deploy.yml-done')).toBe('deploy.yml-done')
  })
})

describe('repository', () => {
  test.each(['octo-org/deploy', 'a/b', 'Octo-Org/my.repo_name-2', 'o/.github'])('%s is accepted', value => {
    expect(parseRepository(value).fullName).toBe(value)
  })
  test.each([
    'deploy',
    'octo/deploy/extra',
    '/deploy',
    'octo/',
    '-octo/deploy',
    'oc--to/deploy',
    'octo/..',
    'octo/de ploy',
    'octo/de*ploy'
  ])('%s is refused with the expected form', value => {
    expect(inputError(() => parseRepository(value)).message).toContain('Expected format {owner}/{repo}')
  })
  test('a .git suffix is dropped', () => {
    expect(parseRepository('octo/deploy.git')).toEqual({ owner: 'octo', repo: 'deploy', fullName: 'octo/deploy' })
  })
})

describe('event-type', () => {
  test('100 characters, counted as characters not UTF-16 units, is accepted', () => {
    expect(parseEventType('🚀'.repeat(100))).toHaveLength(200)
  })
  test('101 characters is refused', () => {
    expect(inputError(() => parseEventType('a'.repeat(101))).message).toMatch(/101 characters long; GitHub allows at most 100/)
  })
})

describe('client-payload', () => {
  test('empty means {}', () => {
    expect(parseClientPayload('')).toBe('{}')
  })
  test('the text is returned unchanged', () => {
    const text = '{ "id": 12345678901234567890, "x": 1.0, "u": "\\u00fc" }'
    expect(parseClientPayload(text)).toBe(text)
  })
  test.each([
    ['null', /not null/],
    ['"text"', /not a string/],
    ['42', /not a number/],
    ['[]', /not an array/]
  ])('%s is refused as not an object', (text, message) => {
    expect(inputError(() => parseClientPayload(text)).message).toMatch(message)
  })
  test('10 keys pass, 11 do not', () => {
    const keys = (n: number): string => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))
    expect(parseClientPayload(keys(10))).toBe(keys(10))
    expect(inputError(() => parseClientPayload(keys(11))).message).toMatch(/11 top-level properties/)
  })
  test('size is measured in UTF-8 bytes of the JSON, limit exclusive', () => {
    const just = JSON.stringify({ d: 'x'.repeat(65_536 - 8) }) // {"d":""} is 8 bytes of syntax
    expect(Buffer.byteLength(just)).toBe(65_536)
    expect(inputError(() => parseClientPayload(just)).message).toMatch(/65536 bytes/)
    const under = JSON.stringify({ d: 'x'.repeat(65_535 - 8) })
    expect(parseClientPayload(under)).toBe(under)
  })
  test('a JSON error says the line and column', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}'
    let caught: unknown
    try {
      JSON.parse(text)
    } catch (error) {
      caught = error
    }
    expect(describeJsonError(text, caught)).toMatch(/line 3, column 3, at '"'/)
    expect(inputError(() => parseClientPayload('{"a":')).message).toMatch(/at the end of the text/)
  })
})

describe('github-api-url', () => {
  test.each([
    ['', 'https://api.github.com'],
    ['https://api.github.com/', 'https://api.github.com'],
    ['https://ghes.example.com/api/v3', 'https://ghes.example.com/api/v3'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:9000', 'http://[::1]:9000']
  ])('%s → %s', (value, expected) => {
    expect(parseApiUrl(value)).toBe(expected)
  })
  test.each(['http://ghes.example.com/api/v3', 'http://10.0.0.1', 'ftp://x', 'not a url', 'https://user:pw@ghes.example.com'])(
    '%s is refused',
    value => {
      expect(inputError(() => parseApiUrl(value)).input).toBe('github-api-url')
    }
  )
})

describe('parseInputs', () => {
  const base: Record<string, string> = {
    'app-id': ' 123 ',
    'private-key': pkcs1,
    repository: 'octo/deploy',
    'event-type': 'deploy',
    'client-payload': '',
    'installation-id': '',
    'github-api-url': ''
  }
  test('a complete set of inputs becomes a plan', () => {
    const plan = parseInputs(name => base[name] ?? '')
    expect(plan).toMatchObject({
      appId: '123',
      targets: [{ owner: 'octo', repo: 'deploy', fullName: 'octo/deploy' }],
      mode: { kind: 'repository_dispatch', eventType: 'deploy', clientPayloadJson: '{}' },
      installationId: undefined,
      apiUrl: 'https://api.github.com',
      maxConcurrency: 5
    })
    expect(appPlan(plan).appKey).toEqual({ kind: 'private-key', pem: pkcs8 })
  })
  test('installation-id is a positive integer', () => {
    expect(appPlan(parseInputs(name => ({ ...base, 'installation-id': '42' })[name] ?? '')).installationId).toBe(42)
    expect(inputError(() => parseInputs(name => ({ ...base, 'installation-id': '0' })[name] ?? '')).input).toBe('installation-id')
  })
})

describe('fan-out targets', () => {
  test('newlines and commas, blanks and spaces ignored, duplicates dropped case-insensitively in input order', () => {
    const targets = parseTargets('\n octo/a , octo/b\n\nOther/c,\n OCTO/A \n  octo/b  ')
    expect(targets.map(t => t.fullName)).toEqual(['octo/a', 'octo/b', 'Other/c'])
  })
  test('the first spelling of each repeated target is listed once', () => {
    expect(parseTargetList('octo/a, OCTO/A, octo/b, Octo/A').duplicates).toEqual(['octo/a'])
    expect(parseTargetList('octo/a, octo/b').duplicates).toEqual([])
  })
  test('an invalid entry is named', () => {
    expect(inputError(() => parseTargets('octo/a\nnot a repo\nocto/c')).message).toContain("invalid repository 'not a repo'")
  })
  test('installation-id with two owners is refused', () => {
    const error = inputError(() =>
      parseInputs(
        name => ({ 'app-id': '1', 'private-key': pkcs1, repository: 'a/x, b/y', 'event-type': 'e', 'installation-id': '7' })[name] ?? ''
      )
    )
    expect(error.input).toBe('installation-id')
    expect(error.message).toContain('2 owners (a, b)')
  })
  test('installation-id with one owner written in two cases is fine', () => {
    const plan = parseInputs(
      name => ({ 'app-id': '1', 'private-key': pkcs1, repository: 'Octo/x, octo/y', 'event-type': 'e', 'installation-id': '7' })[name] ?? ''
    )
    expect(appPlan(plan).installationId).toBe(7)
  })
  test('max-concurrency', () => {
    expect(parseMaxConcurrency('')).toBe(5)
    expect(parseMaxConcurrency('12')).toBe(12)
    for (const bad of ['0', '101', '2.5', 'many']) expect(inputError(() => parseMaxConcurrency(bad)).input).toBe('max-concurrency')
  })
})

describe('workflow_dispatch inputs', () => {
  const base: Record<string, string> = { 'app-id': '1', 'private-key': pkcs1, repository: 'octo/x', workflow: 'deploy.yml' }
  const plan = (extra: Record<string, string>) => parseInputs(name => ({ ...base, ...extra })[name] ?? '')

  test('workflow makes event-type optional and sets the mode', () => {
    expect(plan({ ref: 'v1.2.3', inputs: '{"environment":"staging","dry_run":false,"replicas":3}' }).mode).toEqual({
      kind: 'workflow_dispatch',
      workflow: 'deploy.yml',
      ref: 'v1.2.3',
      inputs: { environment: 'staging', dry_run: false, replicas: 3 }
    })
  })
  test.each([
    ['deploy.yml', 'deploy.yml'],
    ['.github/workflows/ci.yaml', 'ci.yaml'],
    ['123456', '123456']
  ])('workflow %s → %s', (value, expected) => {
    expect(parseWorkflow(value)).toBe(expected)
  })
  test.each(['deploy', 'a/b.yml', '0', 'deploy.yml;rm'])('workflow %s is refused', value => {
    expect(inputError(() => parseWorkflow(value)).input).toBe('workflow')
  })
  test('client-payload with workflow points to inputs', () => {
    const error = inputError(() => plan({ 'client-payload': '{"a":1}' }))
    expect(error.input).toBe('client-payload')
    expect(error.message).toContain('as inputs')
  })
  test('event-type with workflow is refused', () => {
    expect(inputError(() => plan({ 'event-type': 'deploy' })).input).toBe('event-type')
  })
  test('inputs and ref without workflow are refused', () => {
    expect(inputError(() => plan({ workflow: '', 'event-type': 'e', inputs: '{"a":"b"}' })).input).toBe('inputs')
    expect(inputError(() => plan({ workflow: '', 'event-type': 'e', ref: 'main' })).input).toBe('ref')
  })
  test('inputs: an object of at most 25 primitive values', () => {
    expect(parseWorkflowInputs('')).toEqual({})
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'v'])))
    expect(inputError(() => parseWorkflowInputs(many)).message).toMatch(/26 properties; GitHub allows at most 25/)
    expect(inputError(() => parseWorkflowInputs('{"config": {"a": 1}}')).message).toMatch(/'config' is an object/)
    expect(inputError(() => parseWorkflowInputs('{"tags": ["a"]}')).message).toMatch(/'tags' is an array/)
    expect(inputError(() => parseWorkflowInputs('{"x": null}')).message).toMatch(/'x' is null/)
    expect(inputError(() => parseWorkflowInputs('["a"]')).message).toMatch(/must be a JSON object/)
    expect(inputError(() => parseWorkflowInputs('{bad}')).message).toMatch(/not valid JSON: it breaks at line 1, column 2/)
  })
  test('a ref with spaces is refused', () => {
    expect(inputError(() => plan({ ref: 'my branch' })).input).toBe('ref')
  })
})

describe('every refusal names its input and says what is expected', () => {
  const base: Record<string, string> = { 'app-id': '123', 'private-key': pkcs8, repository: 'octo-org/deploy', 'event-type': 'deploy' }
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['client-id and app-id missing', { 'app-id': '' }, /Input 'client-id': is required: .*\(app-id, its older name, is accepted too\)/],
    ['client-id malformed', { 'app-id': '', 'client-id': 'my-app' }, /Input 'client-id': 'my-app' is neither/],
    [
      'client-id and app-id different',
      { 'client-id': 'Iv23liABC', 'app-id': '123' },
      /Input 'client-id': and app-id are both set, to different values \('Iv23liABC' and '123'\)\. app-id is the older name of client-id: give one\./
    ],
    ['app-id malformed', { 'app-id': 'my-app' }, /Input 'app-id': 'my-app' is neither/],
    ['private-key missing', { 'private-key': '' }, /Input 'private-key': is required/],
    ['private-key not a key', { 'private-key': 'hunter2' }, /Input 'private-key': is not a PEM private key.*PKCS#1.*PKCS#8/],
    [
      'repository malformed',
      { repository: 'just-a-name' },
      /Input 'repository': invalid repository 'just-a-name'. Expected format \{owner\}\/\{repo\}/
    ],
    ['event-type missing', { 'event-type': '' }, /Input 'event-type': is required/],
    ['event-type too long', { 'event-type': 'x'.repeat(101) }, /Input 'event-type': is 101 characters long; GitHub allows at most 100/],
    [
      'client-payload not JSON',
      { 'client-payload': '{"a": 1,}' },
      /Input 'client-payload': is not valid JSON: it breaks at line 1, column 9/
    ],
    ['client-payload an array', { 'client-payload': '[1]' }, /Input 'client-payload': must be a JSON object .* not an array/],
    [
      'client-payload with 11 keys',
      { 'client-payload': JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]))) },
      /Input 'client-payload': has 11 top-level properties; GitHub allows at most 10/
    ],
    [
      'client-payload of 64 KB',
      { 'client-payload': JSON.stringify({ data: 'x'.repeat(65_530) }) },
      /Input 'client-payload': is 65541 bytes/
    ],
    ['installation-id not a number', { 'installation-id': 'abc' }, /Input 'installation-id': 'abc' is not an installation ID/],
    ['github-api-url over plain http', { 'github-api-url': 'http://ghes.example.com/api/v3' }, /Input 'github-api-url': .*plain http/]
  ]
  test.each(cases)('%s', (_name, inputs, message) => {
    const all = { ...base, ...inputs }
    expect(inputError(() => parseInputs(name => all[name] ?? '')).message).toMatch(message)
  })
})

describe('broker-url', () => {
  const oidcEnv = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example/token?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }
  const base: Record<string, string> = {
    'broker-url': 'https://dispatch.example/app/',
    repository: 'octo-org/deploy',
    'event-type': 'deploy'
  }
  const parse = (inputs: Record<string, string>, env: Record<string, string> = oidcEnv): Plan => {
    const all = { ...base, ...inputs }
    return parseInputs(name => all[name] ?? '', env)
  }

  test('a broker plan: the URL without its trailing slash, the audience its origin, the runner token service', () => {
    expect(parse({}).broker).toEqual({
      url: 'https://dispatch.example/app',
      audience: 'https://dispatch.example',
      oidc: { requestUrl: oidcEnv.ACTIONS_ID_TOKEN_REQUEST_URL, requestToken: 'request-token' }
    })
    expect(parse({ 'broker-audience': 'app-dispatch' }).broker?.audience).toBe('app-dispatch')
    expect(parse({ 'broker-url': 'http://127.0.0.1:8080' }).broker?.url).toBe('http://127.0.0.1:8080')
  })
  test.each([
    [
      'plain http to another host',
      { 'broker-url': 'http://dispatch.example' },
      /Input 'broker-url': 'http:\/\/dispatch.example' uses plain http.*OIDC token/
    ],
    ['not a URL', { 'broker-url': 'dispatch' }, /Input 'broker-url': 'dispatch' is not a URL/],
    ['a query', { 'broker-url': 'https://dispatch.example/?x=1' }, /must not contain credentials, a query or a fragment/],
    ['each App input beside it', { 'aws-kms-key-id': 'alias/app' }, /Input 'broker-url': replaces .*Remove aws-kms-key-id,/],
    ['installation-id beside it', { 'installation-id': '7' }, /Remove installation-id,/],
    ['the STS audience', { 'broker-audience': 'sts.amazonaws.com' }, /Input 'broker-audience': must not be sts.amazonaws.com/],
    [
      'broker-audience alone',
      { 'broker-url': '', 'app-id': '1', 'private-key': pkcs8, 'broker-audience': 'x' },
      /applies only with broker-url/
    ]
  ])('%s is refused', (_name, inputs, message) => {
    expect(inputError(() => parse(inputs)).message).toMatch(message)
  })
  test('without the runner token variables it says to add permissions: id-token: write', () => {
    expect(inputError(() => parse({}, {})).message).toMatch(/'permissions: id-token: write'/)
  })
  test('the library’s createJwt beside it is refused', () => {
    const all = { ...base }
    const createJwt = (): Promise<{ jwt: string; expiresAt: string }> => Promise.resolve({ jwt: '', expiresAt: '' })
    expect(inputError(() => parseInputs(name => all[name] ?? '', oidcEnv, createJwt)).message).toMatch(/Remove createJwt/)
  })
})
