import { describe, expect, it } from 'vitest';
import { attachmentOf, uploadsMissing } from '../../src/lib/airtable/attachments.ts';
import { columnsFor, recordFor } from '../../src/lib/airtable/fields.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { checkpoint } from '../../src/lib/forms/focus-plan.ts';
import type { StoredFile, StoredSubmission } from '../../src/lib/forms/record.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { formFields } from '../../src/lib/forms/walk.ts';

const file = (field: string, name: string, size = 100): StoredFile => ({ field, key: `file/compensation/x/${field}`, name, type: 'application/pdf', size });

const claim = (files: StoredFile[]): StoredSubmission => ({
  id: 'x',
  form: 'compensation',
  receipt: 'CR-0000000000',
  status: 'with-supervisor',
  submittedAt: '2026-11-24T18:00:00.000Z',
  submittedOn: '2026-11-24',
  facts: { summary: '' },
  data: {},
  files,
});

describe('evidence files as Airtable attachments', () => {
  it('every file field of every form, a course row’s included, has an attachment column in its table', () => {
    for (const form of FORMS) {
      const labels = formFields(form).flatMap((f) =>
        f.kind === 'file' ? [f.meta.label] : f.kind === 'repeat' ? f.fields.filter((i) => i.kind === 'file').map((i) => i.meta.label) : [],
      );
      const attachmentColumns = columnsFor(form).filter((c) => c.type === 'multipleAttachments');
      expect(
        attachmentColumns.map((c) => c.name),
        form.id,
      ).toEqual(labels.map((l) => `${l} (attached)`));
    }
    expect(columnsFor(checkpoint)).toContainEqual({ name: 'Evidence file (attached)', type: 'multipleAttachments' });
  });

  it('a course row’s file goes in one column for every row, named by its row; a form’s own file goes under its own name', () => {
    expect(attachmentOf(compensation, file('lines.1.evidence', 'receipt.pdf'))).toEqual({
      column: 'Evidence of completion (attached)',
      filename: 'Course 2 - receipt.pdf',
    });
    expect(attachmentOf(compensation, file('growthPlan', 'plan\u202Efdp.exe'))).toEqual({
      column: 'Growth-plan-and-record form (attached)',
      filename: 'planfdp.exe.pdf',
    });
    // A PDF named like a web page, with a left-to-right mark and an isolate, is attached as what it is.
    expect(attachmentOf(compensation, file('lines.0.evidence', '\u200Ecertificate\u2067.html'))?.filename).toBe('Course 1 - certificate.html.pdf');
  });

  it('a record sent again leaves its attachment columns alone, so what was uploaded stays', () => {
    const fields = recordFor(compensation, claim([file('growthPlan', 'plan.pdf')]));
    expect(Object.keys(fields).filter((k) => k.endsWith('(attached)'))).toEqual([]);
    expect(fields['Growth-plan-and-record form']).toBe('plan.pdf (application/pdf, 100 bytes)');
  });

  it('a file its record already holds, by name and size in its column, is not sent again', () => {
    const stored = claim([file('lines.0.evidence', 'a.pdf', 10), file('lines.1.evidence', 'a.pdf', 10), file('growthPlan', 'plan.pdf', 20)]);
    const held = { 'Evidence of completion (attached)': [{ id: 'att1', url: 'x', filename: 'Course 1 - a.pdf', size: 10, type: 'application/pdf' }] };
    expect(uploadsMissing(compensation, stored, held).map((u) => u.filename)).toEqual(['Course 2 - a.pdf', 'plan.pdf']);
    // The same name with another size is another file: someone replaced it in Airtable, or it is not ours.
    const replaced = { 'Growth-plan-and-record form (attached)': [{ id: 'att2', url: 'x', filename: 'plan.pdf', size: 19 }] };
    expect(uploadsMissing(compensation, stored, replaced).map((u) => u.filename)).toContain('plan.pdf');
    expect(uploadsMissing(compensation, claim([]), {})).toEqual([]);
  });
});
