// Setup for the mutation run only (jest.mutation.config.cjs): every mutant reruns the property specs
// that cover it, so their fast-check runs are capped here at 25 per property (the normal suite runs
// them in full). Enough to kill a mutant, which breaks a rule for most inputs.
const CAP = 25;
jest.mock('fast-check', () => {
  const real = jest.requireActual('fast-check');
  const assert = (property, params) => real.assert(property, { ...params, numRuns: Math.min(params?.numRuns ?? CAP, CAP) });
  const capped = { ...real, assert };
  return { ...capped, __esModule: true, default: capped };
});
