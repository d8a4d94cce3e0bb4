/**
 * How many cases a property test or fuzz loop tries, from one environment variable:
 * - unset (`npm test`): at most `quick` (QUICK_RUNS unless a test's cases are costly),
 *   so the whole suite stays quick;
 * - `TEST_RUNS=full` (`npm run test:full`, CI): each test's full count;
 * - `TEST_RUNS=<n>`: at most n, for a deeper local run without going all the way.
 * Each run draws new random cases (fast-check prints the seed of a failure), so quick
 * runs keep exploring; the full counts are what CI checks on every change.
 */
export const QUICK_RUNS = 200;

export function runs(full: number, quick = QUICK_RUNS, setting: string | undefined = process.env['TEST_RUNS']): number {
  const value = setting?.trim().toLowerCase();
  if (!value) return Math.min(full, quick);
  if (value === 'full') return full;
  const cap = Number(value);
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`TEST_RUNS must be "full" or a whole number of runs, not ${JSON.stringify(setting)}`);
  return Math.min(full, cap);
}
