import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { EMPLOYEE_GROUPS } from '../../src/lib/program/compensation.ts';
import {
  checkRoster,
  deactivationRefusal,
  describeDiff,
  diffRoster,
  formatProblem,
  loadSampleRoster,
  parseRosterCsv,
  Roster,
  STAFF_COLUMNS,
  withMissingDeactivated,
  type RosterProblem,
  type StaffMember,
} from '../../src/lib/identity/roster.ts';
import { runs } from '../../support/runs.ts';

const HEADER = STAFF_COLUMNS.join(',');

/** A file of the given rows under the standard header. */
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

const ana = '104233,Ana Reyes,ana.reyes@cedarvalley.example,Oak Grove Elementary,Paraeducator,permanent-classified,1.0,40,200101,200101,yes';
const sam = '200101,Sam Lee,sam.lee@cedarvalley.example,Oak Grove Elementary,Principal,management,1.0,40,,,yes';

/** A row of the standard columns, with some cells replaced. */
function row(cells: Partial<Record<(typeof STAFF_COLUMNS)[number], string>>, base = ana): string {
  const values = base.split(',');
  STAFF_COLUMNS.forEach((c, i) => {
    if (cells[c] !== undefined) values[i] = cells[c];
  });
  return values.join(',');
}

const member = (overrides: Partial<StaffMember> = {}): StaffMember => ({
  employeeId: '104233',
  name: 'Ana Reyes',
  email: 'ana.reyes@cedarvalley.example',
  site: 'Oak Grove Elementary',
  jobTitle: 'Paraeducator',
  group: 'permanent-classified',
  fte: 1,
  weeklyHours: 40,
  supervisorId: '200101',
  evaluatorId: '200101',
  active: true,
  ...overrides,
});
// The top of this small tree: nobody above.
const {
  supervisorId: _s,
  evaluatorId: _e,
  ...principal
} = member({
  employeeId: '200101',
  name: 'Sam Lee',
  email: 'sam.lee@cedarvalley.example',
  jobTitle: 'Principal',
  group: 'management',
});

/** The one problem of a file, as HR would read it. */
function onlyProblem(text: string): string {
  const { problems } = parseRosterCsv(text);
  expect(problems.map(formatProblem)).toHaveLength(1);
  return formatProblem(problems[0]!);
}

describe('reading HR’s CSV file', () => {
  it('reads a plain file into members, with numbers as numbers and Active as true or false', () => {
    const { members, problems } = parseRosterCsv(csv(ana, sam));
    expect(problems).toEqual([]);
    expect(members).toEqual([member(), principal]);
  });

  it('takes a byte-order mark, Windows line ends, quoted cells with commas, quotes and line breaks, and spaces around cells', () => {
    const text =
      '\uFEFF' +
      [
        HEADER,
        ` 104233 , "Reyes, Ana" ,ana.reyes@cedarvalley.example,Oak Grove Elementary,"Paraeducator ""Lead""
(mornings)",permanent-classified, 0.5 , 20 ,200101,200101, YES `,
        sam,
      ].join('\r\n') +
      '\r\n';
    const { members, problems } = parseRosterCsv(text);
    expect(problems).toEqual([]);
    expect(members[0]).toEqual(member({ name: 'Reyes, Ana', jobTitle: 'Paraeducator "Lead"\n(mornings)', fte: 0.5, weeklyHours: 20 }));
  });

  it('finds the columns by name in any order and any case, and leaves other columns alone', () => {
    const header = ['Active', 'employee id', 'Phone', ...STAFF_COLUMNS.filter((c) => c !== 'Active' && c !== 'Employee ID').map((c) => c.toUpperCase())];
    const values = [
      'yes',
      '200101',
      '555-0100',
      'Sam Lee',
      'sam.lee@cedarvalley.example',
      'Oak Grove Elementary',
      'Principal',
      'management',
      '1',
      '40',
      '',
      '',
    ];
    const { members, problems } = parseRosterCsv(`${header.join(',')}\n${values.join(',')}\n`);
    expect(problems).toEqual([]);
    expect(members).toEqual([principal]);
  });

  it('names every column the header lacks, on row 1, and reads no one', () => {
    const header = STAFF_COLUMNS.filter((c) => c !== 'Site' && c !== 'FTE').join(',');
    const { members, problems } = parseRosterCsv(`${header}\n1,2,3\n`);
    expect(members).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0]!)).toMatch(/^Row 1: the header lacks "Site", "FTE"/);
  });

  it('says a file with an unclosed quote is not readable as CSV, and where', () => {
    expect(onlyProblem(`${HEADER}\n104233,"Ana Reyes,ana.reyes@cedarvalley.example\n`)).toMatch(
      /not readable as CSV \(line 2 of the file\): a quote \("\) opened in a cell is never closed/,
    );
  });

  it('says a row has more cells than the header when a comma was not quoted, instead of reading cells into the wrong columns', () => {
    const text = csv(sam, ana.replace('Paraeducator', 'Teacher, Science'));
    expect(onlyProblem(text)).toBe('Row 3: has 12 cells where the header has 11: a cell with a comma in it needs quotes around it');
    // Empty cells past the end (a spreadsheet's trailing commas) are nothing.
    expect(parseRosterCsv(csv(sam, `${ana},,`)).problems).toEqual([]);
  });

  it('counts rows as a spreadsheet does: a blank line is a row, a line break inside quotes is not', () => {
    const text = csv(sam, '', row({ Name: '"Ana\nReyes"' }), row({ 'Employee ID': '104234', 'Work email': 'kevin.tran@cedarvalley.example', FTE: 'full' }));
    expect(onlyProblem(text)).toBe('Row 5, FTE "full": write a number from 0 to 1.5, like 1.0 or 0.5');
  });

  it('reads Active as yes/no, true/false, y/n or 1/0 in any case, and refuses anything else or nothing', () => {
    const active = (cell: string) => parseRosterCsv(csv(sam, row({ Active: cell })));
    for (const yes of ['yes', 'YES', 'y', 'true', 'True', '1']) expect(active(yes).members[1]?.active, yes).toBe(true);
    for (const no of ['no', 'No', 'n', 'false', 'FALSE', '0']) expect(active(no).members[1]?.active, no).toBe(false);
    expect(onlyProblem(csv(sam, row({ Active: 'maybe' })))).toBe('Row 3, Active "maybe": write yes or no');
    expect(onlyProblem(csv(sam, row({ Active: '' })))).toBe('Row 3, Active: is empty');
  });

  it('reads FTE and weekly hours as numbers and refuses words, percentages, commas and numbers out of range', () => {
    expect(parseRosterCsv(csv(sam, row({ FTE: '.5', 'Weekly hours': '17.5' }))).members[1]).toMatchObject({ fte: 0.5, weeklyHours: 17.5 });
    expect(onlyProblem(csv(sam, row({ FTE: '50%' })))).toBe('Row 3, FTE "50%": write a number from 0 to 1.5, like 1.0 or 0.5');
    expect(onlyProblem(csv(sam, row({ FTE: '"0,5"' })))).toBe('Row 3, FTE "0,5": write a number from 0 to 1.5, like 1.0 or 0.5');
    expect(onlyProblem(csv(sam, row({ FTE: '2' })))).toBe('Row 3, FTE "2": is above 1.5');
    expect(onlyProblem(csv(sam, row({ 'Weekly hours': '-4' })))).toBe('Row 3, Weekly hours "-4": is below 0');
    expect(onlyProblem(csv(sam, row({ 'Weekly hours': '' })))).toBe('Row 3, Weekly hours: is empty');
  });

  it('takes an empty supervisor or evaluator as none', () => {
    const [, kevin] = parseRosterCsv(csv(sam, row({ 'Supervisor ID': '', 'Evaluator ID': '' }))).members;
    expect(kevin).toBeDefined();
    expect('supervisorId' in kevin! || 'evaluatorId' in kevin!).toBe(false);
  });

  it('reads a group written in capitals, and refuses a group that is not one of the five', () => {
    expect(parseRosterCsv(csv(sam, row({ 'Employee group': 'Certificated' }))).members[1]?.group).toBe('certificated');
    expect(onlyProblem(csv(sam, row({ 'Employee group': 'classified' })))).toBe(
      `Row 3, Employee group "classified": use one of: ${EMPLOYEE_GROUPS.join(', ')}`,
    );
  });

  it('refuses a bad email, naming the row', () => {
    expect(onlyProblem(csv(sam, row({ 'Work email': 'ana.reyes@' })))).toBe('Row 3, Work email "ana.reyes@": is not an email address');
    expect(onlyProblem(csv(sam, row({ 'Work email': '' })))).toBe('Row 3, Work email: is empty');
  });

  it('refuses an employee ID that is not 3 to 20 letters or digits, naming the row and the column', () => {
    for (const id of ['104233-', '10 4233', 'ab', 'x'.repeat(21), '１０４２３３']) {
      expect(onlyProblem(csv(sam, row({ 'Employee ID': id })))).toBe(
        `Row 3, Employee ID "${id}": use 3 to 20 letters or digits, written exactly as HR writes the ID`,
      );
    }
    expect(onlyProblem(csv(sam, row({ 'Supervisor ID': '200-101' })))).toMatch(/^Row 3, Supervisor ID "200-101": use 3 to 20/);
    expect(onlyProblem(csv(sam, row({ 'Employee ID': '' })))).toBe('Row 3, Employee ID: is empty');
  });

  it('refuses a second row with the same employee ID, naming both rows', () => {
    expect(onlyProblem(csv(sam, ana, row({ 'Work email': 'ana.r@cedarvalley.example' })))).toBe('Row 4, Employee ID "104233": is also on row 3');
  });

  it('refuses a second row with the same email in another case, naming both rows', () => {
    expect(onlyProblem(csv(sam, ana, row({ 'Employee ID': '104234', 'Work email': 'Ana.Reyes@CedarValley.example' })))).toBe(
      'Row 4, Work email "Ana.Reyes@CedarValley.example": is also on row 3 (addresses are compared without case)',
    );
  });

  it('refuses a supervisor or an evaluator who is not in the file', () => {
    expect(onlyProblem(csv(sam, row({ 'Supervisor ID': '0200101' })))).toBe('Row 3, Supervisor ID "0200101": no one on the roster has this Employee ID');
    expect(onlyProblem(csv(sam, row({ 'Evaluator ID': '999999' })))).toBe('Row 3, Evaluator ID "999999": no one on the roster has this Employee ID');
  });

  it('refuses a person who supervises or evaluates themselves', () => {
    expect(onlyProblem(csv(sam, row({ 'Supervisor ID': '104233' })))).toBe(
      'Row 3, Supervisor ID "104233": is this person\'s own ID: nobody can supervise themselves',
    );
    expect(onlyProblem(csv(sam, row({ 'Evaluator ID': '104233' })))).toBe(
      'Row 3, Evaluator ID "104233": is this person\'s own ID: nobody can evaluate themselves',
    );
  });

  it('refuses supervisors who go round in a loop and never reach the top', () => {
    const text = csv(
      row({ 'Supervisor ID': '104234', 'Evaluator ID': '' }),
      row({ 'Employee ID': '104234', 'Work email': 'kevin.tran@cedarvalley.example', 'Supervisor ID': '104233', 'Evaluator ID': '' }),
    );
    expect(onlyProblem(text)).toBe('Row 2, Supervisor ID: supervisors go round in a loop: 104233 → 104234 → 104233');
  });

  it('names every problem of a file in one pass, rows refused for one thing checked for the others too', () => {
    const { members, problems } = parseRosterCsv(csv(sam, row({ Name: '', 'Supervisor ID': '104233', 'Evaluator ID': '777' })));
    expect(members).toEqual([principal]);
    expect(problems.map(formatProblem)).toEqual([
      'Row 3, Name: is empty',
      'Row 3, Supervisor ID "104233": is this person\'s own ID: nobody can supervise themselves',
      'Row 3, Evaluator ID "777": no one on the roster has this Employee ID',
    ]);
  });

  it('does not call a supervisor unknown when their own row was refused for something else', () => {
    const { problems } = parseRosterCsv(csv(row({ 'Job title': '' }, sam), ana));
    expect(problems.map(formatProblem)).toEqual(['Row 2, Job title: is empty']);
  });

  it('never throws, whatever the file holds', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('"', '""', ',', '\r\n', '\n', '\uFEFF', 'yes', '104233', 'ana.reyes@cedarvalley.example'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 13 }), { maxLength: 6 }), fc.boolean(), (rows, header) => {
        const text = [...(header ? [HEADER] : []), ...rows.map((r) => r.join(','))].join('\n');
        const { problems, members } = parseRosterCsv(text);
        for (const p of problems) expect(formatProblem(p)).not.toContain('undefined');
        expect(members.length).toBeLessThanOrEqual(rows.length);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('reads back, unchanged, any roster written as CSV by a spreadsheet', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '' && !s.includes('\r'));
    const person = fc.record({
      employeeId: fc.stringMatching(/^[A-Za-z0-9]{3,20}$/),
      name: text,
      site: text,
      jobTitle: text,
      group: fc.constantFrom(...EMPLOYEE_GROUPS),
      fte: fc.constantFrom(0, 0.4375, 0.5, 0.75, 1, 1.5),
      weeklyHours: fc.constantFrom(0, 17.5, 20, 37.5, 40),
      active: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(person, { selector: (p) => p.employeeId, minLength: 1, maxLength: 8 }), fc.boolean(), (people, crlf) => {
        const members: StaffMember[] = people.map((p, i) => ({
          ...p,
          email: `person.${i}@cedarvalley.example`,
          ...(i > 0 ? { supervisorId: people[0]!.employeeId, evaluatorId: people[0]!.employeeId } : {}),
        }));
        const file = stringify(
          [
            [...STAFF_COLUMNS],
            ...members.map((m) => [
              m.employeeId,
              m.name,
              m.email,
              m.site,
              m.jobTitle,
              m.group,
              m.fte,
              m.weeklyHours,
              m.supervisorId ?? '',
              m.evaluatorId ?? '',
              m.active ? 'yes' : 'no',
            ]),
          ],
          { record_delimiter: crlf ? 'windows' : 'unix' },
        );
        expect(parseRosterCsv(file)).toEqual({ members, problems: [] });
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('the roster’s lookups', () => {
  const roster = new Roster([member(), principal]);

  it('compares employee IDs exactly as the roster writes them: zeros, dashes and spaces make another ID', () => {
    expect(roster.byId('104233')?.name).toBe('Ana Reyes');
    for (const other of ['0104233', '00104233', '104233-', ' 104233', '104233 ', '１０４２３３']) expect(roster.byId(other), other).toBeUndefined();
  });

  it('keeps 104233, 0104233 and 00104233 in one file as three different people', () => {
    const rows = ['104233', '0104233', '00104233'].map((id, i) => row({ 'Employee ID': id, 'Work email': `person.${i}@cedarvalley.example` }));
    const { members, problems } = parseRosterCsv(csv(sam, ...rows));
    expect(problems).toEqual([]);
    const file = new Roster(members);
    expect(['104233', '0104233', '00104233'].map((id) => file.byId(id)?.email)).toEqual([
      'person.0@cedarvalley.example',
      'person.1@cedarvalley.example',
      'person.2@cedarvalley.example',
    ]);
  });

  it('finds a person by work email in any case and with spaces around it', () => {
    expect(roster.byEmail('ANA.REYES@CedarValley.Example')?.employeeId).toBe('104233');
    expect(roster.byEmail('  ana.reyes@cedarvalley.example ')?.employeeId).toBe('104233');
    expect(roster.byEmail('ana.reyes@cedarvalley.example.org')).toBeUndefined();
  });

  it('finds supervisors and evaluators by their IDs, and none for the top of the tree', () => {
    expect(roster.supervisorOf(member())?.name).toBe('Sam Lee');
    expect(roster.evaluatorOf(member())?.name).toBe('Sam Lee');
    expect(roster.supervisorOf(principal)).toBeUndefined();
  });

  it('when two people share an address, the active one is found by it', () => {
    const left = member({ employeeId: '104100', active: false });
    expect(new Roster([member(), left]).byEmail('ana.reyes@cedarvalley.example')?.employeeId).toBe('104233');
    expect(new Roster([left, member()]).byEmail('ana.reyes@cedarvalley.example')?.employeeId).toBe('104233');
  });
});

describe('checks across rows, for a roster without rows', () => {
  it('names the employee when there is no row to name', () => {
    const problems: RosterProblem[] = checkRoster([principal, member(), member({ email: 'other@cedarvalley.example' })]);
    expect(problems.map(formatProblem)).toEqual(['Employee 104233, Employee ID "104233": is also on another record']);
    expect(checkRoster([member()]).map(formatProblem)).toEqual([
      'Employee 104233, Supervisor ID "200101": no one on the roster has this Employee ID',
      'Employee 104233, Evaluator ID "200101": no one on the roster has this Employee ID',
    ]);
  });
});

describe('what an import changes', () => {
  const kevin = member({ employeeId: '104234', name: 'Kevin Tran', email: 'kevin.tran@cedarvalley.example', jobTitle: 'Instructional Aide' });
  const linda = member({ employeeId: '104281', name: 'Linda Brooks', email: 'linda.brooks@cedarvalley.example', active: false });

  it('sorts people into added, changed (with the columns), deactivated, reactivated and unchanged', () => {
    const jamie = member({ employeeId: '104290', name: 'Jamie Ortiz', email: 'jamie.ortiz@cedarvalley.example', group: 'substitute-or-temporary' });
    const before = [principal, member(), kevin, linda];
    const after = [principal, member({ site: 'Maple Ridge Middle School', fte: 0.5 }), member({ ...linda, active: true }), jamie];
    const diff = diffRoster(before, after);
    expect(diff.added).toEqual([jamie]);
    expect(diff.changed).toEqual([{ member: after[1], fields: ['Site', 'FTE'] }]);
    // Kevin is missing from the new file: he stays, inactive.
    expect(diff.deactivated).toEqual([{ ...kevin, active: false }]);
    expect(diff.reactivated).toEqual([{ ...linda, active: true }]);
    expect(diff.unchanged).toBe(1);
  });

  it('counts a person switched off in the file as deactivated, and one already inactive and missing as unchanged', () => {
    const diff = diffRoster([principal, member(), linda], [principal, member({ active: false })]);
    expect(diff.deactivated.map((m) => m.employeeId)).toEqual(['104233']);
    expect(diff.changed).toEqual([]);
    expect(diff.unchanged).toBe(2);
  });

  it('sees a change of supervisor, and a supervisor taken away', () => {
    const { evaluatorId: _gone, ...noEvaluator } = member({ supervisorId: '200106' });
    const diff = diffRoster([member()], [noEvaluator]);
    expect(diff.changed[0]?.fields).toEqual(['Supervisor ID', 'Evaluator ID']);
  });

  it('keeps people missing from the new roster, marked inactive', () => {
    expect(withMissingDeactivated([principal, kevin], [principal])).toEqual([principal, { ...kevin, active: false }]);
  });

  it('describes the changes one person a line', () => {
    const diff = diffRoster([principal, member(), kevin], [principal, member({ jobTitle: 'Lead Paraeducator' })]);
    expect(describeDiff(diff)).toEqual([
      'Added: 0',
      'Changed: 1',
      '  104233 Ana Reyes (Lead Paraeducator, Oak Grove Elementary): Job title',
      'Deactivated: 1',
      '  104234 Kevin Tran (Instructional Aide, Oak Grove Elementary)',
      'Reactivated: 0',
      'Unchanged: 1',
    ]);
  });

  it('refuses to deactivate more than a fifth of the active people at once, and says how to go ahead', () => {
    const people = Array.from({ length: 10 }, (_, i) =>
      member({ employeeId: `1000${i}`, email: `p${i}@cedarvalley.example`, supervisorId: '10000', evaluatorId: '10000' }),
    );
    const keep = (n: number) => people.slice(0, people.length - n);
    expect(deactivationRefusal(people, diffRoster(people, keep(2)))).toBeNull();
    const refusal = deactivationRefusal(people, diffRoster(people, keep(3)));
    expect(refusal).toMatch(/would deactivate 3 of the 10 active people \(30%\), more than 20%/);
    expect(refusal).toMatch(/--force/);
    // An empty roster (the first import) has nobody to switch off.
    expect(deactivationRefusal([], diffRoster([], people))).toBeNull();
  });
});

describe('the sample roster', () => {
  const roster = loadSampleRoster();

  it('loads without a problem and has a few dozen people', () => {
    expect(roster.size).toBeGreaterThanOrEqual(30);
  });

  it('has someone in every employee group, part-time people, and someone inactive', () => {
    expect(new Set(roster.members.map((m) => m.group))).toEqual(new Set(EMPLOYEE_GROUPS));
    expect(roster.members.some((m) => m.fte === 0.5 && m.weeklyHours === 20)).toBe(true);
    expect(roster.members.some((m) => !m.active)).toBe(true);
  });

  it('has one person at the top, and every supervisor and evaluator ID is someone on it', () => {
    expect(roster.members.filter((m) => !m.supervisorId).map((m) => m.jobTitle)).toEqual(['Superintendent']);
    for (const m of roster.members) {
      if (m.supervisorId) expect(roster.supervisorOf(m), m.employeeId).toBeDefined();
      if (m.evaluatorId) expect(roster.evaluatorOf(m), m.employeeId).toBeDefined();
    }
  });

  it('has the people other tests rely on, exactly', () => {
    expect(roster.byId('104233')).toEqual(member());
    expect(roster.byId('200101')).toMatchObject({
      name: 'Sam Lee',
      email: 'sam.lee@cedarvalley.example',
      site: 'Oak Grove Elementary',
      jobTitle: 'Principal',
      group: 'management',
      active: true,
    });
    expect(roster.supervisorOf(roster.byId('200101')!)?.jobTitle).toMatch(/Superintendent/);
    expect(roster.byId('104234')).toMatchObject({ name: 'Kevin Tran', group: 'probationary-classified', supervisorId: '200101', evaluatorId: '200101' });
    expect(roster.byId('300412')).toMatchObject({
      name: 'Jordan Ellis',
      site: 'Maple Ridge Middle School',
      group: 'certificated',
      supervisorId: '200106',
      evaluatorId: '200107',
    });
    expect(roster.byId('200106')).toMatchObject({ name: 'Grace Adeyemi', jobTitle: 'Principal', group: 'management' });
    expect(roster.byId('200107')).toMatchObject({ name: 'Priya Shah', jobTitle: 'Assistant Principal', group: 'management' });
    expect(roster.byId('100010')).toMatchObject({
      name: 'Dana Whitfield',
      site: 'District Office',
      jobTitle: 'Professional Development Coordinator',
      group: 'management',
    });
    expect(roster.byId('104281')).toMatchObject({ group: 'permanent-classified', active: false });
    expect(roster.byId('104290')?.group).toBe('substitute-or-temporary');
  });

  it('refuses a file with problems, listing every one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-'));
    try {
      const file = join(dir, 'staff.csv');
      writeFileSync(file, csv(sam, row({ 'Work email': 'ana.reyes@' }), row({ 'Employee ID': '104234', FTE: 'full' })));
      expect(() => loadSampleRoster(file)).toThrow(
        `${file} has 2 problem(s):\n  Row 3, Work email "ana.reyes@": is not an email address\n  Row 4, FTE "full": write a number from 0 to 1.5, like 1.0 or 0.5`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
