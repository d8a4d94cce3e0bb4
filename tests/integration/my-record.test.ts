import { describe, expect, it } from 'vitest';
import { importCompletions, parseCompletionsCsv } from '../../src/lib/app/completions-import.ts';
import { myRecordHandler } from '../../src/lib/app/record-handler.ts';
import { requestActContext } from '../../src/lib/app/submit.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { myRecord } from '../../src/lib/reports/my-record.ts';
import { catalogCompletion, CompletionStore } from '../../src/lib/store/completions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { compensationAnswers, multipartRequest } from '../../support/submissions.ts';
import { receiptOf, signedInEachTest } from '../support/send.ts';

/**
 * A year of one person's professional learning, sent and decided through the real
 * handlers on Netlify's local Blobs server, and My record's figures against values
 * worked out by hand. Today is 2026-11-24: fiscal year 2026 (July 1, 2026 to June 30, 2027).
 */
const world = signedInEachTest();
const { send } = world;
const LINDA = '104281'; // on the sample roster, no longer active: she left this year

async function approvedClaim(lines: Record<string, unknown>[]): Promise<string> {
  const response = await send(compensation, multipartRequest('/api/forms/compensation', compensationAnswers(lines)));
  expect(response.status).toBe(201);
  const receipt = await receiptOf(response);
  const flow = requestActContext(world.deps);
  expect((await act({ receipt, action: 'approve', by: 'supervisor' }, flow)).ok).toBe(true);
  expect((await act({ receipt, action: 'approve', by: 'hr' }, flow)).ok).toBe(true);
  return receipt;
}

async function importRows(rows: string[], file = 'attendance.csv') {
  const roster = await world.deps.roster();
  const parsed = parseCompletionsCsv(['Employee ID,Course,Provider,Completed on,Hours', ...rows].join('\n'), file, {
    roster,
    catalog: world.deps.catalog,
    today: '2026-11-24',
  });
  return { ...parsed, report: await importCompletions(world.store, world.deps.program, parsed.completions, false) };
}

const anaRecord = async () => myRecord((await world.deps.roster()).byId(STAFF.ana)!, { ...world.deps, now: world.deps.now() });

describe('My record, from a year of requests and completions', () => {
  it('counts an approved claim against the cap, pays it, and lists its course once though the import has it too', async () => {
    const receipt = await approvedClaim([{ courseId: 'paraeducator-academy', startDate: '2026-08-01', completionDate: '2026-09-01', hours: '12' }]);
    // The sign-in sheet of the same course and day: already on the record from the claim.
    const { report } = await importRows(['104233,CV-1801,,2026-09-01,12']);
    expect(report).toMatchObject({ added: [], alreadyRecorded: 1 });

    let record = await anaRecord();
    // 12 of the 18-hour cap claimed, nothing paid yet: 18 - 12 = 6 left.
    expect(record.hours).toEqual({ counted: 12, paid: 0, left: 6, cap: 18 });
    expect(record.transcript).toHaveLength(1);
    expect(record.transcript[0]).toMatchObject({
      title: 'Paraeducator Academy',
      provider: 'Cedar Valley Paraeducator Academy',
      hours: 12,
      clockHours: 12,
      source: 'claim',
      reference: receipt,
    });
    expect(record.requests).toEqual([expect.objectContaining({ receipt, status: 'with-payroll' })]);

    expect((await act({ receipt, action: 'pay', by: 'payroll' }, requestActContext(world.deps))).ok).toBe(true);
    record = await anaRecord();
    expect(record.hours).toEqual({ counted: 12, paid: 12, left: 6, cap: 18 });
    // Paying moved the claim on, and recorded nothing a second time.
    expect(record.transcript).toHaveLength(1);
  });

  it('lists completed incentive courses not yet claimed, with the last day the carry-over window allows', async () => {
    // Completed in fiscal 2025 and 2026; a two-year window: claim by June 30 of 2027 and of 2028.
    await importRows(['104233,Paraeducator Academy,,2026-05-15,6', '104233,paraeducator-academy,,10/05/2026,3']);
    const { unclaimed, hours } = await anaRecord();
    expect(unclaimed).toEqual([
      { title: 'Paraeducator Academy', completedOn: '2026-05-15', hours: 6, claimBy: '2027-06-30' },
      { title: 'Paraeducator Academy', completedOn: '2026-10-05', hours: 3, claimBy: '2028-06-30' },
    ]);
    expect(hours).toEqual({ counted: 0, paid: 0, left: 18, cap: 18 });
  });

  it('says which required trainings are done this year, due, and overdue', async () => {
    await importRows([
      '104233,CV-1102,,2026-10-01,', // Bloodborne Pathogens: done this year
      '104233,Mandated Reporter Training,,2025-09-01,', // last year only: due again by June 30, 2027
    ]);
    const { required } = await anaRecord();
    expect(required.map((r) => [r.title, r.state, r.doneOn ?? r.dueBy])).toEqual([
      ['Bloodborne Pathogens Awareness', 'done', '2026-10-01'],
      ['Cybersecurity Awareness for School Staff', 'overdue', '2027-06-30'],
      ['Mandated Reporter Training', 'due', '2027-06-30'],
      ['Preventing Harassment and Discrimination', 'overdue', '2027-06-30'],
    ]);
  });

  it('records an anonymous exit survey’s course on the person’s record with nothing that leads to the answer', async () => {
    const survey = {
      courseId: 'first-aid-and-cpr-certification',
      satisfaction: '5',
      relevance: '4',
      willUse: '4',
      anonymous: 'yes',
      submissionId: crypto.randomUUID(),
    };
    const response = await send(exitSurvey, survey);
    expect(response.status).toBe(201);
    const receipt = await receiptOf(response);
    const [completion] = await new CompletionStore(world.store.blobStore).ofPerson(STAFF.ana);
    expect(completion).toMatchObject({
      courseId: 'first-aid-and-cpr-certification',
      completedOn: '2026-11-24',
      source: 'exit-survey',
      reference: 'Course exit survey',
    });
    expect(JSON.stringify(completion)).not.toContain(receipt);
    const [stored] = await world.store.list('exit-survey');
    expect(stored!.facts.employeeId).toBeUndefined();
  });

  it('keeps the completions of a person who left mid-year in the year’s list', async () => {
    const { problems } = await importRows([`${LINDA},CV-1102,,2026-08-20,`]);
    expect(problems).toEqual([]);
    const year = await new CompletionStore(world.store.blobStore).inFiscalYear(2026, world.deps.program);
    expect(year.map((c) => [c.employeeId, c.title])).toEqual([[LINDA, 'Bloodborne Pathogens Awareness']]);
  });

  it('shows the figures on the signed-in page and the transcript’s print page, and sends a stranger to sign in', async () => {
    await importRows(['104233,CV-1102,,2026-10-01,']);
    const cookie = await sessionFor(world.deps, STAFF.ana);
    const page = await (await myRecordHandler(as(cookie, new Request('http://localhost/my/record/')), world.deps)).text();
    expect(page).toContain('data-figure="hours-left">18 hours<');
    expect(page).toContain('data-figure="clock-hours">1<');
    expect(page).toContain('href="/my/record/transcript/"');
    const print = await (await myRecordHandler(as(cookie, new Request('http://localhost/my/record/transcript/')), world.deps)).text();
    expect(print).toContain('<dd>Ana Reyes</dd>');
    expect(print).toContain('<dd>104233</dd>');
    expect(print).toContain('<dd>November 24, 2026</dd>');
    expect(print).toContain('Bloodborne Pathogens Awareness');
    const stranger = await myRecordHandler(new Request('http://localhost/my/record/'), world.deps);
    expect(stranger.status).toBe(303);
  });
});

describe('the completions store', () => {
  it('adds to a person’s list of the year written by another instance, and keeps one of the same course and day', async () => {
    const course = world.deps.catalog.get('bloodborne-pathogens-awareness')!;
    const at = (completedOn: string, reference: string) => ({ employeeId: STAFF.ana, completedOn, source: 'import' as const, reference });
    const first = new CompletionStore(world.store.blobStore, world.deps.program);
    const second = new CompletionStore(world.store.blobStore, world.deps.program);
    expect(await first.record(catalogCompletion(course, at('2026-09-01', 'a.csv row 2')))).toBe('added');
    expect(await second.record(catalogCompletion(course, at('2026-10-01', 'b.csv row 2')))).toBe('added');
    expect(await second.record(catalogCompletion(course, at('2026-09-01', 'c.csv row 2')))).toBe('duplicate');
    expect((await first.ofPerson(STAFF.ana)).map((c) => [c.completedOn, c.reference])).toEqual([
      ['2026-09-01', 'a.csv row 2'],
      ['2026-10-01', 'b.csv row 2'],
    ]);
  });
});

describe('the budget on My record', () => {
  it('is the budget helper’s summary of the person for this fiscal year', async () => {
    const deps = testDeps(world.store);
    const { budget } = await myRecord((await deps.roster()).byId(STAFF.ana)!, { ...deps, now: deps.now() });
    // Ana: 1.0 FTE at 40 hours, $600 an FTE, nothing reimbursed yet.
    expect(budget).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 0, left: 600 });
  });
});
