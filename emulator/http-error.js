// @ts-check
/** GitHub's refusal as the emulator answers it: a status and a message (plus extra fields) under `documentation_url`. */
export const DOCS = 'https://docs.github.com/rest'

export class HttpError extends Error {
  /** @param {number} status @param {string} message @param {Record<string, unknown>} [extra] */
  constructor(status, message, extra = {}) {
    super(message)
    this.status = status
    this.extra = extra
  }
}
