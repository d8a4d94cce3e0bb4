import type { z } from 'zod';
import type { StoredSubmission } from '../store/submissions.ts';
import { metaOf } from './fields.ts';
import type { AnyForm } from './form.ts';

/**
 * How a form's submissions look in Airtable, derived from the form's own schema:
 * one table per form, named after it, one column per field, named by its label,
 * so HR reads the same words as the person who filled the form in.
 */
export function tableFor(form: AnyForm): string {
  return `${form.name}s`;
}

export type ColumnType = 'singleLineText' | 'multilineText' | 'number' | 'checkbox' | 'dateTime' | 'date';

/** The columns every form table has, then the form's own. */
export function columnsFor(form: AnyForm): { name: string; type: ColumnType }[] {
  const fixed: { name: string; type: ColumnType }[] = [
    { name: 'Submission ID', type: 'singleLineText' },
    { name: 'Receipt', type: 'singleLineText' },
    { name: 'Status', type: 'singleLineText' },
    { name: 'Submitted at', type: 'dateTime' },
    { name: 'Summary', type: 'multilineText' },
  ];
  const own = Object.values(form.schema.shape as Record<string, z.ZodType>).flatMap((schema) => {
    const meta = metaOf(schema);
    if (!meta) return [];
    const type: ColumnType =
      meta.kind === 'checkbox' ? 'checkbox' : meta.kind === 'number' ? 'number' : meta.kind === 'date' ? 'date' : meta.kind === 'textarea' || meta.kind === 'repeat' || meta.kind === 'file' ? 'multilineText' : 'singleLineText';
    return [{ name: meta.label, type }];
  });
  return [...fixed, ...own];
}

/** A stored submission as an Airtable record's fields. Files stay in the site's store; Airtable gets their names. */
export function recordFor(form: AnyForm, stored: StoredSubmission): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    'Submission ID': stored.id,
    Receipt: stored.receipt,
    Status: stored.status,
    'Submitted at': stored.submittedAt,
    Summary: stored.facts.summary,
  };
  for (const [name, schema] of Object.entries(form.schema.shape as Record<string, z.ZodType>)) {
    const meta = metaOf(schema);
    if (!meta) continue;
    const value = stored.data[name];
    if (meta.kind === 'repeat') {
      const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      fields[meta.label] = rows
        .map((row, i) => {
          const answers = Object.entries(row).map(([k, v]) => `${k} ${String(v)}`);
          const files = stored.files.filter((f) => f.field.startsWith(`${name}.${i}.`)).map((f) => `file ${f.name}`);
          return `${meta.itemLabel} ${i + 1}: ${[...answers, ...files].join(', ')}`;
        })
        .join('\n');
    } else if (meta.kind === 'file') {
      const files = stored.files.filter((f) => f.field === name || f.field.startsWith(`${name}.`));
      fields[meta.label] = files.map((f) => `${f.name} (${f.type}, ${f.size} bytes)`).join('\n');
    } else if (meta.kind === 'checkbox') {
      fields[meta.label] = value === true;
    } else if (value !== undefined) {
      fields[meta.label] = value;
    }
  }
  return fields;
}
