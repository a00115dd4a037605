/**
 * The one way tests get "a GitHub with an App and an installation": the
 * emulator started on 127.0.0.1, one App (its own key), installed on one
 * account with access to the named repositories, and the environment the CLI
 * and the Slack handler read to reach it.
 */
import { GitHubEmulator } from '../../emulator/github-emulator.js'

type Permissions = Parameters<GitHubEmulator['install']>[0]['permissions']

export interface LocalGitHub {
  gh: GitHubEmulator
  app: ReturnType<GitHubEmulator['createApp']>
  installation: ReturnType<GitHubEmulator['install']>
  /** GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_API_URL for a child process. */
  env: Record<string, string>
}

export interface LocalGitHubOptions {
  /** Default octo-org. */
  account?: string
  /** Names without the owner; default ['deploy']. */
  repositories?: string[]
  /** Default Contents: write, Metadata: read (the emulator's default). */
  permissions?: Permissions
  latencyMs?: number
  /** The emulator's time source (ms since the epoch): a VirtualClock's `now` makes runs and token expiry follow it. */
  now?: () => number
  start?: Parameters<GitHubEmulator['start']>[0]
}

export async function startGitHub(options: LocalGitHubOptions = {}): Promise<LocalGitHub> {
  const gh = new GitHubEmulator({ latencyMs: options.latencyMs, now: options.now })
  await gh.start(options.start)
  const app = gh.createApp()
  const installation = gh.install({
    app,
    account: options.account ?? 'octo-org',
    repositories: options.repositories ?? ['deploy'],
    ...(options.permissions ? { permissions: options.permissions } : {})
  })
  const env = { GITHUB_APP_ID: String(app.id), GITHUB_APP_PRIVATE_KEY: app.privateKey, GITHUB_API_URL: gh.url }
  return { gh, app, installation, env }
}

/** Contents: write, Actions: write, Metadata: read: dispatch, follow runs, cancel them. */
export const DISPATCH_AND_FOLLOW: Permissions = { contents: 'write', actions: 'write', metadata: 'read' }
