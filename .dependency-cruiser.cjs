/**
 * The layering the code follows, as lint rules by folder (npm run lint:deps):
 *
 *   main/ (entries) → action/ · cli/ · broker/ · slack/ (front ends) → lib/ (the package's API)
 *     → core/ (dispatch, modes, wait, downstream) → auth/ (App JWT and its signers, tokens)
 *     → github/ (every REST route, advice) → http/ (the request stack: fetch, retries, delivery)
 *     → input/ (raw values → a Plan) → model/ (plan, results, errors, the input table) → util/
 *
 * Each layer imports only layers to its right; a new file is covered by its folder. No cycles.
 */
const layer = name => `^src/${name}/`
const FRONT_ENDS = '^src/(action|cli|slack|broker)/'
const ABOVE_LIB = `${FRONT_ENDS}|^src/main/`
const ABOVE_CORE = `${ABOVE_LIB}|^src/lib/`
const ABOVE_AUTH = `${ABOVE_CORE}|^src/core/`
const ABOVE_GITHUB = `${ABOVE_AUTH}|^src/auth/`
const ABOVE_HTTP = `${ABOVE_GITHUB}|^src/github/`
const ABOVE_INPUT = `${ABOVE_HTTP}|^src/http/`
const ABOVE_MODEL = `${ABOVE_INPUT}|^src/input/`
const ABOVE_UTIL = `${ABOVE_MODEL}|^src/model/`

const below = (name, from, to) => ({ name, severity: 'error', from: { path: from }, to: { path: to } })

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'only-the-action-adapter-uses-actions-core',
      comment: 'Only src/action/ may touch @actions/core: the core stays runner-agnostic.',
      severity: 'error',
      from: { pathNot: layer('action') },
      to: { path: '@actions/core' }
    },
    {
      name: 'every-file-is-in-a-layer',
      comment: 'No module sits in src/ itself: its folder says which layer it belongs to.',
      severity: 'error',
      from: { path: '^src/[^/]+$' },
      to: {}
    },
    below('entries-only-start-a-front-end', layer('main'), '^src/(core|auth|github|http|input|model|util|lib|slack|broker)/'),
    below('library-never-imports-a-front-end', layer('lib'), ABOVE_LIB),
    below('core-never-imports-the-library-or-a-front-end', layer('core'), ABOVE_CORE),
    below('auth-never-imports-the-core-or-above', layer('auth'), ABOVE_AUTH),
    below('github-routes-never-import-auth-or-above', layer('github'), ABOVE_GITHUB),
    below('the-request-stack-never-imports-routes-or-above', layer('http'), ABOVE_HTTP),
    below('inputs-import-only-model-and-util', layer('input'), ABOVE_INPUT),
    below('model-imports-only-util', layer('model'), ABOVE_MODEL),
    below('util-imports-nothing-of-ours', layer('util'), ABOVE_UTIL),
    {
      name: 'front-ends-stay-apart',
      comment: 'The Slack handler does not import the CLI or the action adapter; the CLI may post approvals (slack/).',
      severity: 'error',
      from: { path: layer('slack') },
      to: { path: '^src/(action|cli)/' }
    },
    below('the-action-adapter-stands-alone', layer('action'), '^src/(cli|slack|broker)/'),
    {
      name: 'the-broker-is-its-own-front-end',
      comment: 'The broker may use the Slack handler (approvals); nothing imports the broker but the entries.',
      severity: 'error',
      from: { path: '^src/(action|cli|slack|lib|core|auth|github|http|input|model|util)/' },
      to: { path: layer('broker') }
    },
    below('the-broker-stands-apart-from-the-cli-and-action', layer('broker'), '^src/(action|cli)/')
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js']
    }
  }
}
