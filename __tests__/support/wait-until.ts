/**
 * The one poller for tests: resolves with the first truthy value `check`
 * returns, and throws (naming `what`) when none came within the time, so a
 * test never goes on as if the event had happened.
 */
export async function waitUntil<T>(
  what: string,
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number } = {}
): Promise<NonNullable<T>> {
  const { timeoutMs = 15_000, intervalMs = 20 } = options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}
