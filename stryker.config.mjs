// Mutation testing of the rule modules (issue 16). Run with `npm run test:mutation`; it runs outside
// `npm test`. Only the fast pure unit specs (src/**/*.spec.ts, property specs excluded for time) are
// Stryker's tests: the rules below are pure and those specs are where they are pinned.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  plugins: ['@stryker-mutator/jest-runner'],
  jest: {
    projectType: 'custom',
    configFile: 'package.json',
    config: {
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.property\\.spec\\.ts$'],
      maxWorkers: 1,
    },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  // Module-level tables (TRANSITIONS, regexes) mutated statically need a fresh module graph per
  // mutant under ESM Jest: that took minutes per mutant on the shared 2-core machine.
  ignoreStatic: true,
  mutate: [
    'src/modules/rectification/item-lifecycle.ts',
    'src/modules/rectification/item-derived.ts',
    'src/modules/rectification/evidence-sniff.ts',
    'src/common/dates.ts',
    'src/modules/follow-up/follow-up-policy.ts',
    'src/modules/plans/import/deadline-text.ts',
    'src/modules/plans/import/plan-sheet.parser.ts',
    'src/modules/findings/ledger/ledger-sheet.parser.ts',
    'src/modules/reports/report-figures.ts',
  ],
  ignorePatterns: ['dist', 'reports', 'coverage', '.stryker-tmp'],
  concurrency: 2,
  timeoutMS: 60000,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
