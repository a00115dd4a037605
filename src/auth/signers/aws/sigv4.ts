/**
 * AWS Signature Version 4 for the one request this project signs: KMS Sign
 * (POST, a JSON body, no query). STS AssumeRoleWithWebIdentity is not signed.
 *
 * Hand-written on node:crypto rather than a library, chosen by size and
 * start-up, measured here (Node 22, CPU time of a process that loads the
 * client and signs one Sign request, median of 25, docs/performance.md):
 * @aws-sdk/client-kms is 548 KB bundled and minified and costs 240 ms over
 * bare Node; aws4fetch is small (10 KB bundled, no dependencies) but costs
 * 101 ms, because it builds a `Headers`, which loads Node's internal fetch
 * (undici; 78 ms alone: the reason the request stack avoids Node's fetch,
 * see node-fetch.ts); this file costs 10 ms. It is AWS's documented
 * algorithm in about 40 lines, checked against AWS's test suite and a
 * signature computed by aws4fetch (__tests__/app-jwt.test.ts), and against
 * the stand-in's own verification in the end-to-end tests.
 */
import { createHash, createHmac } from 'node:crypto'

export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** ms epoch; undefined: does not expire (or unknown). */
  expiresAt?: number
}

export interface RequestToSign {
  method: string
  url: URL
  headers: Record<string, string>
  body: string
  service: string
  region: string
  credentials: AwsCredentials
  /** ms epoch (default now). */
  now?: number
}

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()
/** RFC 3986 percent-encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** Byte order (the encoded text is ASCII), as AWS compares. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The request's headers plus host, x-amz-date, the session token and the Authorization header. */
export function signRequest(request: RequestToSign): Record<string, string> {
  const { url, credentials } = request
  const amzDate = new Date(request.now ?? Date.now()).toISOString().replace(/[-:]|\.\d{3}/g, '')
  const date = amzDate.slice(0, 8)
  const headers: Record<string, string> = { host: url.host, 'x-amz-date': amzDate }
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken
  const names = Object.keys(headers).sort()
  const signedHeaders = names.join(';')
  const canonicalPath = url.pathname
    .split('/')
    .map(segment => encode(segment))
    .join('/')
  // Sorted by encoded name, then by value, as AWS sorts it: not as "name=value" text, where 'a-b=1' would come before 'a=2'.
  const canonicalQuery = [...url.searchParams]
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB))
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery,
    names.map(name => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    sha256(request.body)
  ].join('\n')
  const scope = `${date}/${request.region}/${request.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), request.region), request.service), 'aws4_request')
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
  headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  return headers
}
