// Jest config for mutation testing only (`npm run test:mutation`): the pure rule modules and their
// unit specs compiled to CommonJS by @swc/jest, so no --experimental-vm-modules and no fresh ESM
// module graph per mutant (that took about a minute per mutant). `npm test` keeps the ESM config.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // The specs of the mutated rule modules (stryker.config.mjs `mutate`), property specs included.
  testMatch: [
    '<rootDir>/src/common/{dates,text,csv-formula}*.spec.ts',
    '<rootDir>/src/modules/rectification/{item-lifecycle,item-derived,evidence-sniff}*.spec.ts',
    '<rootDir>/src/modules/follow-up/{follow-up-policy,working-days}*.spec.ts',
    '<rootDir>/src/modules/plans/import/{deadline-text,plan-sheet}*.spec.ts',
    '<rootDir>/src/modules/findings/ledger/*.spec.ts',
    '<rootDir>/src/modules/reports/report-figures*.spec.ts',
    '<rootDir>/src/modules/scope/access-rules*.spec.ts',
  ],
  setupFilesAfterEnv: ['<rootDir>/scripts/jest-mutation-setup.cjs'],
  maxWorkers: 1,
};
