import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// V8's code cache (Node 22.1+) for the Node processes of the test run: jest's workers, and the bundles
// and the CLI run as users run them (run-action.js and run-cli.js pass it on). The suite starts about
// 300 processes, and much of their start-up is compiling the same code: measured side by side, a
// dispatch through dist/index.js took 0.18-0.19 s of CPU with it and 0.20-0.21 s without, and the unit
// tier 11.8-12.7 s against 13.1-13.6 s. It changes no behaviour, only compile time. A path set
// beforehand wins; NODE_COMPILE_CACHE= (empty) turns it off.
process.env['NODE_COMPILE_CACHE'] ??= join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '.cache', 'node-compile-cache')

/**
 * Three tiers, as jest projects (docs/development.md, "Test layout"):
 *
 *   unit   __tests__/unit/<src folder>/   in-process, mirrors src/; `npm run test:unit` (no bundles needed)
 *   e2e    __tests__/e2e/<front end>/     action, cli, library, slack, broker: the bundles, lib/ and processes
 *   repo   __tests__/repo/                docs, packaging, hygiene, and the test tooling itself (emulator, matchers)
 *
 * `npm test` runs all of them. A test file placed directly in __tests__/ still runs (project `unsorted`)
 * until `node scripts/move-tests.js` files it in its tier.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // swc strips the types and leaves the ES modules as they are; the types are checked once, by
  // `npm run typecheck` (tsc over src/ and __tests__/). ts-jest did no type checking here either
  // (isolatedModules), but loaded TypeScript in every worker: measured on the 2-core machine, the
  // unit files took 29 s of CPU with ts-jest and 19 s with swc, and the whole suite 137 s → 88 s wall.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }]
  },
  // Matchers for every file: toHaveRevokedEveryToken(), toHaveSentNothing() (declared in support/matchers.ts).
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/matchers.ts'],
  testTimeout: 30000
}

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] },
    { ...shared, displayName: 'repo', testMatch: ['<rootDir>/__tests__/repo/**/*.test.ts'] },
    { ...shared, displayName: 'unsorted', testMatch: ['<rootDir>/__tests__/*.test.ts'] }
  ],
  testTimeout: 30000,
  // `npm run test:unit:coverage`: what the unit tier covers of src/ (V8's own coverage: the files are
  // ES modules transformed by swc, which babel's instrumenter does not see).
  collectCoverageFrom: ['<rootDir>/src/**/*.ts', '!<rootDir>/src/bundle-stubs/**'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'text', 'html'],
  // The test files are independent (each starts its own stand-ins on random ports and restores what it
  // changes) and spend most of their time waiting on the bundles they run as child processes and on
  // runs' lifecycles, so more workers than cores keep both cores busy. Measured side by side on the
  // 2-core machine (jest alone, two rounds): 4 workers 78.5 / 71.9 s, 6 workers 71.7 / 63.7 s,
  // 8 workers 58.9 / 57.2 s.
  maxWorkers: 8,
  // How long a worker may take to exit once the run is over before jest kills it and reports it as
  // "failed to exit gracefully" (jest's default: 500 ms). None of ours leaks: after a whole run each
  // worker's 'exit' event comes within 10 ms of jest's request, with no handle left, but the process
  // then needs 400-510 ms to end (its heap, 200-300 MB, and the vm contexts of a dozen test files),
  // eight at once on two cores; measured from jest's side over four full runs. A worker that truly
  // leaks a handle never ends, and is still killed and reported, 3 s later.
  workerGracefulExitTimeout: 3000
}
