/**
 * Downloads from the storage GitHub redirects to: https only (plain http to
 * this machine's loopback, where the tests' storage lives); any other
 * location is refused before a request is made.
 */
import { expect, test } from '@jest/globals'
import { fetchCapped, isStorageUrl } from '../../../../src/github/storage.js'

test.each([
  ['https://productionresultssa0.blob.core.windows.net/x?sig=1', true],
  ['http://127.0.0.1:8080/blob/1', true],
  ['http://localhost:8080/blob/1', true],
  ['http://[::1]:8080/blob/1', true],
  ['http://storage.example.com/blob/1', false],
  ['http://127.0.0.1.evil.example/blob/1', false],
  ['http://10.0.0.7/blob/1', false],
  ['ftp://storage.example.com/blob/1', false],
  ['file:///etc/passwd', false]
])('%s allowed: %s', (url, allowed) => {
  expect(isStorageUrl(new URL(url))).toBe(allowed)
})

test('a location that is not https is refused and nothing is fetched', async () => {
  const fetched: string[] = []
  const fake = ((url: string) => {
    fetched.push(url)
    return Promise.resolve(new Response('zip'))
  }) as unknown as typeof fetch
  await expect(fetchCapped(fake, 'http://storage.example.com/blob/1', { cap: 10, keep: 'head' })).rejects.toThrow(
    'the download location (http://storage.example.com) is not https; plain http is allowed on loopback only'
  )
  expect(fetched).toEqual([])
  await expect(fetchCapped(fake, 'https://storage.example.com/blob/1', { cap: 10, keep: 'head' })).resolves.toMatchObject({
    truncated: false
  })
  expect(fetched).toEqual(['https://storage.example.com/blob/1'])
})
