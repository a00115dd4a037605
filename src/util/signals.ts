/**
 * An AbortSignal that fires on SIGINT or SIGTERM: a cancelled workflow (the
 * runner sends SIGINT, then SIGTERM) or Ctrl-C. The core then stops sending
 * and waiting, and still revokes every token.
 */
export function cancelOnSignals(onCancel: (signal: NodeJS.Signals) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const handler = (signal: NodeJS.Signals): void => {
    onCancel(signal)
    controller.abort()
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  }
}
