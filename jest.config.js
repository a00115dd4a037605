/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  },
  testTimeout: 30000,
  // The test files are independent (each starts its own stand-ins on random ports and restores what it
  // changes) and spend most of their time waiting on timers and child processes, not on the CPU. Measured
  // on the 2-core machine, loaded by other jobs: npm test took 263 s with 1 worker (jest's default there),
  // 201 s with 2, 168 s with 4.
  maxWorkers: 4
}
