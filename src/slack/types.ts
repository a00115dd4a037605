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
  /** Where the click came from (checked again against allowedChannels where the work runs). */
  channel: string
  responseUrl: string
  /** The nonce of the click's claim on the approval: the work runs only for the claim's own holder. */
  claimNonce: string
  /** Epoch seconds when the click was accepted: the approval's expiry is judged then, not when the work runs. */
  clickedAt: number
}

export interface Handled {
  response: SlackResponse
  work?: Work
}

export interface ApprovalHandler {
  handle: (request: SlackRequest) => Promise<Handled>
  /** Runs accepted work: claim the dispatch, send it, update the message. Never rejects. */
  run: (work: Work) => Promise<void>
  /**
   * A ticket for work handed to another invocation: an HMAC under a key only
   * the handler holds (derived from the Slack signing secret, which requesting
   * pipelines never see), expiring within minutes.
   */
  ticket: (work: Work) => string
  /** Whether the ticket is this handler's, for this work, and not expired. */
  checkTicket: (work: Work, ticket: string) => boolean
  config: SlackApprovalConfig
  log: { info: (line: string) => void; warning: (line: string) => void }
}
