import { describe, expect, it } from 'vitest';
import { DECIDED, mainPath, mayResend, RELEASED, resendsTo, transitionFor, waitsOn } from '../../src/lib/program/routing.ts';
import { actionsFor } from '../../src/lib/program/routing.ts';
import { decisionForm } from '../../src/lib/workflow/action-forms.ts';

describe('a request returned for more information', () => {
  it('waits on its requester, who may send it again to the form’s first step', () => {
    expect(waitsOn('returned')).toBe('employee');
    expect(resendsTo('compensation')).toBe('with-supervisor');
    expect(resendsTo('pre-approval')).toBe('with-supervisor');
    expect(resendsTo('focus-plan')).toBe('with-evaluator');
    expect(resendsTo('appeal')).toBeUndefined();
    expect(mayResend('compensation', 'returned')).toBe(true);
    expect(mayResend('compensation', 'denied')).toBe(false);
  });

  it('may be returned by the supervisor, HR and the evaluator at their steps, always with a note', () => {
    for (const [form, from, by] of [
      ['pre-approval', 'with-supervisor', 'supervisor'],
      ['compensation', 'with-supervisor', 'supervisor'],
      ['compensation', 'with-hr', 'hr'],
      ['focus-plan', 'with-evaluator', 'evaluator'],
    ] as const) {
      expect(transitionFor(form, from, 'return', by)).toMatchObject({ to: 'returned', commentRequired: true });
    }
    expect(transitionFor('compensation', 'with-payroll', 'return', 'payroll')).toBeUndefined();
  });

  it('keeps its hours under the cap while it is with its requester, off the main path and undecided', () => {
    expect(transitionFor('compensation', 'returned', 'resend', 'employee')?.to).toBe('with-supervisor');
    expect(RELEASED.has('returned')).toBe(false);
    expect(DECIDED.has('returned')).toBe(false);
    expect(mainPath('compensation')).toEqual(['with-supervisor', 'with-hr', 'with-payroll', 'paid']);
    expect(mainPath('focus-plan')).toEqual(['with-evaluator', 'evaluator-signed', 'active', 'checkpoint-received', 'closed']);
  });

  it('is offered on the supervisor’s decision form, whose comment is required for it', () => {
    const { form, actions } = decisionForm(actionsFor('compensation', 'with-supervisor', 'supervisor'));
    expect(actions).toContain('return');
    const missing = form.schema.safeParse({ decision: 'return' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.message).toContain('what to change or add');
    expect(form.schema.safeParse({ decision: 'return', comment: 'Which weeks?' }).success).toBe(true);
  });
});

describe('fewer hours approved', () => {
  it('is HR’s, at its step, to payroll, with a reason', () => {
    expect(transitionFor('compensation', 'with-hr', 'reduce', 'hr')).toMatchObject({ to: 'with-payroll', commentRequired: true });
    expect(transitionFor('compensation', 'with-supervisor', 'reduce', 'supervisor')).toBeUndefined();
  });
});
