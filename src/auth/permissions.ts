/** What a run's tokens ask for, and how the App's settings page names it. */
import type { WaitSettings } from '../model/plan.js'
import type { Permissions } from '../github/installations.js'

const PERMISSION_TITLES: Record<string, string> = { contents: 'Contents', actions: 'Actions', metadata: 'Metadata' }

/** Permissions as the App's settings page names them: "Contents: Read and write and Actions: Read-only". */
export function describePermissions(permissions: Permissions): string {
  return Object.entries(permissions)
    .map(([name, level]) => `${PERMISSION_TITLES[name] ?? name}: ${level === 'write' ? 'Read and write' : 'Read-only'}`)
    .join(' and ')
}

/**
 * What the token asks for that the installation does not grant (write needs
 * write; read is covered by either). All of it when the grant is not known,
 * or when the grant seems to cover it all (the refusal then has another cause).
 */
export function missingPermissions(requested: Permissions, granted: Permissions | undefined): Permissions {
  if (granted === undefined) return requested
  const missing = Object.fromEntries(
    Object.entries(requested).filter(([name, level]) => granted[name] === undefined || (level === 'write' && granted[name] !== 'write'))
  )
  return Object.keys(missing).length > 0 ? missing : requested
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
