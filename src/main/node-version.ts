/**
 * Imported first by the CLI's entry: on a Node.js older than 22 (the package's `engines`), one line that
 * says so, and exit 2, instead of whatever breaks first. The action itself runs on the runner's node24.
 * Kept apart from src/util/ so that nothing else is evaluated before it.
 */
const MINIMUM = 22

/** The message for a Node.js too old to run the CLI, or undefined when `version` (e.g. '20.20.2') will do. */
export function tooOldNode(version: string): string | undefined {
  if (Number(version.split('.')[0]) >= MINIMUM) return undefined
  return `app-dispatch: Node.js ${MINIMUM} or later is required, and this is Node.js ${version}. Install Node.js 22 or 24 (for example \`nvm install 24\`), then run it again.`
}

const message = tooOldNode(process.versions.node)
if (message !== undefined) {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}
