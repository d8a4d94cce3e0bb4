import type { StoredSubmission } from '../forms/record.ts';
import { today } from '../program/calendar.ts';
import { historyOf } from '../workflow/act.ts';
import { clearedOnEntry, decisionColumnsFor } from './decision-columns.ts';
import { isStatus, statusLabel } from '../program/routing.ts';
import type { AnyForm } from '../forms/form.ts';
import { formFields, type FormField } from '../forms/walk.ts';
import { attachmentColumns } from './attachments.ts';
import { standingCents } from '../store/submissions.ts';
import { courseOutcomes, outcomesText, withCourses } from '../forms/pre-approval-courses.ts';

/**
 * How a form's submissions look in Airtable, derived from the form's own schema:
 * one table per form, named after it, one column per field, named by its label,
 * so HR reads the same words as the person who filled the form in.
 */
export function tableFor(form: AnyForm): string {
  return `${form.name}s`;
}

export type ColumnType = 'singleLineText' | 'multilineText' | 'number' | 'checkbox' | 'dateTime' | 'date' | 'url' | 'singleSelect' | 'multipleAttachments';

export interface Column {
  name: string;
  type: ColumnType;
  /** The options of a single-select column. */
  choices?: string[];
}

/** The column of each kind of field; course rows and files become text (a file's name; the file itself goes in its attachment column). */
const COLUMN_TYPES: Record<FormField['kind'], ColumnType> = {
  text: 'singleLineText',
  email: 'singleLineText',
  select: 'singleLineText',
  radios: 'singleLineText',
  textarea: 'multilineText',
  repeat: 'multilineText',
  file: 'multilineText',
  number: 'number',
  date: 'date',
  checkbox: 'checkbox',
};

/** The columns every form table has, then the form's own and its files', then those where HR, payroll or the task force decide. */
export function columnsFor(form: AnyForm): Column[] {
  const fixed: Column[] = [
    { name: 'Submission ID', type: 'singleLineText' },
    { name: 'Receipt', type: 'singleLineText' },
    { name: 'Status', type: 'singleLineText' },
    { name: 'Submitted at', type: 'dateTime' },
    { name: 'Summary', type: 'multilineText' },
    { name: 'Employee ID', type: 'singleLineText' },
    { name: 'Claimed hours', type: 'number' },
    { name: 'Fiscal year', type: 'number' },
    { name: 'Refers to', type: 'singleLineText' },
    { name: 'Decided on', type: 'date' },
    { name: 'Decision link', type: 'url' },
    { name: 'Link expires', type: 'date' },
    { name: 'History', type: 'multilineText' },
  ];
  const decisions: Column[] = decisionColumnsFor(form.id);
  const own = [
    ...formFields(form).map((field): Column => ({ name: field.meta.label, type: COLUMN_TYPES[field.kind] })),
    ...(DERIVED[form.id] ?? []).map((d) => d.column),
  ];
  const attached = [...new Set(attachmentColumns(form).map((a) => a.column))].map((name): Column => ({ name, type: 'multipleAttachments' }));
  // A form field labelled like a fixed column (Employee ID) is that column.
  return [...fixed, ...own.filter((c) => !fixed.some((f) => f.name === c.name)), ...attached, ...decisions];
}

/**
 * A stored submission as an Airtable record's fields; files by name only. Their
 * attachment columns are left out, so sending the record again keeps what was
 * uploaded to it (drain.ts sends the files themselves).
 */
export function recordFor(form: AnyForm, stored: StoredSubmission): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    'Submission ID': stored.id,
    Receipt: stored.receipt,
    Status: stored.status,
    'Submitted at': stored.submittedAt,
    Summary: stored.facts.summary,
    'Employee ID': stored.facts.employeeId ?? null,
    'Claimed hours': stored.facts.claim?.hours ?? null,
    'Fiscal year': stored.facts.claim?.fiscalYear ?? stored.facts.reimbursement?.fiscalYear ?? null,
    'Refers to': stored.facts.refersTo ?? null,
    'Decided on': stored.decidedOn ?? null,
    'Decision link': stored.decisionLink?.url ?? null,
    'Link expires': stored.decisionLink?.expiresOn ?? null,
    History: historyOf(stored)
      .map((h) => `${h.on.slice(0, 10)} ${statusLabel(h.status)}, ${h.by}${h.comment ? `: ${h.comment}` : ''}`)
      .join('\n'),
    ...clearedOnEntry(stored.form, stored.status),
  };
  const data = form.id === 'pre-approval' ? withCourses(stored.data) : stored.data;
  for (const field of formFields(form)) {
    const { name, kind, meta } = field;
    const value = data[name];
    if (field.kind === 'repeat') {
      // A row as HR reads it: each answer by its label, then its files.
      const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      fields[meta.label] = rows
        .map((row, i) => {
          const answers = field.fields.filter((f) => f.kind !== 'file' && row[f.name] !== undefined).map((f) => `${f.meta.label}: ${String(row[f.name])}`);
          const files = stored.files.filter((f) => f.field.startsWith(`${name}.${i}.`)).map((f) => `file ${f.name}`);
          return `${field.meta.itemLabel} ${i + 1}: ${[...answers, ...files].join('; ')}`;
        })
        .join('\n');
    } else if (kind === 'file') {
      const files = stored.files.filter((f) => f.field === name || f.field.startsWith(`${name}.`));
      fields[meta.label] = files.map((f) => `${f.name} (${f.type}, ${f.size} bytes)`).join('\n');
    } else if (kind === 'checkbox') {
      fields[meta.label] = value === true;
    } else if (value !== undefined) {
      fields[meta.label] = value;
    }
  }
  for (const d of DERIVED[form.id] ?? []) fields[d.column.name] = d.value(stored);
  return fields;
}

/**
 * Columns worked out from a record rather than asked on its form. A pre-approval is one
 * row however many courses it lists (HR reads a request as the supervisor decided it,
 * and a claim names its course by number): its courses in one text column, and what
 * was decided on each in another, rather than a linked table of course rows.
 */
const DERIVED: Record<string, { column: Column; value(stored: StoredSubmission): unknown }[]> = {
  'pre-approval': [{ column: { name: 'Course decisions', type: 'multilineText' }, value: (stored) => outcomesText(courseOutcomes(stored)) }],
  // What payroll pays: the amount asked, or HR's smaller approved amount.
  reimbursement: [
    {
      column: { name: 'Amount to pay (USD)', type: 'number' },
      value: (stored) => (stored.facts.reimbursement ? standingCents(stored.facts.reimbursement) / 100 : null),
    },
  ],
};

/**
 * An Airtable record read back as a stored submission, for reports and the
 * catalog's ratings when Airtable is the record: the fixed columns and the
 * form's single-valued fields. Course rows and files stay text in Airtable and
 * are not read back; history is not either (the Status column is current).
 * The day it was sent is the day it was in `timeZone`, the district's.
 */
export function submissionFromRecord(form: AnyForm, fields: Record<string, unknown>, timeZone: string): StoredSubmission | null {
  const str = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const num = (name: string) => (typeof fields[name] === 'number' ? (fields[name] as number) : undefined);
  const id = str('Submission ID');
  const receipt = str('Receipt');
  const submittedAt = str('Submitted at');
  if (!id || !receipt || !submittedAt || Number.isNaN(Date.parse(submittedAt))) return null;
  const data: Record<string, unknown> = {};
  for (const { name, kind, meta } of formFields(form)) {
    if (kind === 'repeat' || kind === 'file') continue;
    const value = fields[meta.label];
    if (kind === 'checkbox') data[name] = value === true;
    else if (value !== undefined) data[name] = value;
  }
  const hours = num('Claimed hours');
  const fiscalYear = num('Fiscal year');
  const employeeId = str('Employee ID');
  const refersTo = str('Refers to');
  const decidedOn = str('Decided on');
  const link = str('Decision link');
  const statusText = str('Status');
  const status = statusText && isStatus(statusText) ? statusText : form.initialStatus;
  return {
    id,
    form: form.id,
    receipt,
    status,
    submittedAt: new Date(submittedAt).toISOString(),
    submittedOn: today(new Date(submittedAt), timeZone),
    ...(decidedOn ? { decidedOn } : {}),
    ...(link ? { decisionLink: { step: status, url: link, expiresOn: str('Link expires') ?? '' } } : {}),
    facts: {
      summary: str('Summary') ?? '',
      ...(employeeId ? { employeeId } : {}),
      ...(hours !== undefined && fiscalYear !== undefined ? { claim: { hours, fiscalYear } } : {}),
      ...(form.id === 'reimbursement' ? reimbursementFromRecord(data['amount'], num('Amount to pay (USD)'), fiscalYear) : {}),
      ...(refersTo ? { refersTo } : {}),
    },
    data,
    files: [],
  };
}

/** A reimbursement's amounts read back from its row: what was asked and, when less, what HR approved. */
function reimbursementFromRecord(asked: unknown, toPay: number | undefined, fiscalYear: number | undefined): Pick<StoredSubmission['facts'], 'reimbursement'> {
  if (typeof asked !== 'number' || fiscalYear === undefined) return {};
  const cents = Math.round(asked * 100);
  const approved = toPay === undefined ? cents : Math.round(toPay * 100);
  return { reimbursement: { cents, fiscalYear, ...(approved < cents ? { approvedCents: approved } : {}) } };
}
