import { describe, expect, it } from 'vitest';
import { DECIDED, mainPath, mayResend, RELEASED, resendsTo, transitionFor, waitsOn } from '../../src/lib/program/routing.ts';
import { actionsFor } from '../../src/lib/program/routing.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { decisionForm } from '../../src/lib/workflow/action-forms.ts';
import { config as prefilled } from '../../netlify/functions/form-from.mts';

describe('a request returned for more information', () => {
  it('waits on its requester, who may send it again to the form’s first step', () => {
    expect(waitsOn('returned')).toBe('employee');
    expect(resendsTo('compensation')).toBe('with-supervisor');
    expect(resendsTo('pre-approval')).toBe('with-supervisor');
    expect(resendsTo('focus-plan')).toBe('with-evaluator');
    expect(resendsTo('reimbursement')).toBe('with-supervisor');
    expect(resendsTo('appeal')).toBe('with-task-force');
    expect(resendsTo('focus-plan-checkpoint')).toBeUndefined();
    expect(mayResend('compensation', 'returned')).toBe(true);
    expect(mayResend('compensation', 'denied')).toBe(false);
  });

  it('has its form filled in from it served, for every form a request may be returned on', () => {
    const returnable = FORMS.filter((form) => resendsTo(form.id) !== undefined).map((form) => form.id);
    expect(returnable).toEqual(expect.arrayContaining(['compensation', 'reimbursement', 'appeal']));
    for (const id of returnable) expect([prefilled.path].flat(), id).toEqual(expect.arrayContaining([`/forms/${id}/from`, `/forms/${id}/from/`]));
  });

  it('may be returned by the supervisor, HR and the evaluator at their steps, always with a note', () => {
    for (const [form, from, by] of [
      ['pre-approval', 'with-supervisor', 'supervisor'],
      ['compensation', 'with-supervisor', 'supervisor'],
      ['compensation', 'with-hr', 'hr'],
      ['reimbursement', 'with-supervisor', 'supervisor'],
      ['reimbursement', 'with-hr', 'hr'],
      ['appeal', 'with-task-force', 'task-force'],
      ['focus-plan', 'with-evaluator', 'evaluator'],
    ] as const) {
      expect(transitionFor(form, from, 'return', by)).toMatchObject({ to: 'returned', commentRequired: true });
    }
    expect(transitionFor('compensation', 'with-payroll', 'return', 'payroll')).toBeUndefined();
    expect(transitionFor('reimbursement', 'with-payroll', 'return', 'payroll')).toBeUndefined();
  });

  it('keeps its hours under the cap while it is with its requester, off the main path and undecided', () => {
    expect(transitionFor('compensation', 'returned', 'resend', 'employee')?.to).toBe('with-supervisor');
    expect(RELEASED.has('returned')).toBe(false);
    expect(DECIDED.has('returned')).toBe(false);
    expect(mainPath('compensation')).toEqual(['with-supervisor', 'with-hr', 'with-payroll', 'paid']);
    expect(mainPath('reimbursement')).toEqual(['with-supervisor', 'with-hr', 'with-payroll', 'paid']);
    expect(mainPath('appeal')).toEqual(['with-task-force', 'upheld']);
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
