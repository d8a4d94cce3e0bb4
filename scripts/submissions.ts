// HR's view of the local queue when no Airtable is configured: list, export CSV, record a decision.
//   npm run submissions                          list every submission
//   npm run submissions -- export [folder]       one CSV per form (default folder: exports/)
//   npm run submissions -- decide RECEIPT STATUS [--on YYYY-MM-DD]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { FORMS } from '../src/lib/forms/registry.ts';
import { today } from '../src/lib/program/calendar.ts';
import { openLocalStore } from '../src/lib/store/local.ts';
import { normaliseReceipt } from '../src/lib/store/receipts.ts';
import type { StoredSubmission } from '../src/lib/store/submissions.ts';

const STATUSES = ['received', 'with-supervisor', 'with-hr', 'with-payroll', 'with-evaluator', 'with-task-force', 'approved', 'denied', 'withdrawn', 'closed'];

/** Nested answers as columns: lines.0.hours, lines.1.hours, ... */
function flatten(value: unknown, prefix: string, out: Record<string, string>): Record<string, string> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out[prefix] = String(value);
  }
  return out;
}

/** A cell that a spreadsheet would run as a formula is written as text. */
const asText = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

function row(record: StoredSubmission): Record<string, string> {
  const cells: Record<string, string> = {
    receipt: record.receipt,
    submittedAt: record.submittedAt,
    status: record.status,
    decidedOn: record.decidedOn ?? '',
    files: record.files.map((f) => `${f.field}: ${f.name} (${f.type}, ${f.size} bytes)`).join('; '),
    ...flatten(record.data, '', {}),
  };
  return Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, asText(v)]));
}

async function main(): Promise<number> {
  const [command = 'list', ...args] = process.argv.slice(2);
  const local = await openLocalStore();
  try {
    if (command === 'list') {
      const all = await local.store.list();
      if (all.length === 0) console.log('No submissions yet. Start the site with `npm start` and send a form.');
      for (const form of FORMS) {
        const records = all.filter((r) => r.form === form.id);
        if (records.length === 0) continue;
        console.log(`\n${form.name} (${records.length})`);
        console.table(records.map((r) => ({ receipt: r.receipt, submitted: r.submittedAt.slice(0, 16).replace('T', ' '), status: r.status, summary: r.facts.summary })));
      }
      return 0;
    }
    if (command === 'export') {
      const folder = args[0] ?? 'exports';
      mkdirSync(folder, { recursive: true });
      for (const form of FORMS) {
        const rows = (await local.store.list(form.id)).map(row);
        const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
        const file = join(folder, `${form.id}.csv`);
        writeFileSync(file, stringify(rows, { header: true, columns: columns.length ? columns : ['receipt'] }));
        console.log(`${file}: ${rows.length} ${rows.length === 1 ? 'submission' : 'submissions'}`);
      }
      return 0;
    }
    if (command === 'decide') {
      const [receipt, status] = args;
      const on = args.includes('--on') ? args[args.indexOf('--on') + 1] : today();
      if (!receipt || !status || !STATUSES.includes(status)) {
        console.error(`Usage: npm run submissions -- decide RECEIPT STATUS [--on YYYY-MM-DD]\nSTATUS is one of: ${STATUSES.join(', ')}`);
        return 2;
      }
      const updated = await local.store.setStatus(normaliseReceipt(receipt), status, on);
      if (!updated) {
        console.error(`No submission has the receipt ${receipt}.`);
        return 1;
      }
      console.log(`${updated.receipt}: ${updated.status}${updated.decidedOn ? ` on ${updated.decidedOn}` : ''}`);
      return 0;
    }
    console.error(`Unknown command "${command}". Use list, export or decide.`);
    return 2;
  } finally {
    await local.stop();
  }
}

process.exitCode = await main();
