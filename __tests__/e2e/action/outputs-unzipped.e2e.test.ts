/**
 * Outputs handed back either way upload-artifact v7 stores them: zipped (the
 * default) or as the file itself (`archive: false`: the artifact named after
 * the file, served with its own content type). Through the bundled action,
 * with the same bounds for both: 1 MiB, no Authorization header at the
 * storage host; and https only, outside loopback, for the download itself.
 */
import { describe, expect, jest, test } from '@jest/globals'
import { resultsOf, type Fixture } from '../../support/fixture.js'
import { zipOf } from '../../../emulator/zip.js'
import { unzippedArtifact } from '../../../emulator/run-jobs.js'
import { fetchCapped } from '../../../src/github/storage.js'
import { artifactForm } from '../../../src/core/downstream/outputs.js'
import { useFixture } from '../../support/use.js'

const f = useFixture({
  setup: async () => {
    app = f.gh.createApp()
    const artifacts = {
      'as-file': unzippedArtifact('outputs.json', JSON.stringify({ url: 'https://deploy.example/pr-9', flat: true })),
      'no-extension': unzippedArtifact('app-dispatch-outputs', '\uFEFF{"served": "as octet-stream"}'),
      zipped: { name: 'outputs.json', zip: await zipOf({ 'outputs.json': '{"zipped": true}' }) },
      'too-big': unzippedArtifact('outputs.json', `{"pad":"${'0'.repeat(3 * 1024 * 1024)}"}`),
      'not-json': unzippedArtifact('outputs.json', 'url=https://deploy.example'),
      'not-object': unzippedArtifact('outputs.json', '"just a string"')
    }
    f.gh.install({
      app,
      account: 'flat-org',
      repositories: Object.keys(artifacts),
      permissions: { contents: 'write', actions: 'read', metadata: 'read' }
    })
    for (const [repo, artifact] of Object.entries(artifacts)) {
      f.gh.addWorkflow(`flat-org/${repo}`, {
        file: 'deploy.yml',
        types: ['deploy'],
        runName: RUN_NAME,
        lifecycle: quick,
        artifacts: () => [artifact]
      })
    }
  }
})
let app: Fixture['app']

const RUN_NAME = 'Deploy ${{ github.event.client_payload.distinct_id }}'
// Succeeded by the time the step first looks: these tests are about reading what it hands back.
const quick = { queuedMs: 0, runMs: 0, conclusion: 'success' }

const chain = (inputs: Record<string, string>) =>
  f.run({ 'app-id': String(app.id), 'private-key': app.privateKey, 'event-type': 'deploy', wait: 'true', 'poll-interval': '1', ...inputs })

function noStorageAuthorization(): void {
  expect(f.gh.storage.requests.length).toBeGreaterThan(0)
  expect(f.gh.storage.requests.filter(r => r.authorization)).toEqual([])
}

describe('outputs from an artifact stored without a zip', () => {
  test('a zipped and an unzipped outputs.json come back from the same step', async () => {
    const result = await chain({ repository: 'flat-org/as-file,flat-org/zipped', 'outputs-artifact': 'outputs.json' })
    expect(result.code).toBe(0)
    expect(resultsOf(result.outputs).map(r => r['outputs'])).toEqual([{ url: 'https://deploy.example/pr-9', flat: true }, { zipped: true }])
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ url: 'https://deploy.example/pr-9', flat: true })
    expect(result.stdout).toContain('flat-org/as-file: run #1 handed back outputs: url, flat.')
    noStorageAuthorization()
    expect(f.gh).toHaveRevokedEveryToken()
  })

  test('a file served as application/octet-stream (no extension) is read by its bytes; a byte-order mark is skipped', async () => {
    const result = await chain({ repository: 'flat-org/no-extension' })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs['outputs'] ?? '')).toEqual({ served: 'as octet-stream' })
  })

  test('a file past 1 MiB fails the target', async () => {
    const result = await chain({ repository: 'flat-org/too-big', 'outputs-artifact': 'outputs.json' })
    expect(result.code).toBe(1)
    expect(result.errors).toEqual([
      "::error::The 'outputs.json' artifact of run #1 in flat-org/too-big (a file stored without a zip) is larger than 1048576 bytes."
    ])
    noStorageAuthorization()
  })

  test.each([
    ['not-json', "The 'outputs.json' artifact of run #1 in flat-org/not-json is not valid JSON."],
    ['not-object', "The 'outputs.json' artifact of run #1 in flat-org/not-object must hold a JSON object, not a string."]
  ])('%s: the target fails, naming the artifact, the run and the problem', async (repo, message) => {
    const result = await chain({ repository: `flat-org/${repo}`, 'outputs-artifact': 'outputs.json' })
    expect(result.code).toBe(1)
    expect(result.errors).toEqual([`::error::${message}`])
    expect(result.outputs['conclusion']).toBe('success')
  })
})

describe('what the download accepts', () => {
  test('zip by its signature, whatever the content type; a body served as a zip that is none is damaged; anything else is the file', () => {
    const zip = Buffer.from('PK\x03\x04rest', 'latin1')
    expect(artifactForm(zip, 'application/octet-stream')).toBe('zip')
    expect(artifactForm(Buffer.from('PK\x05\x06', 'latin1'), '')).toBe('zip')
    expect(artifactForm(Buffer.from('{"a":1}'), 'application/zip')).toBe('not-a-zip')
    expect(artifactForm(Buffer.from('{"a":1}'), 'application/json')).toBe('file')
    expect(artifactForm(Buffer.from('{"a":1}'), '')).toBe('file')
  })

  test.each(['http://storage.example.net/blob?sig=1', 'ftp://127.0.0.1/blob'])(
    'a download location %s is refused before any request',
    async url => {
      const fetchImpl = jest.fn<typeof fetch>()
      await expect(fetchCapped(fetchImpl, url, { cap: 10, keep: 'head' })).rejects.toThrow(/not https|not an http\(s\) URL/)
      expect(fetchImpl).not.toHaveBeenCalled()
    }
  )

  test('an endless body is read no further than the cap', async () => {
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(64 * 1024))
      }
    })
    const fetchImpl = jest.fn<typeof fetch>(() => Promise.resolve(new Response(endless)))
    const body = await fetchCapped(fetchImpl, 'https://storage.example.net/blob', { cap: 2 * 1024 * 1024, keep: 'head' })
    expect(body.truncated).toBe(true)
    expect(body.bytes.length).toBe(2 * 1024 * 1024)
    expect(pulled * 64 * 1024).toBeLessThan(3 * 1024 * 1024)
  })

  test.each(['http://127.0.0.1:9/blob', 'http://localhost:9/blob', 'https://storage.example.net/blob'])(
    '%s is followed, without credentials',
    async url => {
      const fetchImpl = jest.fn<typeof fetch>(() =>
        Promise.resolve(new Response('{}', { headers: { 'content-type': 'application/json; charset=utf-8' } }))
      )
      const body = await fetchCapped(fetchImpl, url, { cap: 10, keep: 'head' })
      expect(body).toMatchObject({ truncated: false, contentType: 'application/json' })
      expect(fetchImpl.mock.calls[0]?.[1]?.headers).toEqual({})
    }
  )
})
