/**
 * Stands in for `undici` inside the bundles only (tsconfig.json `paths`,
 * which ncc applies when it bundles). The action loads `@actions/core`, whose
 * OIDC helper imports `@actions/http-client`, whose index imports all of
 * undici at start-up (about 130 modules, plus zlib, tls, dns and
 * worker_threads) although the action never asks for an OIDC token
 * (actions/toolkit#1697, #1621). The real undici is loaded, lazily, only
 * when a proxy applies (github/client.ts imports `undici/index.js`, which
 * this alias does not match).
 */
export class ProxyAgent {
  constructor() {
    throw new Error('app-dispatch does not bundle undici for @actions/http-client: its OIDC and proxy client are not used.')
  }
}
