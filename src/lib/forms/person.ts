import type { EmployeeGroup } from '../program/compensation.ts';
import type { Problem } from '../program/compensation.ts';
import type { AnyForm } from './form.ts';
import { rosterFieldNames } from './walk.ts';

/**
 * The signed-in person as HR's roster describes them, in the terms of the forms.
 * The identity layer (above) builds it from a roster entry; the forms only read it.
 */
export interface Reviewer {
  employeeId: string;
  name: string;
  email: string;
}

export interface RosterPerson {
  employeeId: string;
  fullName: string;
  email: string;
  site: string;
  jobTitle: string;
  group: EmployeeGroup;
  /** What the PD budget is pro-rated by (program/budget.ts); absent where a caller has no roster entry. */
  fte?: number;
  weeklyHours?: number;
  supervisor?: Reviewer;
  evaluator?: Reviewer;
}

/** Every answer the roster gives, by the field name the forms use. */
export function rosterAnswers(person: RosterPerson): Record<string, string> {
  return {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    site: person.site,
    jobTitle: person.jobTitle,
    employeeType: person.group,
    ...(person.supervisor ? { supervisorName: person.supervisor.name, supervisorEmail: person.supervisor.email } : {}),
    ...(person.evaluator ? { evaluatorName: person.evaluator.name, evaluatorEmail: person.evaluator.email } : {}),
  };
}

/**
 * A form's answers with the roster's facts in place of whatever was posted for
 * those fields: what a person typed into them, or forged, never counts.
 */
export function withRosterAnswers(form: AnyForm, body: Record<string, unknown>, person: RosterPerson): Record<string, unknown> {
  const fields = rosterFieldNames(form);
  const answers = rosterAnswers(person);
  const kept = Object.fromEntries(Object.entries(body).filter(([name]) => !fields.has(name)));
  return { ...kept, ...Object.fromEntries([...fields].flatMap((name) => (name in answers ? [[name, answers[name]]] : []))) };
}

/** A request that must go to a supervisor or evaluator the roster does not name has no one to go to. */
export function missingReviewerProblem(form: AnyForm, person: RosterPerson, contact: string): Problem | null {
  const fields = rosterFieldNames(form);
  const missing = fields.has('supervisorEmail') && !person.supervisor ? 'supervisor' : fields.has('evaluatorEmail') && !person.evaluator ? 'evaluator' : null;
  if (!missing) return null;
  return {
    field: '',
    message: `HR’s staff roster names no ${missing} for you, so this request has no one to decide it. Ask ${contact} to add your ${missing}, then send it again.`,
  };
}

/** The facts a stored request keeps about who asked and who decides, keyed on the roster's employee IDs. */
export function peopleFacts(person: RosterPerson): { employeeId: string; supervisorId?: string; evaluatorId?: string } {
  return {
    employeeId: person.employeeId,
    ...(person.supervisor ? { supervisorId: person.supervisor.employeeId } : {}),
    ...(person.evaluator ? { evaluatorId: person.evaluator.employeeId } : {}),
  };
}
