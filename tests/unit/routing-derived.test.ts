import { describe, expect, it } from 'vitest';
import { appealable, approvedBy, DECIDED, mainPath, RELEASED, startsAgain } from '../../src/lib/program/routing.ts';

// These facts are read off the routing table; the expectations are the program's own words.
describe('facts read off the routing table', () => {
  it('walk a claim from the supervisor to HR to payroll to paid', () => {
    expect(mainPath('compensation')).toEqual(['with-supervisor', 'with-hr', 'with-payroll', 'paid']);
  });

  it('walk a focus plan from the evaluator to its final conference', () => {
    expect(mainPath('focus-plan')).toEqual(['with-evaluator', 'evaluator-signed', 'active', 'checkpoint-received', 'closed']);
  });

  it('count as payable what HR has approved: with payroll, and paid', () => {
    expect(approvedBy('compensation', 'hr')).toEqual(['with-payroll', 'paid']);
    expect(approvedBy('compensation', 'task-force')).toEqual([]);
  });

  it('give hours back to the cap on a denial or a withdrawal, and on nothing else', () => {
    expect([...RELEASED].sort()).toEqual(['denied', 'withdrawn']);
  });

  it('date a decision when a yes or a no settles a request', () => {
    expect([...DECIDED].sort()).toEqual(['approved', 'denied']);
  });

  it('let a denied pre-approval or claim be appealed, and nothing else', () => {
    expect(appealable('pre-approval', 'denied')).toBe(true);
    expect(appealable('compensation', 'denied')).toBe(true);
    expect(appealable('compensation', 'withdrawn')).toBe(false);
    expect(appealable('appeal', 'upheld')).toBe(false);
  });

  it('start a new request from a denied one or from a plan continued into next year', () => {
    expect(startsAgain('compensation', 'denied')).toBe(true);
    expect(startsAgain('focus-plan', 'continued')).toBe(true);
    expect(startsAgain('focus-plan', 'closed')).toBe(false);
    expect(startsAgain('pre-approval', 'approved')).toBe(false);
  });
});
