import { describe, expect, it } from 'vitest';
import { addresseeOf, isHr, mayDecide, maySee, ownsRequest, rosterPerson } from '../../src/lib/app/people.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { withRosterAnswers } from '../../src/lib/forms/person.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { loadSampleRoster } from '../../src/lib/identity/roster.ts';
import { repoProgram } from '../../support/program.ts';

const roster = loadSampleRoster();
const program = repoProgram();
const who = (id: string) => roster.byId(id)!;

const claimOf = (employeeId: string, status: StoredSubmission['status'] = 'with-supervisor'): StoredSubmission => ({
  id: 'x',
  form: 'compensation',
  receipt: 'CR-0000000000',
  status,
  submittedAt: '2026-11-24T18:00:00.000Z',
  submittedOn: '2026-11-24',
  facts: { employeeId, supervisorId: '200101', evaluatorId: '200101', summary: '1 course' },
  data: {},
  files: [],
});

describe('who may see and do what', () => {
  it('lets a request’s pages open for its requester, its supervisor and HR, and no one else', () => {
    const claim = claimOf('104233');
    expect(maySee(program, who('104233'), claim)).toBe(true);
    expect(maySee(program, who('200101'), claim)).toBe(true);
    expect(maySee(program, who('100010'), claim)).toBe(true);
    expect(maySee(program, who('104234'), claim)).toBe(false);
  });

  it('lets a decision be made only by the person the step waits on, or HR: never by the requester', () => {
    const claim = claimOf('104233');
    expect(addresseeOf(claim)).toBe('200101');
    expect(mayDecide(program, who('200101'), claim)).toBe(true);
    expect(mayDecide(program, who('100010'), claim)).toBe(true);
    expect(mayDecide(program, who('104233'), claim)).toBe(false);
    expect(mayDecide(program, who('104234'), claim)).toBe(false);
    // A step no link is for (HR's) names no addressee: only HR.
    expect(mayDecide(program, who('200101'), claimOf('104233', 'with-hr'))).toBe(false);
  });

  it('compares employee IDs exactly as the roster writes them', () => {
    for (const lookalike of ['0104233', '104233-', '00104233', ' 104233']) {
      expect(roster.byId(lookalike)).toBeUndefined();
      expect(ownsRequest(who('104233'), claimOf(lookalike))).toBe(false);
    }
  });

  it('takes HR from program.yaml’s hrStaff, not from a job title', () => {
    expect(isHr(program, who('100010'))).toBe(true);
    expect(isHr(program, who('100003'))).toBe(false);
  });
});

describe('a form’s answers about the person', () => {
  it('are the roster’s, whatever was posted for them', () => {
    const ana = rosterPerson(roster, who('104233'));
    const posted = {
      fullName: 'Someone Else',
      employeeId: '0104233',
      supervisorEmail: 'ana.reyes@cedarvalley.example',
      employeeType: 'permanent-classified',
      lines: [],
    };
    const data = withRosterAnswers(compensation, posted, ana);
    expect(data).toMatchObject({ fullName: 'Ana Reyes', employeeId: '104233', supervisorName: 'Sam Lee', supervisorEmail: 'sam.lee@cedarvalley.example' });
    expect(data['lines']).toEqual([]);
  });

  it('take the employee group from the roster, so a probationary aide cannot declare themselves permanent', () => {
    const kevin = rosterPerson(roster, who('104234'));
    expect(withRosterAnswers(compensation, { employeeType: 'permanent-classified' }, kevin)['employeeType']).toBe('probationary-classified');
  });
});
