import type { Logger } from '../../github/client.js'
import type { Mode } from '../../model/plan.js'
import { repositoryDispatchSender } from './repository-dispatch.js'
import type { Sender } from './sender.js'
import { workflowDispatchSender } from './workflow-dispatch.js'

/** The sender for the plan's mode. */
export function createSender(mode: Mode, log: Logger): Sender {
  return mode.kind === 'repository_dispatch' ? repositoryDispatchSender(mode, log) : workflowDispatchSender(mode, log)
}
