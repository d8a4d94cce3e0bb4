import { describe, expect, it } from 'vitest';
import { QUICK_RUNS, runs } from '../../support/runs.ts';

describe('how many cases a property test tries (TEST_RUNS)', () => {
  // An empty setting is TEST_RUNS unset (the test passes it, whatever the run's own TEST_RUNS is).
  it('tries a few hundred at most by default, or fewer where a test says its cases are costly', () => {
    expect(runs(10_000, undefined, '')).toBe(QUICK_RUNS);
    expect(runs(10_000, undefined, ' ')).toBe(QUICK_RUNS);
    expect(runs(50, undefined, '')).toBe(50);
    expect(runs(50, 15, '')).toBe(15);
  });

  it('tries the full count under TEST_RUNS=full', () => {
    expect(runs(10_000, undefined, 'full')).toBe(10_000);
    expect(runs(50, 15, ' FULL ')).toBe(50);
  });

  it('tries at most the number TEST_RUNS gives, and never more than the full count', () => {
    expect(runs(10_000, undefined, '1000')).toBe(1_000);
    expect(runs(50, 15, '1000')).toBe(50);
  });

  it('refuses a setting it cannot read rather than running the default silently', () => {
    for (const setting of ['fast', '0', '-5', '2.5']) expect(() => runs(100, undefined, setting)).toThrow(/TEST_RUNS must be "full" or a whole number/);
  });
});
