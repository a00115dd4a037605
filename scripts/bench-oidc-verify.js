// @ts-check
/**
 * The broker's OIDC check, timed: the first verify (key set fetched from the
 * runner OIDC stand-in on 127.0.0.1, key imported) and warm ones (keys
 * cached), median and mean over many tokens, each with a fresh jti. Reads
 * lib/broker/oidc/ (built by `npm run build:lib` once the broker entry is in
 * tsconfig.lib.json). Run alone (`node scripts/bench-oidc-verify.js`) or call
 * benchOidcVerify() from bench.js.
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { OIDC_ISSUER, RunnerOidc } from '../emulator/runner-oidc.js'
import { createOidcVerifier } from '../lib/broker/oidc/verify.js'

const AUDIENCE = 'https://broker.example.com'

/** @param {number} [runs] @returns {Promise<{ coldMs: number, warmMedianMs: number, warmMeanMs: number, runs: number }>} */
export async function benchOidcVerify(runs = 2000) {
  const oidc = new RunnerOidc()
  await oidc.start()
  try {
    const verifier = createOidcVerifier({ issuers: [{ issuer: OIDC_ISSUER, jwksUrl: oidc.jwksUrl }], audience: AUDIENCE })
    const tokens = Array.from({ length: runs + 1 }, () => oidc.token(AUDIENCE))
    let started = performance.now()
    await verifier.verify(/** @type {string} */ (tokens[0]))
    const coldMs = performance.now() - started
    /** @type {number[]} */
    const times = []
    for (const token of tokens.slice(1)) {
      started = performance.now()
      await verifier.verify(token)
      times.push(performance.now() - started)
    }
    // The first tenth warms the JIT and is left out.
    const warm = times.slice(Math.floor(runs / 10)).sort((a, b) => a - b)
    return {
      coldMs,
      warmMedianMs: warm[Math.floor(warm.length / 2)] ?? 0,
      warmMeanMs: warm.reduce((a, b) => a + b, 0) / warm.length,
      runs
    }
  } finally {
    await oidc.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { coldMs, warmMedianMs, warmMeanMs, runs } = await benchOidcVerify()
  console.log(
    `OIDC verify: first ${coldMs.toFixed(1)} ms (key set fetched); warm median ${(warmMedianMs * 1000).toFixed(0)} µs, mean ${(warmMeanMs * 1000).toFixed(0)} µs (${runs} tokens)`
  )
}
