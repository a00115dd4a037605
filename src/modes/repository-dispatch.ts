import { toGitHubError } from '../github/advice.js'
import type { Mode } from '../inputs.js'
import type { Sender } from './sender.js'

type RepositoryDispatch = Extract<Mode, { kind: 'repository_dispatch' }>

/** `POST /repos/{owner}/{repo}/dispatches`; needs Contents: write and nothing else. */
export function repositoryDispatchSender(mode: RepositoryDispatch): Sender {
  // Sent as text so the payload arrives exactly as the user wrote it.
  const body = `{"event_type":${JSON.stringify(mode.eventType)},"client_payload":${mode.clientPayloadJson}}`
  return {
    permissions: { contents: 'write' },
    permissionName: 'Contents: Read and write',
    event: mode.eventType,
    resultFields: {},
    async send(client, target, ctx) {
      try {
        // The route is widened to string: the typed one insists on an object body.
        await client.request('POST /repos/{owner}/{repo}/dispatches' as string, {
          owner: target.owner,
          repo: target.repo,
          data: body,
          headers: { 'content-type': 'application/json; charset=utf-8' }
        })
      } catch (error) {
        throw toGitHubError('dispatch', error, ctx)
      }
      return {}
    }
  }
}
