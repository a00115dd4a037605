// @ts-check
/**
 * `npm run demo`: runs the committed bundle end to end against the GitHub
 * API emulator on 127.0.0.1, with a throwaway App key generated on the spot:
 * first a plain dispatch, then a dispatch that waits for the run it started
 * and brings its outputs back. For each: the step's log (masked as the runner
 * masks it), what GitHub received, the outputs and the job summary as it
 * would render.
 */
import './require-node.js' // first: one clear line on a Node.js too old
import { GitHubEmulator } from '../emulator/github-emulator.js'
import { runAction } from '../emulator/run-action.js'
import { zipOf } from '../emulator/zip.js'

const gh = new GitHubEmulator({ latencyMs: 20 })
const apiUrl = await gh.start()
const app = gh.createApp({ slug: 'demo-dispatcher' })
gh.install({
  app,
  account: 'octo-org',
  repositories: ['deploy-service'],
  permissions: { contents: 'write', actions: 'read', metadata: 'read' }
})
const outputs = await zipOf({ 'outputs.json': JSON.stringify({ url: 'https://staging.example.com/deploy-service', version: '1.4.2' }) })
gh.addWorkflow('octo-org/deploy-service', {
  file: 'deploy.yml',
  name: 'Deploy',
  types: ['deploy'],
  runName: 'Deploy ${{ github.event.client_payload.distinct_id }}',
  lifecycle: { queuedMs: 1000, runMs: 2500, conclusion: 'success' },
  artifacts: () => [{ name: 'app-dispatch-outputs', zip: outputs }]
})

/** The job summary's HTML as a reader would see it: headings and a text table. @param {string} html */
function renderSummary(html) {
  const text = (/** @type {string} */ s) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
  const lines = []
  for (const heading of html.matchAll(/<h\d>(.*?)<\/h\d>/g)) lines.push(`### ${text(heading[1] ?? '')}`)
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map(row =>
    [...(row[1] ?? '').matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map(c => text(c[1] ?? ''))
  )
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length)))
  rows.forEach((row, index) => {
    lines.push(`| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`)
    if (index === 0) lines.push(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`)
  })
  return lines
}

/** @param {string} title @param {Record<string, string>} inputs */
async function scenario(title, inputs) {
  gh.requests.length = 0
  gh.tokens.clear()
  console.log('')
  console.log(`==== ${title} ====`)
  console.log('$ node dist/index.js   # as the runner runs the step, with these inputs:')
  for (const [name, value] of Object.entries(inputs)) {
    if (name !== 'app-id') console.log(`    ${name}: ${name === 'private-key' ? '<the App key, from a secret>' : value}`)
  }
  const step = await runAction({
    apiUrl,
    inputs: { 'app-id': String(app.id), 'private-key': app.privateKey, ...inputs },
    repository: 'octo-org/build'
  })

  // The log as the runner shows it: ::add-mask:: consumed, masked values as ***.
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
  const polls = gh.requests.filter(r => r.route === 'GET /repos/{owner}/{repo}/actions/runs/{run_id}')
  for (const request of gh.requests.filter(r => !polls.includes(r) || r === polls[0])) {
    const body = request.rawBody ? ` ${request.rawBody}` : ''
    console.log(`  ${request.method} ${request.path}  [${request.auth}] → ${request.status}${body}`)
    if (request === polls[0] && polls.length > 1) {
      console.log(`  … ${polls.length} polls of the run in all, ${polls.filter(p => p.status === 304).length} answered 304 (free)`)
    }
  }
  for (const token of gh.tokens.values()) {
    console.log(
      `  token: repositories ${token.repositories.join(', ')}; permissions ${JSON.stringify(token.permissions)}; revoked: ${token.revoked}`
    )
  }

  console.log('')
  console.log('--- step outputs ---')
  for (const [name, value] of Object.entries(step.outputs)) console.log(`  ${name} = ${value}`)
  console.log('')
  console.log('--- job summary, as it renders ---')
  for (const line of renderSummary(step.summary)) console.log(`  ${line}`)
  return step.code
}

console.log(`GitHub API emulator listening on ${apiUrl}; throwaway App ${app.id} installed on octo-org/deploy-service.`)
const payload = JSON.stringify({ environment: 'staging', version: '1.4.2', requested_by: 'Zoë' })
const plain = await scenario('1. dispatch', { repository: 'octo-org/deploy-service', 'event-type': 'deploy', 'client-payload': payload })
const waited = await scenario('2. dispatch, wait for the run, bring its outputs back', {
  repository: 'octo-org/deploy-service',
  'event-type': 'deploy',
  'client-payload': payload,
  wait: 'true',
  'poll-interval': '1'
})
await gh.stop()
process.exitCode = plain === 0 && waited === 0 ? 0 : 1
