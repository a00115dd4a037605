/**
 * Stands in for `@actions/http-client`'s index inside the bundles only
 * (tsconfig.json `paths`, applied by ncc). `@actions/core` imports it for its
 * OIDC helper, which the action never calls; the real index loads http,
 * https, tunnel (tls, net) and all of undici at start-up. The action's own
 * proxy rules come from `@actions/http-client/lib/proxy`, which this alias
 * does not match.
 */
export class HttpClient {
  constructor() {
    throw new Error('app-dispatch does not bundle @actions/http-client: getIDToken() and its HTTP client are not used.')
  }
}
