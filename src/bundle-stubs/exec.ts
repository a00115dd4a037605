/**
 * Stands in for `@actions/exec` inside the bundles only (tsconfig.json
 * `paths`, applied by ncc). `@actions/core` imports it for
 * `core.platform.getDetails()`, which the action never calls.
 */
export function getExecOutput(): never {
  throw new Error('app-dispatch does not bundle @actions/exec: core.platform is not used.')
}
export const exec = getExecOutput
