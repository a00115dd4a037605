// @ts-check
/**
 * `npm run demo`: runs the committed bundle end to end against the GitHub
 * API emulator on 127.0.0.1, with a throwaway App key generated on the spot,
 * and prints what the step logged (masked as the runner masks it), what
 * GitHub received, and the step's outputs.
 */
import { GitHubEmulator } from '../__tests__/support/github-emulator.js'
import { runAction } from '../__tests__/support/run-action.js'

const gh = new GitHubEmulator({ latencyMs: 20 })
const apiUrl = await gh.start()
const app = gh.createApp({ slug: 'demo-dispatcher' })
gh.install({ app, account: 'octo-org', repositories: ['deploy-service'], permissions: { contents: 'write', metadata: 'read' } })

const inputs = {
  'app-id': String(app.id),
  'private-key': app.privateKey,
  repository: 'octo-org/deploy-service',
  'event-type': 'deploy',
  'client-payload': JSON.stringify({ environment: 'staging', version: '1.4.2', sha: 'a1b2c3d', requested_by: 'Zoë' })
}

console.log(`GitHub API emulator listening on ${apiUrl}`)
console.log(`Throwaway App ${app.id} installed on octo-org (repository deploy-service, Contents: write).`)
console.log('')
console.log('$ node dist/index.js   # with these inputs:')
for (const [name, value] of Object.entries(inputs)) {
  console.log(`    ${name}: ${name === 'private-key' ? '<PEM from a secret>' : value}`)
}

const step = await runAction({ apiUrl, inputs, repository: 'octo-org/build' })

// Show the log as the runner would: ::add-mask:: lines consumed, masked values as ***.
const masks = step.masks.filter(Boolean)
const shown = step.stdout
  .split('\n')
  .filter(line => line && !line.startsWith('::add-mask::'))
  .map(line => masks.reduce((text, secret) => text.split(secret).join('***'), line))
console.log('')
console.log(`--- step log (exit code ${step.code}, ${step.durationMs} ms, ${masks.length} values masked) ---`)
for (const line of shown) console.log(`  ${line}`)

console.log('')
console.log('--- what GitHub received ---')
for (const request of gh.requests) {
  const body = request.rawBody ? ` ${request.rawBody}` : ''
  console.log(`  ${request.method} ${request.path}  [${request.auth}] → ${request.status}${body}`)
}
const token = [...gh.tokens.values()][0]
if (token) {
  console.log('')
  console.log(
    `  token scope: repositories ${token.repositories.join(', ')}; permissions ${JSON.stringify(token.permissions)}; revoked: ${token.revoked}`
  )
}

console.log('')
console.log('--- step outputs ---')
for (const [name, value] of Object.entries(step.outputs)) console.log(`  ${name} = ${value}`)

await gh.stop()
process.exitCode = step.code ?? 1
