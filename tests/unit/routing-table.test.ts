import { describe, expect, it } from 'vitest';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { ACTIONS, ROLES, STATUSES, TRANSITIONS, transitionFor, type Status } from '../../src/lib/program/routing.ts';

const FORM_IDS = FORMS.map((f) => f.id);
const ALL_STATUSES = Object.keys(STATUSES) as Status[];
const key = (form: string, from: string, action: string, by: string) => `${form} ${from} ${action} by ${by}`;

describe('the routing table', () => {
  it('refuses every change it does not list, for every form, status, action and role', () => {
    const listed = new Set(TRANSITIONS.map((t) => key(t.form, t.from, t.action, t.by)));
    let refused = 0;
    for (const form of FORM_IDS) {
      for (const status of ALL_STATUSES) {
        for (const action of ACTIONS) {
          for (const by of ROLES) {
            const found = transitionFor(form, status, action, by);
            if (listed.has(key(form, status, action, by))) {
              expect(found, key(form, status, action, by)).toMatchObject({ form, from: status, action, by });
            } else {
              expect(found, key(form, status, action, by)).toBeUndefined();
              refused++;
            }
          }
        }
      }
    }
    expect(refused).toBe(FORM_IDS.length * ALL_STATUSES.length * ACTIONS.length * ROLES.length - TRANSITIONS.length);
  });

  it('refuses forms and statuses it does not know', () => {
    expect(transitionFor('no-such-form', 'with-supervisor', 'approve', 'supervisor')).toBeUndefined();
    expect(transitionFor('pre-approval', 'no-such-status', 'approve', 'supervisor')).toBeUndefined();
    expect(transitionFor('pre-approval', 'with-supervisor', 'no-such-action', 'supervisor')).toBeUndefined();
  });

  it('lists each change once, between statuses it knows, for forms that exist', () => {
    const keys = TRANSITIONS.map((t) => key(t.form, t.from, t.action, t.by));
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of TRANSITIONS) {
      expect(FORM_IDS, key(t.form, t.from, t.action, t.by)).toContain(t.form);
      expect(ALL_STATUSES).toContain(t.from);
      expect(ALL_STATUSES).toContain(t.to);
      expect(t.to, `${key(t.form, t.from, t.action, t.by)} changes nothing`).not.toBe(t.from);
    }
  });
});
