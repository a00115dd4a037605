// @ts-check
/**
 * Imported first by the development scripts (npm test's pretest, npm run emulator, demo, bench and
 * scripts/slack-click.js): on a Node.js older than the project supports, one line that says so, and
 * exit 1, instead of npm's engine warnings followed by whatever breaks first. The CLI bundle checks the
 * same in src/main/node-version.ts.
 */
import { basename } from 'node:path'

const MINIMUM = 22
const running = process.versions.node
if (Number(running.split('.')[0]) < MINIMUM) {
  console.error(
    `${basename(process.argv[1] ?? 'this script')}: app-dispatch needs Node.js ${MINIMUM} or later, and this is Node.js ${running}. Install Node.js 22 or 24 (for example \`nvm install 24\`), then run it again.`
  )
  process.exit(1)
}
