// @ts-check
/**
 * The Slack stand-in (emulator/slack-standin.js, which `npm run emulator`
 * runs too), with the tests' wait for the handler's replies.
 */
import { SlackStandIn as LocalSlack } from '../../emulator/slack-standin.js'
import { waitUntil } from './wait-until.js'

export class SlackStandIn extends LocalSlack {
  /** Resolves once `count` replies have arrived; throws if they do not within `timeoutMs`. @param {number} count @param {number} [timeoutMs] */
  async waitForReplies(count, timeoutMs = 15_000) {
    await waitUntil(`${count} replies to the response_url`, () => this.replies.length >= count, { timeoutMs })
    return this.replies
  }
}
