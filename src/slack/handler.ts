/**
 * The Slack approval button handler: the click rules (click.ts) answer Slack;
 * the work that follows an accepted click (work.ts) is serialisable, run
 * after the answer by the Node adapter or by an asynchronous invocation on
 * Lambda (lambda.ts).
 */
import { handleClick } from './click.js'
import type { SlackApprovalConfig } from './config.js'
import { createContext } from './context.js'
import type { ApprovalHandler } from './types.js'
import { runWork } from './work.js'

export function createApprovalHandler(input: SlackApprovalConfig): ApprovalHandler {
  const ctx = createContext(input)
  return {
    handle: request => handleClick(ctx, request),
    run: work => runWork(ctx, work),
    ticket: ctx.ticket,
    checkTicket: ctx.checkTicket,
    config: ctx.config,
    log: ctx.log
  }
}
