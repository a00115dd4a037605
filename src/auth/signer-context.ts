/** What a signer of the App's JWT (app-jwt.ts, aws/) may use of the run. */

/** What a signer may use of the run: secret masking, progress, cancellation, waits, HTTP. */
export interface SignerContext {
  /** Every credential (AWS keys, tokens, the JWT) goes here before it could be printed. */
  onSecret: (secret: string) => void
  log: { info(message: string): void; debug(message: string): void }
  signal?: AbortSignal
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** The time (ms since the epoch) a JWT's claims and its reuse are measured by; default Date.now. */
  now?: () => number
  /** The fetch for a URL (node:http(s) keep-alive, or through the proxy that applies to it). */
  fetchFor: (url: string) => typeof fetch
  /** Where AWS settings come from (AWS_ENDPOINT_URL_*, credentials, the runner's OIDC token); default process.env. */
  env?: Readonly<Record<string, string | undefined>>
}

/** Signs a JWT's `header.payload` with RSASSA-PKCS1-v1_5 and SHA-256 (RS256); returns the signature. */
export type SignRs256 = (signingInput: Buffer) => Promise<Buffer>
