/** What a run's tokens ask for, and how the App's settings page names it. */
import type { WaitSettings } from '../model/plan.js'
import type { Permissions } from './app.js'

const PERMISSION_TITLES: Record<string, string> = { contents: 'Contents', actions: 'Actions', metadata: 'Metadata' }

/** Permissions as the App's settings page names them: "Contents: Read and write and Actions: Read-only". */
export function describePermissions(permissions: Permissions): string {
  return Object.entries(permissions)
    .map(([name, level]) => `${PERMISSION_TITLES[name] ?? name}: ${level === 'write' ? 'Read and write' : 'Read-only'}`)
    .join(' and ')
}

/**
 * The mode's permissions, plus Actions: read to watch runs (their artifacts,
 * jobs and logs included) when waiting, or Actions: write when the step may
 * cancel the runs it started.
 */
export function tokenPermissions(base: Permissions, wait: Pick<WaitSettings, 'cancelDownstream'> | undefined): Permissions {
  if (wait === undefined) return base
  const actions = wait.cancelDownstream || base['actions'] === 'write' ? 'write' : 'read'
  return { ...base, actions }
}
