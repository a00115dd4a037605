/** Where the core reports progress; each front end supplies its own (the runner's log, stderr, a library caller's logger). */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  /**
   * Lines from outside (a downstream job's log), shown together and folded
   * where the front end can (the action prints a collapsed group). Without
   * it, the title and lines go to `info`.
   */
  group?(title: string, lines: string[]): void
}
