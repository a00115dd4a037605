/** The approval handler's request, response and work shapes, shared by its modules. */
import type { SlackApprovalConfig } from './config.js'

export interface SlackRequest {
  method: string
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>
  rawBody: string
}

export interface SlackResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** What an accepted click leads to; plain data, so it can travel to another invocation. */
export interface Work {
  decision: 'approved' | 'rejected'
  /** The signed button value (verified again where the work runs). */
  value: string
  user: string
  responseUrl: string
}

export interface Handled {
  response: SlackResponse
  work?: Work
}

export interface ApprovalHandler {
  handle: (request: SlackRequest) => Promise<Handled>
  /** Runs accepted work: claim the dispatch, send it, update the message. Never rejects. */
  run: (work: Work) => Promise<void>
  /** A ticket binding work to this handler's key, for work handed to another invocation. */
  ticket: (work: Work) => string
  checkTicket: (work: Work, ticket: string) => boolean
  config: SlackApprovalConfig
  log: { info: (line: string) => void; warning: (line: string) => void }
}
