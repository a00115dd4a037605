/**
 * The layering the code follows, as lint rules (npm run lint:deps):
 * front ends (action, CLI, Slack) → library (lib.ts) → core (dispatch, modes,
 * wait, downstream) → GitHub client (github/); shared leaves (plan, inputs,
 * input-model, inert, errors, …) import nothing above them; no cycles.
 */
const FRONT_ENDS = '^src/(action|index|cli)\\.ts$|^src/cli/|^src/slack/'
const LIBRARY = '^src/lib\\.ts$'
const CORE = '^src/(dispatch|dispatch-call|target-run|targets)\\.ts$|^src/(modes|wait|downstream)/'
const GITHUB = '^src/github/'

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'only-the-action-adapter-uses-actions-core',
      comment: 'Only src/action.ts may touch @actions/core: the core stays runner-agnostic.',
      severity: 'error',
      from: { pathNot: '^src/action\\.ts$' },
      to: { path: '@actions/core' }
    },
    {
      name: 'core-never-imports-a-front-end-or-the-library',
      severity: 'error',
      from: { path: CORE },
      to: { path: `${FRONT_ENDS}|${LIBRARY}` }
    },
    {
      name: 'library-never-imports-a-front-end',
      severity: 'error',
      from: { path: LIBRARY },
      to: { path: FRONT_ENDS }
    },
    {
      name: 'github-client-never-imports-the-core-or-above',
      severity: 'error',
      from: { path: GITHUB },
      to: { path: `${CORE}|${FRONT_ENDS}|${LIBRARY}` }
    },
    {
      name: 'shared-leaves-import-nothing-above-them',
      severity: 'error',
      from: {
        path: '^src/(plan|inputs|input-parsers|json-input|input-model|inert|errors|private-key|app-key|report|result|sleep|cancel|version)\\.ts$'
      },
      to: { path: `${CORE}|${FRONT_ENDS}|${LIBRARY}|${GITHUB}` }
    },
    {
      name: 'front-ends-stay-apart',
      comment: 'The CLI and the Slack handler do not import each other or the action adapter, except the CLI posting approvals.',
      severity: 'error',
      from: { path: '^src/slack/' },
      to: { path: '^src/(action|cli)' }
    }
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
