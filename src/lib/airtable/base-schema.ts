import { COURSE_COLUMNS, COURSES_TABLE } from './courses.ts';
import { columnsFor, tableFor } from './fields.ts';
import { FORMS } from '../forms/registry.ts';
import { READ_SPACING_MS, spaced, type AirtableClient } from './client.ts';
import { STAFF_FIELDS, STAFF_TABLE } from './staff.ts';

/**
 * Every table and field the site needs in a base, from one definition: the forms'
 * schemas and the course columns. `setup` creates what is missing, `check` reports
 * what is missing or of another type.
 */
export const BASE_TABLES = [
  ...FORMS.map((form) => ({ name: tableFor(form), fields: columnsFor(form) })),
  { name: COURSES_TABLE, fields: [...COURSE_COLUMNS] },
  { name: STAFF_TABLE, fields: [...STAFF_FIELDS] },
];

/** Options Airtable requires when it creates a field of these types. */
function withOptions({ choices, precision, ...field }: { name: string; type: string; choices?: readonly string[] | undefined; precision?: number }) {
  switch (field.type) {
    case 'singleSelect':
    case 'multipleSelects':
      return { ...field, options: { choices: (choices ?? []).map((name) => ({ name })) } };
    case 'number':
      return { ...field, options: { precision: precision ?? 2 } };
    case 'checkbox':
      return { ...field, options: { icon: 'check', color: 'greenBright' } };
    case 'dateTime':
      return { ...field, options: { dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' }, timeZone: 'utc' } };
    case 'date':
      return { ...field, options: { dateFormat: { name: 'iso' } } };
    case 'multipleAttachments':
      // Newest last, as the files were sent.
      return { ...field, options: { isReversed: false } };
    default:
      return field;
  }
}

export interface BaseProblem {
  table: string;
  field?: string;
  problem: 'missing table' | 'missing field' | 'other type' | 'missing choice';
  detail?: string;
}

export async function checkBase(client: AirtableClient): Promise<BaseProblem[]> {
  const existing = new Map((await client.tables()).map((t) => [t.name, new Map(t.fields.map((f) => [f.name, f]))]));
  const problems: BaseProblem[] = [];
  for (const table of BASE_TABLES) {
    const fields = existing.get(table.name);
    if (!fields) {
      problems.push({ table: table.name, problem: 'missing table' });
      continue;
    }
    for (const field of table.fields) {
      const found = fields.get(field.name);
      if (found === undefined) problems.push({ table: table.name, field: field.name, problem: 'missing field' });
      else if (found.type !== field.type)
        problems.push({ table: table.name, field: field.name, problem: 'other type', detail: `is ${found.type}, expected ${field.type}` });
      else {
        // A decision the site reads that HR cannot choose (a base set up before it was offered). Airtable's API adds no choices: HR adds them.
        const lacking = 'choices' in field && found.choices ? (field.choices ?? []).filter((c) => !found.choices!.includes(c)) : [];
        if (lacking.length > 0)
          problems.push({ table: table.name, field: field.name, problem: 'missing choice', detail: `add ${lacking.map((c) => `"${c}"`).join(', ')}` });
      }
    }
  }
  return problems;
}

/** Creates missing tables and fields; never changes or deletes what HR already has. Returns what it did. */
export async function setupBase(client: AirtableClient): Promise<string[]> {
  const done: string[] = [];
  // Up to two requests each; paced under Airtable's 5 requests a second.
  const pace = spaced(2 * READ_SPACING_MS);
  for (const problem of await checkBase(client)) {
    await pace();
    const table = BASE_TABLES.find((t) => t.name === problem.table)!;
    if (problem.problem === 'missing table') {
      await client.createTable(table.name, table.fields.map(withOptions));
      done.push(`created table "${table.name}" with ${table.fields.length} fields`);
    } else if (problem.problem === 'missing field') {
      await client.createField(table.name, withOptions(table.fields.find((f) => f.name === problem.field)!));
      done.push(`created field "${problem.field}" in "${table.name}"`);
    }
  }
  return done;
}
