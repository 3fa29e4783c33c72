// Mutation testing of the rule modules (issue 16). Run with `npm run test:mutation`; it runs outside
// `npm test`. Stryker's tests are the unit specs of these modules (property specs included), run by
// Jest compiled to CommonJS (jest.mutation.config.cjs): no vm-modules, no fresh ESM graph per mutant.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutation.config.cjs',
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  // Reuses earlier results for mutants whose code and covering tests did not change
  // (reports/stryker-incremental.json); `npx stryker run --force` re-runs all.
  incremental: true,
  // Static mutants (module-level tables: label maps, regexes, TRANSITIONS) need every test per
  // mutant, ~10 s each here: 372 of them would take most of an hour on the shared machine. They are
  // reported as Ignored and not counted in the score.
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
    'src/modules/follow-up/working-days.ts',
    'src/modules/scope/access-rules.ts',
  ],
  ignorePatterns: ['/dist', '/reports', '/coverage', '/.stryker-tmp', '/var', '/test-artifacts'],
  concurrency: 2,
  timeoutMS: 30000,
  timeoutFactor: 1.5,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
