import { describe, expect, it } from 'vitest';
import { compensationSchema } from '../../src/lib/forms/compensation.ts';
import { parseParts } from '../../src/lib/forms/parts.ts';

describe('what parsed of a refused form', () => {
  const data = {
    employeeType: 'permanent-classified',
    lines: [
      { courseId: 'first-aid-and-cpr-certification', startDate: '2026-10-01', completionDate: '2026-12-15', hours: 'six' },
      { courseId: 'conflict-resolution-for-school-teams', startDate: '2026-10-01', completionDate: '2026-10-20', hours: '6' },
    ],
    paidElsewhere: 'no',
  };
  const result = compensationSchema.safeParse(data);
  if (result.success) throw new Error('the sample must be refused');
  const { parts, failed } = parseParts(compensationSchema, data, result.error);

  it('keeps each field that passed its own schema, and leaves out those that did not', () => {
    expect(parts.employeeType).toBe('permanent-classified');
    expect(parts.paidElsewhere).toBe('no');
    expect('trueAndComplete' in parts).toBe(false);
    expect(failed.has('trueAndComplete')).toBe(true);
  });

  it('keeps every row in its place, with the answers of that row that parsed', () => {
    expect(parts.lines).toHaveLength(2);
    expect(parts.lines![0]).toEqual({ courseId: 'first-aid-and-cpr-certification', startDate: '2026-10-01', completionDate: '2026-12-15' });
    expect(parts.lines![1]).toMatchObject({ completionDate: '2026-10-20', hours: 6 });
    expect(failed.has('lines.0.hours')).toBe(true);
    expect(failed.has('lines.1.hours')).toBe(false);
  });
});
