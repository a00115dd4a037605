// @ts-check
/**
 * The one poller for tests: resolves with the first truthy value `check`
 * returns, and throws (naming `what`) when none came in time, so a test never
 * goes on as if the event had happened.
 * @template T
 * @param {string} what
 * @param {() => T | Promise<T>} check
 * @param {{ timeoutMs?: number, intervalMs?: number }} [options]
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitUntil(what, check, options = {}) {
  const { timeoutMs = 15_000, intervalMs = 20 } = options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return /** @type {NonNullable<T>} */ (value)
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}
