import type { RosterPerson } from '../forms/person.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { Roster, StaffMember } from '../identity/roster.ts';
import { LINKED_STEPS, type Status } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';

/**
 * Who may see and do what, from HR's roster: the requester owns a request, the
 * supervisor or evaluator it names decides their step, and HR's program staff
 * may open everything. Every check keys on the roster's employee IDs, never on
 * what a form said.
 */
export function rosterPerson(roster: Roster, member: StaffMember): RosterPerson {
  const reviewer = (m: StaffMember | undefined) => (m?.active ? { employeeId: m.employeeId, name: m.name, email: m.email } : undefined);
  const supervisor = reviewer(roster.supervisorOf(member));
  const evaluator = reviewer(roster.evaluatorOf(member));
  return {
    employeeId: member.employeeId,
    fullName: member.name,
    email: member.email,
    site: member.site,
    jobTitle: member.jobTitle,
    group: member.group,
    fte: member.fte,
    weeklyHours: member.weeklyHours,
    ...(supervisor ? { supervisor } : {}),
    ...(evaluator ? { evaluator } : {}),
  };
}

export function isHr(program: Program, member: StaffMember): boolean {
  return program.hrStaff.includes(member.employeeId);
}

export function ownsRequest(member: StaffMember, record: StoredSubmission): boolean {
  return record.facts.employeeId !== undefined && record.facts.employeeId === member.employeeId;
}

/** The employee ID of the person a request's current step waits on through a link, when it names one. */
export function addresseeOf(record: StoredSubmission, status: Status = record.status): string | undefined {
  const role = LINKED_STEPS[status];
  if (role === 'supervisor') return record.facts.supervisorId;
  if (role === 'evaluator') return record.facts.evaluatorId;
  return undefined;
}

/** A decision link opens for the person its step was sent to, or for HR. */
export function mayDecide(program: Program, member: StaffMember, record: StoredSubmission, step: Status = record.status): boolean {
  const addressee = addresseeOf(record, step);
  return isHr(program, member) || (addressee !== undefined && addressee === member.employeeId);
}

/** A request's pages open for its requester, the people who decide its steps, and HR. */
export function maySee(program: Program, member: StaffMember, record: StoredSubmission): boolean {
  const { supervisorId, evaluatorId } = record.facts;
  return isHr(program, member) || ownsRequest(member, record) || member.employeeId === supervisorId || member.employeeId === evaluatorId;
}
