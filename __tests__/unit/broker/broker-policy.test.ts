/**
 * The broker's policy engine, as pure functions: reading a target's
 * .github/app-dispatch.yml and the organisation's ceiling, and deciding a
 * request from a token's claims.
 */
import { describe, expect, test } from '@jest/globals'
import {
  CEILING_DENIAL,
  FROM_KEYS,
  evaluatePolicy,
  parseCeiling,
  parsePolicy,
  presentedClaims,
  type Ceiling,
  type Policy,
  type PolicyAsk
} from '../../../src/broker/policy/index.js'
import { globMatches } from '../../../src/broker/policy/glob.js'

const SOURCE = 'octo-org/deploy-service:.github/app-dispatch.yml'
const TARGET = 'octo-org/deploy-service'

/** Claims as GitHub's OIDC token for a push to main of octo-org/app carries them. */
const CLAIMS = {
  repository: 'octo-org/app',
  repository_id: '1001',
  repository_owner_id: '2002',
  job_workflow_ref: 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main',
  workflow_ref: 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main',
  ref: 'refs/heads/main',
  environment: 'production',
  event_name: 'push',
  sub: 'repo:octo-org/app:environment:production'
}

const ASK: PolicyAsk = { repository: TARGET, kind: 'repository_dispatch', eventType: 'deploy', payload: {}, wait: false }

function policy(text: string): Policy {
  const parsed = parsePolicy(text, SOURCE)
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed.policy
}

function problem(text: string): string {
  const parsed = parsePolicy(text, SOURCE)
  if (!('problem' in parsed)) throw new Error('expected a problem')
  return parsed.problem
}

function ceiling(text: string): Ceiling {
  const parsed = parseCeiling(text, 'octo-org/.github-policy:ceiling.yml')
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed.ceiling
}

const ONE_RULE = `
version: 1
allow:
  - from:
      repository: octo-org/app
    repository_dispatch: [deploy]
`

describe('reading a policy', () => {
  test('a well-formed policy is read with its rules in order', () => {
    const read = policy(`
version: 1
allow:
  - from: { repository: octo-org/app, repository_id: 1001 }
    repository_dispatch: [deploy, release]
    wait: true
    approval: { channel: C0123ABC, users: [U0123ABC, U0456DEF] }
  - from: { job_workflow_ref: 'octo-org/app/.github/workflows/*.yml@refs/heads/main' }
    workflow_dispatch:
      - { workflow: deploy.yml, ref: main }
      - { workflow: 4242 }
`)
    expect(read.source).toBe(SOURCE)
    expect(read.rules).toHaveLength(2)
    expect(read.rules[0]?.from.repository_id).toEqual({ text: '1001', glob: false })
    expect(read.rules[0]?.approval).toEqual({ channel: 'C0123ABC', users: ['U0123ABC', 'U0456DEF'] })
    expect(read.rules[1]?.workflowDispatch).toEqual([{ workflow: 'deploy.yml', ref: { text: 'main', glob: false } }, { workflow: '4242' }])
  })

  test.each([
    ['malformed YAML', 'version: 1\nallow: [\n', /^octo-org\/deploy-service:\.github\/app-dispatch\.yml: not valid YAML/],
    ['an unknown top-level key', `${ONE_RULE}\nextra: 1\n`, /: unknown key 'extra' \(allowed: version, allow\)/],
    ['a wrong version', ONE_RULE.replace('version: 1', 'version: 2'), /: version must be 1 \(found '2'\)/],
    ['no version', ONE_RULE.replace('version: 1', ''), /: version must be 1 \(found none\)/],
    ['allow not a list', 'version: 1\nallow: {}\n', /allow must be a list of rules/],
    ['a document that is a list', '- 1\n', /must be a YAML map/],
    ['two documents', `${ONE_RULE}\n---\n${ONE_RULE}`, /not valid YAML/],
    ['a custom tag', `${ONE_RULE}    wait: !!js/function 'return true'\n`, /not valid YAML/],
    ['a rule that is not a map', 'version: 1\nallow: [deploy]\n', /: rule 1: a rule must be a map/],
    ['an unknown rule key', `${ONE_RULE}    waits: true\n`, /: rule 1: unknown key 'waits' \(allowed: from, repository_dispatch/],
    ['a rule without from', 'version: 1\nallow:\n  - repository_dispatch: [deploy]\n', /rule 1: from: is missing/],
    ['an empty from', 'version: 1\nallow:\n  - from: {}\n    repository_dispatch: [deploy]\n', /rule 1: from must be a non-empty map/],
    [
      'an unknown from key',
      ONE_RULE.replace('repository: octo-org/app', 'repo: octo-org/app'),
      /rule 1: from: unknown key 'repo' \(allowed: repository, repository_id, repository_owner_id, job_workflow_ref, workflow_ref, ref, environment, event_name\)/
    ],
    [
      'neither kind of dispatch',
      'version: 1\nallow:\n  - from: { repository: octo-org/app }\n',
      /rule 1: a rule needs repository_dispatch/
    ],
    ['an empty event list', ONE_RULE.replace('[deploy]', '[]'), /rule 1: repository_dispatch must be a non-empty list/],
    ['a non-numeric repository_id', ONE_RULE.replace('repository:', 'repository_id:'), /from.repository_id: must be a numeric id/],
    ['a glob in an id', ONE_RULE.replace('repository: octo-org/app', "repository_id: '10*'"), /from.repository_id: must be a numeric id/],
    ['a ** glob', ONE_RULE.replace('octo-org/app', "'octo-org/**'"), /from.repository: '\*\*' is not a glob here/],
    ['a glob in the owner', ONE_RULE.replace('octo-org/app', "'octo-*/app'"), /the owner in 'octo-\*\/app' must be written out/],
    ['a repository of only *', ONE_RULE.replace('octo-org/app', "'*'"), /from.repository: must be owner\/name, found '\*'/],
    ['wait not a boolean', `${ONE_RULE}    wait: yes\n`, /rule 1: wait must be true or false/],
    [
      'an approval channel name',
      `${ONE_RULE}    approval: { channel: '#deploys', users: [U0123ABC] }\n`,
      /approval.channel must be a Slack channel id/
    ],
    [
      'a workflow entry with an unknown key',
      'version: 1\nallow:\n  - from: { repository: octo-org/app }\n    workflow_dispatch: [{ workflow: deploy.yml, branch: main }]\n',
      /rule 1: workflow_dispatch 1: unknown key 'branch'/
    ],
    [
      'a workflow glob',
      "version: 1\nallow:\n  - from: { repository: octo-org/app }\n    workflow_dispatch: [{ workflow: '*.yml' }]\n",
      /no glob here, name the workflow exactly/
    ]
  ])('%s is a problem naming the file and what is wrong', (_, text, expected) => {
    const found = problem(text)
    expect(found).toMatch(expected)
    expect(found.startsWith(`${SOURCE}: `)).toBe(true)
  })

  test('a problem in the second rule names rule 2', () => {
    expect(problem(`${ONE_RULE}  - from: { environment: prod }\n    repository_dispatch: deploy\n`)).toBe(
      `${SOURCE}: rule 2: repository_dispatch must be a non-empty list of names`
    )
  })

  test('an alias bomb is refused, a few aliases are fine', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++)
      laughs.push(
        `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10)
          .fill(`*${'abcdefgh'[i - 1]}`)
          .join(', ')}]`
      )
    expect(problem(`${laughs.join('\n')}\n${ONE_RULE}`)).toMatch(/not usable YAML: .*alias/i)
    const reused = policy(`
version: 1
allow:
  - from: &caller { repository: octo-org/app }
    repository_dispatch: [deploy]
  - from: *caller
    workflow_dispatch: [{ workflow: deploy.yml }]
`)
    expect(reused.rules[1]?.from.repository?.text).toBe('octo-org/app')
  })

  test('a file over 64 KiB is refused before it is parsed', () => {
    expect(problem(`${ONE_RULE}# ${'x'.repeat(70_000)}\n`)).toMatch(/: the file is \d+ bytes; at most 65536 are read/)
  })

  describe('payload schemas', () => {
    const withPayload = (schema: string): string => `${ONE_RULE}    payload: ${schema}\n`

    test.each([
      ['not an object', '[1]', /rule 1: payload must be a JSON Schema object/],
      ['a misspelt keyword', '{ type: object, propertis: {} }', /rule 1: payload\/propertis: unknown or unsupported keyword 'propertis'/],
      [
        'a nested misspelt keyword',
        '{ properties: { env: { enmu: [a] } } }',
        /payload\/properties\/env\/enmu: unknown or unsupported keyword/
      ],
      ['an unknown type', '{ type: text }', /payload\/type: must be one of array, boolean, integer/],
      [
        'a bad regular expression',
        "{ properties: { v: { pattern: '(' } } }",
        /payload\/properties\/v\/pattern: '\(' is not a valid regular expression/
      ],
      [
        'a bad patternProperties key',
        "{ patternProperties: { '[': true } }",
        /payload\/patternProperties: '\[' is not a valid regular expression/
      ],
      ['a remote $ref', "{ $ref: 'https://example.com/schema.json' }", /payload\/\$ref: must be '#' or a JSON pointer/],
      ['a $ref to nothing', "{ $ref: '#/$defs/missing' }", /'#\/\$defs\/missing' points to nothing/],
      [
        'a $ref to a value that is not a schema',
        "{ required: [a], $ref: '#/required' }",
        /'#\/required' points to something that is not a schema/
      ],
      ['$dynamicRef, which the validator does not implement', "{ $dynamicRef: '#meta' }", /payload\/\$dynamicRef: unknown or unsupported/],
      ['a format the validator does not check', '{ format: credit-card }', /payload\/format: must be one of the formats the broker checks/],
      [
        'another dialect',
        "{ $schema: 'http://json-schema.org/draft-07/schema#' }",
        /payload: \$schema must be 'https:\/\/json-schema.org\/draft\/2020-12\/schema'/
      ],
      ['a negative maxLength', '{ maxLength: -1 }', /payload\/maxLength: must be a whole number/],
      ['an empty anyOf', '{ anyOf: [] }', /payload\/anyOf: must be a non-empty list of schemas/]
    ])('%s is refused', (_, schema, expected) => {
      expect(problem(withPayload(schema))).toMatch(expected)
    })

    test('a schema the validator cannot apply denies (fail closed)', () => {
      // `const` holds data, not a schema: the validator finds no schema there when the $ref is followed.
      const read = policy(withPayload("{ const: { a: 1 }, properties: { x: { $ref: '#/const' } } }"))
      const decision = evaluatePolicy(read, CLAIMS, { ...ASK, payload: { x: 1 } })
      expect(decision).toEqual({
        allowed: false,
        reasons: [
          expect.stringMatching(/^rule 1: payload \/: the policy's schema could not be applied, so nothing is allowed \(Unresolved \$ref/)
        ]
      })
    })

    test('a 2020-12 schema with $defs, $ref and prefixItems is accepted and applied', () => {
      const read = policy(
        withPayload(
          "{ $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: { env: { enum: [staging, production] } }, " +
            "properties: { environment: { $ref: '#/$defs/env' }, pair: { prefixItems: [{ type: string }, { type: integer }], items: false } } }"
        )
      )
      expect(evaluatePolicy(read, CLAIMS, { ...ASK, payload: { environment: 'staging', pair: ['a', 1] } })).toMatchObject({ allowed: true })
      expect(evaluatePolicy(read, CLAIMS, { ...ASK, payload: { environment: 'staging', pair: ['a', 1, 2] } })).toEqual({
        allowed: false,
        reasons: ['rule 1: payload /pair/2: items: not allowed here']
      })
    })
  })
})

describe('globs', () => {
  test.each([
    ['octo-org/*', 'octo-org/app', true],
    ['octo-org/*', 'octo-org/a/b', false],
    ['*', 'octo-org/app', false],
    ['octo-org/app-*', 'octo-org/app-web', true],
    ['refs/heads/*', 'refs/heads/main', true],
    ['refs/heads/*', 'refs/heads/feature/x', false],
    ['octo-org/app/.github/workflows/*.yml@refs/heads/main', 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main', true],
    ['octo-org/app/.github/workflows/*.yml@*', 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main', false],
    ['octo-org/app/.github/workflows/*.yml@*', 'octo-org/app/.github/workflows/x@y.yml@main', false],
    ['octo-org/app/.github/workflows/deploy*', 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main', false],
    ['repo:octo-org/app:*', 'repo:octo-org/app:environment:production', false],
    ['repo:octo-org/app:*', 'repo:octo-org/app:pull_request', true],
    ['v?.[0-9]', 'v1.5', false],
    ['v?.[0-9]', 'v?.[0-9]', true],
    ['prod', 'production', false],
    ['*', '', true]
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected)
  })

  test('a pattern made to backtrack still answers at once', () => {
    const started = Date.now()
    expect(globMatches(`${'*a'.repeat(12)}*b`, 'a'.repeat(5000))).toBe(false)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('deciding', () => {
  const VALUES: Record<string, [string, string]> = {
    repository: ['octo-org/app', 'octo-org/evil'],
    repository_id: ['1001', '1002'],
    repository_owner_id: ['2002', '2003'],
    job_workflow_ref: [
      'octo-org/app/.github/workflows/deploy.yml@refs/heads/main',
      'octo-org/app/.github/workflows/deploy.yml@refs/heads/dev'
    ],
    workflow_ref: [
      'octo-org/app/.github/workflows/deploy.yml@refs/heads/main',
      'octo-org/evil/.github/workflows/deploy.yml@refs/heads/main'
    ],
    ref: ['refs/heads/main', 'refs/heads/dev'],
    environment: ['production', 'staging'],
    event_name: ['push', 'schedule']
  }

  test('the table covers every claim kind a rule may name', () => {
    expect(Object.keys(VALUES).sort()).toEqual([...FROM_KEYS].sort())
  })

  test.each(Object.entries(VALUES))('%s: the value allows, another value or none denies', (key, [wanted, other]) => {
    const read = policy(`version: 1\nallow:\n  - from: { ${key}: '${wanted}' }\n    repository_dispatch: [deploy]\n`)
    expect(evaluatePolicy(read, { ...CLAIMS, [key]: wanted }, ASK)).toEqual({ allowed: true, rule: 1, wait: false })
    expect(evaluatePolicy(read, { ...CLAIMS, [key]: other }, ASK)).toEqual({
      allowed: false,
      reasons: [`rule 1: ${key} is '${other}', the rule wants '${wanted}'`]
    })
    expect(evaluatePolicy(read, { ...CLAIMS, [key]: undefined }, ASK)).toEqual({
      allowed: false,
      reasons: [`rule 1: the token has no ${key}, the rule wants '${wanted}'`]
    })
  })

  test('every from key must match, and each that differs is named', () => {
    const read = policy(
      "version: 1\nallow:\n  - from: { repository: octo-org/app, environment: production, ref: 'refs/heads/*' }\n    repository_dispatch: [deploy]\n"
    )
    expect(evaluatePolicy(read, { ...CLAIMS, repository: 'octo-org/evil', environment: 'staging' }, ASK)).toEqual({
      allowed: false,
      reasons: [
        "rule 1: repository is 'octo-org/evil', the rule wants 'octo-org/app'; environment is 'staging', the rule wants 'production'"
      ]
    })
  })

  test('a repository glob matches within one segment; repository names compare without case', () => {
    const read = policy("version: 1\nallow:\n  - from: { repository: 'octo-org/*' }\n    repository_dispatch: [deploy]\n")
    expect(evaluatePolicy(read, { ...CLAIMS, repository: 'Octo-Org/Web' }, ASK)).toMatchObject({ allowed: true })
    expect(evaluatePolicy(read, { ...CLAIMS, repository: 'octo-org-evil/app' }, ASK)).toMatchObject({ allowed: false })
  })

  test('the event type must be in repository_dispatch, and the kind of dispatch must be the rule’s', () => {
    const read = policy(ONE_RULE.replace('[deploy]', '[release]'))
    expect(evaluatePolicy(read, CLAIMS, ASK)).toEqual({
      allowed: false,
      reasons: ["rule 1: event 'deploy' not in repository_dispatch [release]"]
    })
    expect(evaluatePolicy(read, CLAIMS, { ...ASK, kind: 'workflow_dispatch', workflow: 'deploy.yml' })).toEqual({
      allowed: false,
      reasons: ['rule 1: the rule allows repository_dispatch only, the request is a workflow_dispatch']
    })
  })

  test('a payload failing its schema is denied with the path and the keyword', () => {
    const read = policy(
      `${ONE_RULE}    payload: { type: object, required: [environment], additionalProperties: false, properties: { environment: { enum: [staging, production] }, replicas: { type: integer, maximum: 5 } } }\n`
    )
    expect(evaluatePolicy(read, CLAIMS, { ...ASK, payload: { environment: 'production', replicas: 2 } })).toMatchObject({ allowed: true })
    const denied = (payload: Record<string, unknown>): string[] => {
      const decision = evaluatePolicy(read, CLAIMS, { ...ASK, payload })
      return decision.allowed ? [] : decision.reasons
    }
    expect(denied({ environment: 'prod' })).toEqual([
      'rule 1: payload /environment: enum: Instance does not match any of ["staging","production"].'
    ])
    expect(denied({ environment: 'staging', replicas: 9 })).toEqual(['rule 1: payload /replicas: maximum: 9 is greater than 5.'])
    expect(denied({})).toEqual(['rule 1: payload /: required: Instance does not have required property "environment".'])
    expect(denied({ environment: 'staging', 'evil\n::add-mask::x': 1 })).toEqual([
      'rule 1: payload /evil%0A::add-mask::x: additionalProperties: not allowed here'
    ])
  })

  test('the payload is checked only for a caller the rule allows', () => {
    const read = policy(`${ONE_RULE}    payload: { required: [environment] }\n`)
    expect(evaluatePolicy(read, { ...CLAIMS, repository: 'octo-org/evil' }, ASK)).toEqual({
      allowed: false,
      reasons: ["rule 1: repository is 'octo-org/evil', the rule wants 'octo-org/app'"]
    })
  })

  test.each(['pull_request_target', 'workflow_run', 'pull_request'])('a token from %s is denied unless a rule names that event', event => {
    const claims = { ...CLAIMS, event_name: event }
    expect(evaluatePolicy(policy(ONE_RULE), claims, ASK)).toEqual({
      allowed: false,
      reasons: [
        `rule 1: the token comes from a ${event} run, which only a rule whose from.event_name is '${event}' (written out, not a glob) allows`
      ]
    })
    const glob = `${event.slice(0, 6)}*`
    const byGlob = policy(
      `version: 1\nallow:\n  - from: { repository: octo-org/app, event_name: '${glob}' }\n    repository_dispatch: [deploy]\n`
    )
    expect(evaluatePolicy(byGlob, claims, ASK)).toMatchObject({ allowed: false })
    const named = policy(
      `version: 1\nallow:\n  - from: { repository: octo-org/app, event_name: ${event} }\n    repository_dispatch: [deploy]\n`
    )
    expect(evaluatePolicy(named, claims, ASK)).toEqual({ allowed: true, rule: 1, wait: false })
  })

  test('the first matching rule decides; the reasons cover each rule before it', () => {
    const read = policy(`
version: 1
allow:
  - from: { environment: staging }
    repository_dispatch: [deploy]
  - from: { repository: octo-org/app }
    repository_dispatch: [deploy]
    approval: { channel: C0123ABC, users: [U0123ABC] }
  - from: { repository: octo-org/app }
    repository_dispatch: [deploy]
    wait: true
`)
    expect(evaluatePolicy(read, CLAIMS, ASK)).toEqual({
      allowed: true,
      rule: 2,
      wait: false,
      approval: { channel: 'C0123ABC', users: ['U0123ABC'] }
    })
    // Asking to wait: rule 2 does not allow it, rule 3 does.
    expect(evaluatePolicy(read, CLAIMS, { ...ASK, wait: true })).toEqual({ allowed: true, rule: 3, wait: true })
    expect(evaluatePolicy(read, { ...CLAIMS, repository: 'octo-org/evil' }, ASK)).toEqual({
      allowed: false,
      reasons: [
        "rule 1: environment is 'production', the rule wants 'staging'",
        "rule 2: repository is 'octo-org/evil', the rule wants 'octo-org/app'",
        "rule 3: repository is 'octo-org/evil', the rule wants 'octo-org/app'"
      ]
    })
  })

  test('waiting: only where the rule says wait: true and the request asks for it', () => {
    const noWait = policy(ONE_RULE)
    expect(evaluatePolicy(noWait, CLAIMS, { ...ASK, wait: true })).toEqual({
      allowed: false,
      reasons: ['rule 1: the request asks to wait, and the rule does not say wait: true']
    })
    const mayWait = policy(`${ONE_RULE}    wait: true\n`)
    expect(evaluatePolicy(mayWait, CLAIMS, ASK)).toEqual({ allowed: true, rule: 1, wait: false })
    expect(evaluatePolicy(mayWait, CLAIMS, { ...ASK, wait: true })).toEqual({ allowed: true, rule: 1, wait: true })
  })

  test('workflow_dispatch: the workflow exactly, the ref exact or a glob, no ref only on the default branch', () => {
    const read = policy(`
version: 1
allow:
  - from: { repository: octo-org/app }
    workflow_dispatch:
      - { workflow: deploy.yml }
      - { workflow: release.yml, ref: 'release/*' }
      - { workflow: '4242', ref: main }
`)
    const ask = (workflow: string, ref?: string): PolicyAsk => ({ ...ASK, kind: 'workflow_dispatch', eventType: undefined, workflow, ref })
    const reasons = (workflow: string, ref?: string): string[] => {
      const decision = evaluatePolicy(read, CLAIMS, ask(workflow, ref))
      return decision.allowed ? ['allowed'] : decision.reasons
    }
    expect(reasons('deploy.yml')).toEqual(['allowed'])
    expect(reasons('deploy.yml', 'main')).toEqual([
      "rule 1: workflow 'deploy.yml' on ref 'main': the rule allows it on the default branch (no ref)"
    ])
    expect(reasons('release.yml', 'release/v2')).toEqual(['allowed'])
    expect(reasons('release.yml', 'release/v2/hotfix')).toEqual([
      "rule 1: workflow 'release.yml' on ref 'release/v2/hotfix': the rule allows it on 'release/*'"
    ])
    expect(reasons('release.yml')).toEqual([
      "rule 1: workflow 'release.yml' on the default branch (no ref): the rule allows it on 'release/*'"
    ])
    expect(reasons('4242', 'main')).toEqual(['allowed'])
    expect(reasons('4242', 'refs/heads/main')).toEqual(["rule 1: workflow '4242' on ref 'refs/heads/main': the rule allows it on 'main'"])
    expect(reasons('.github/workflows/deploy.yml')).toEqual([
      "rule 1: workflow '.github/workflows/deploy.yml' not in workflow_dispatch [deploy.yml, release.yml, 4242]"
    ])
    expect(evaluatePolicy(read, CLAIMS, ASK)).toEqual({
      allowed: false,
      reasons: ['rule 1: the rule allows workflow_dispatch only, the request is a repository_dispatch']
    })
  })

  test('an empty allow list allows nothing', () => {
    expect(evaluatePolicy(policy('version: 1\nallow: []\n'), CLAIMS, ASK)).toEqual({
      allowed: false,
      reasons: ["the policy's allow: list is empty: it allows nothing"]
    })
  })

  test('the claims shown in a denial are the ones rules match on', () => {
    expect(presentedClaims(CLAIMS)).toEqual(Object.fromEntries(Object.entries(CLAIMS).filter(([key]) => key !== 'sub')))
  })
})

describe('the organisation ceiling', () => {
  const CEILING = `
version: 1
allow:
  - from: { repository_owner_id: 2002, ref: refs/heads/main }
    to: ['octo-org/deploy-*']
  - from: { repository: octo-org/tools }
    to: [octo-org/sandbox]
`

  test('a rule takes effect where the ceiling allows the same caller and target', () => {
    expect(evaluatePolicy(policy(ONE_RULE), CLAIMS, ASK, ceiling(CEILING))).toEqual({ allowed: true, rule: 1, wait: false })
  })

  test.each([
    ['another target', CLAIMS, { ...ASK, repository: 'octo-org/billing' }],
    ['another owner', { ...CLAIMS, repository_owner_id: '9999' }, ASK],
    ['another branch', { ...CLAIMS, ref: 'refs/heads/dev' }, ASK]
  ])('the ceiling denies %s, saying only that', (_, claims, ask) => {
    // The target's own policy would allow it all.
    const open = policy("version: 1\nallow:\n  - from: { repository: 'octo-org/*' }\n    repository_dispatch: [deploy]\n")
    const decision = evaluatePolicy(open, claims, ask, ceiling(CEILING))
    expect(decision).toEqual({ allowed: false, reasons: [CEILING_DENIAL] })
    expect(JSON.stringify(decision)).not.toMatch(/deploy-\*|sandbox|tools|2002/)
  })

  test('a ceiling does not widen a policy', () => {
    expect(evaluatePolicy(policy(ONE_RULE), { ...CLAIMS, repository: 'octo-org/deploy-ui' }, ASK, ceiling(CEILING))).toMatchObject({
      allowed: false
    })
  })

  test.each([
    ['a bad version', CEILING.replace('version: 1', 'version: 3'), /ceiling.yml: version must be 1/],
    ['an unknown key', `${CEILING}    also: []\n`, /ceiling.yml: rule 2: unknown key 'also' \(allowed: from, to\)/],
    ['no targets', 'version: 1\nallow:\n  - from: { repository: octo-org/app }\n', /rule 1: to must be a non-empty list/],
    [
      'a target with a glob owner',
      "version: 1\nallow:\n  - from: { repository: octo-org/app }\n    to: ['*/deploy']\n",
      /rule 1: to: the owner/
    ],
    ['an unknown from key', "version: 1\nallow:\n  - from: { org: octo-org }\n    to: ['octo-org/*']\n", /rule 1: from: unknown key 'org'/]
  ])('a ceiling with %s is a problem', (_, text, expected) => {
    const parsed = parseCeiling(text, 'octo-org/.github-policy:ceiling.yml')
    expect('problem' in parsed && parsed.problem).toMatch(expected)
  })
})
