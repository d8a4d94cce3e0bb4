import { join, resolve } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { beforeEach, describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { catalogLine, compensationAnswers, formRequest, multipartRequest, pdf } from '../../support/submissions.ts';
import { errorsOf, signedInEachTest } from '../support/send.ts';

const world = signedInEachTest();
const { send } = world;
let store: SubmissionStore;
beforeEach(() => ({ store } = world));

const claim = (lines: Record<string, unknown>[], accept = 'application/json') =>
  send(compensation, multipartRequest('/api/forms/compensation', compensationAnswers(lines), accept));

describe('where a claimed course is from: one choice, and only its answers are read', () => {
  it('a course of the list is claimed as one, a receipt left in the other branch neither refused nor kept', async () => {
    const response = await claim([{ ...catalogLine('first-aid-and-cpr-certification', 6), source: 'catalog', preApprovalReceipt: 'PA-NOTAREAL00' }]);
    expect(response.status).toBe(201);
    const [stored] = await store.list();
    expect(stored!.data['lines']).toEqual([expect.not.objectContaining({ preApprovalReceipt: expect.anything() })]);
    expect(stored!.data['lines']).toEqual([expect.objectContaining({ source: 'catalog', courseId: 'first-aid-and-cpr-certification' })]);
    expect(stored!.facts.claim?.items).toEqual(['course:first-aid-and-cpr-certification:2026-10-20']);
  });

  it('a course pre-approved for the person is checked for its receipt and evidence alone, a course chosen from the list in the other branch ignored', async () => {
    const { courseId, ...dates } = catalogLine('first-aid-and-cpr-certification', 6);
    const errors = await errorsOf(await claim([{ ...dates, source: 'receipt', courseId }]));
    expect(errors.filter((e) => e.field.startsWith('lines.0.'))).toEqual([
      { field: 'lines.0.preApprovalReceipt', message: 'Course 1: enter the pre-approval receipt' },
    ]);
  });

  it('a course not on the list is refused at the choice, saying to ask for pre-approval first', async () => {
    const { courseId: _course, ...dates } = catalogLine('first-aid-and-cpr-certification', 6);
    const errors = await errorsOf(await claim([{ ...dates, source: 'other', evidence: pdf() }]));
    expect(errors).toContainEqual({
      field: 'lines.0.source',
      message: 'Course 1: a course not on the list is paid only with an approved pre-approval request: send one first, then claim the course with its receipt',
    });
  });

  it('a row with no choice is refused at the choice, unless its answers show where it is from (as a program sending JSON has them)', async () => {
    const { courseId: _course, ...dates } = catalogLine('first-aid-and-cpr-certification', 6);
    expect(await errorsOf(await claim([dates]))).toContainEqual({ field: 'lines.0.source', message: 'Course 1: choose where the course is from' });
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)])).status).toBe(201);
  });
});

describe('"Add another course" without JavaScript', () => {
  const addRow = (fields: Record<string, unknown>) => send(compensation, formRequest('/api/forms/compensation', fields));

  it('answers with the form one row longer, the answers kept, no errors and nothing stored', async () => {
    const response = await addRow({ ...compensationAnswers([{ source: 'catalog', hours: '7' }]), 'add-row': 'lines' });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page.match(/data-repeat-item/g)).toHaveLength(2);
    expect(page).toContain('name="lines[0][hours]" value="7"');
    expect(page).toMatch(/id="f-lines-0-source" name="lines\[0\]\[source\]" value="catalog" checked/);
    expect(page).toContain('name="lines[1][hours]" value=""');
    expect(page).not.toContain('class="error-summary');
    expect(page).not.toContain('error-message');
    // Scrolled to the new row: the button's address names it.
    expect(page).toContain('formaction="/api/forms/compensation#f-lines-2"');
    expect(await store.list()).toEqual([]);
    // Valid HTML, by the repository's .htmlvalidate.json, as every page the functions answer.
    const report = await new HtmlValidate(new FileSystemConfigLoader()).validateString(
      page,
      join(resolve(import.meta.dirname, '../..'), 'function-pages', 'add-row.html'),
    );
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (${m.selector ?? ''})`))).toEqual([]);
  });

  it('a button naming something that is not a repeated group sends the form as usual', async () => {
    const response = await addRow({ ...compensationAnswers([{ source: 'catalog', hours: '7' }]), 'add-row': 'fullName' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('class="error-summary');
  });
});
