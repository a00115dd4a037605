/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
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
  testTimeout: 30000,
  // The test files are independent (each starts its own stand-ins on random ports and restores what it
  // changes) and spend most of their time waiting on the bundles they run as child processes and on
  // runs' lifecycles, so more workers than cores keep both cores busy. Measured side by side on the
  // 2-core machine (jest alone, two rounds): 4 workers 78.5 / 71.9 s, 6 workers 71.7 / 63.7 s,
  // 8 workers 58.9 / 57.2 s.
  maxWorkers: 8
}
