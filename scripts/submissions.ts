// HR's view of the local queue when no Airtable is configured: list, export CSV, record a decision.
//   npm run submissions                          list every submission
//   npm run submissions -- export [folder]       one CSV per form (default folder: exports/)
//   npm run submissions -- act RECEIPT ACTION --as ROLE [--by NAME] [--comment TEXT] [--hours N]
//                                                  a step of the routing, as HR, payroll, the task force or anyone else;
//                                                  reduce (fewer hours approved) takes --hours and --comment
//   npm run submissions -- queue ROLE              what waits on a role (supervisor, hr, payroll, task-force, evaluator)
//   npm run submissions -- relink RECEIPT          a new decision link for the step a request waits on
//   npm run submissions -- files RECEIPT [folder]  a request's files, named for what they are (default folder: exports/RECEIPT)
//   npm run submissions -- reindex                 list older requests on their people's records (My record), and put the
//                                                  courses of claims HR approved before completions were kept on them; run once
import { exitCodeOf } from './missing-secret.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileNameFor } from '../src/lib/forms/file-names.ts';
import { formById } from '../src/lib/forms/registry.ts';
import { labelOf } from '../src/lib/forms/walk.ts';
import { join } from 'node:path';
import { FORMS } from '../src/lib/forms/registry.ts';
import { toCsv } from '../src/lib/reports/csv.ts';
import { openOperatorStore } from '../src/lib/store/local.ts';
import { normaliseReceipt } from '../src/lib/forms/receipt-format.ts';
import type { StoredSubmission } from '../src/lib/forms/record.ts';
import type { SubmissionStore } from '../src/lib/store/submissions.ts';
import { act, enteredOn, reissueLink } from '../src/lib/workflow/act.ts';
import { toolActContext } from '../src/lib/app/tool-context.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { formatDate, formatDateTime } from '../src/lib/program/calendar.ts';
import { readCatalog } from '../src/lib/catalog/files.ts';
import { recordClaimCompletions } from '../src/lib/workflow/claim-completions.ts';
import { ACTIONS, ROLES, statusLabel, waitsOn, type Action, type Role } from '../src/lib/program/routing.ts';

// HR's steps tell people as the site's own do: the requester, and the next reviewer with their link.
const flow = (store: SubmissionStore, deployed: boolean) => toolActContext(store, loadProgram(), process.env, deployed);

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

/** Nested answers as columns: lines.0.hours, lines.1.hours, ... */
function flatten(value: unknown, prefix: string, out: Record<string, string>): Record<string, string> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out[prefix] = String(value);
  }
  return out;
}

/** A submission as one CSV row; toCsv makes every cell spreadsheet-safe. */
function row(record: StoredSubmission): Record<string, string> {
  return {
    receipt: record.receipt,
    submittedAt: record.submittedAt,
    status: record.status,
    decidedOn: record.decidedOn ?? '',
    files: record.files.map((f) => `${f.field}: ${f.name} (${f.type}, ${f.size} bytes)`).join('; '),
    ...flatten(record.data, '', {}),
  };
}

/**
 * Writes a request's files into a folder, each under a name safe to open: the
 * detected type's extension, no bidi control or path in it, a course row's file
 * named for its row; a second file of the same name gets a number.
 */
async function writeFiles(store: SubmissionStore, record: StoredSubmission, folder: string): Promise<number> {
  const form = formById(record.form);
  if (!form || record.files.length === 0) {
    console.log(`${record.receipt} has no files.`);
    return 0;
  }
  mkdirSync(folder, { recursive: true });
  const taken = new Set<string>();
  let missing = 0;
  for (const file of record.files) {
    const bytes = await store.file(file);
    if (!bytes) {
      console.error(`${labelOf(form, file.field)}: the file is not in the store`);
      missing++;
      continue;
    }
    const name = fileNameFor(form, file);
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let unique = name;
    for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${stem} (${n})${extension}`;
    taken.add(unique.toLowerCase());
    writeFileSync(join(folder, unique), new Uint8Array(bytes));
    console.log(`${join(folder, unique)}: ${labelOf(form, file.field)}, ${file.type}, ${file.size} bytes`);
  }
  return missing ? 1 : 0;
}

async function main(): Promise<number> {
  const [command = 'list', ...args] = process.argv.slice(2);
  const local = await openOperatorStore();
  try {
    if (command === 'list') {
      const all = await local.store.list();
      if (all.length === 0) console.log('No submissions yet. Start the site with `npm start` and send a form.');
      for (const form of FORMS) {
        const records = all.filter((r) => r.form === form.id);
        if (records.length === 0) continue;
        console.log(`\n${form.name} (${records.length})`);
        console.table(
          records.map((r) => ({
            receipt: r.receipt,
            submitted: formatDateTime(r.submittedAt, loadProgram().timeZone),
            status: statusLabel(r.status),
            summary: r.facts.summary,
          })),
        );
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
        writeFileSync(file, toCsv(columns.length ? columns : ['receipt'], rows));
        console.log(`${file}: ${rows.length} ${rows.length === 1 ? 'submission' : 'submissions'}`);
      }
      return 0;
    }
    if (command === 'act') {
      const [receipt, action] = args;
      const role = option(args, '--as');
      if (!receipt || !action || !(ACTIONS as readonly string[]).includes(action) || !role || !(ROLES as readonly string[]).includes(role)) {
        console.error(
          `Usage: npm run submissions -- act RECEIPT ACTION --as ROLE [--by NAME] [--comment TEXT] [--hours N]\nACTION is one of: ${ACTIONS.join(', ')}\nROLE is one of: ${ROLES.join(', ')}`,
        );
        return 2;
      }
      const by = option(args, '--by');
      const comment = option(args, '--comment');
      const hours = option(args, '--hours');
      const result = await act(
        {
          receipt: normaliseReceipt(receipt),
          action: action as Action,
          by: role as Role,
          ...(by ? { name: by } : {}),
          ...(comment ? { comment } : {}),
          ...(hours !== undefined ? { approvedHours: Number(hours) } : {}),
        },
        flow(local.store, local.deployed),
      );
      if (!result.ok) {
        console.error(result.message);
        return 1;
      }
      console.log(
        `${result.record.receipt}: ${statusLabel(result.record.status)}${result.record.decisionLink ? `\nDecision link: ${result.record.decisionLink.url}` : ''}`,
      );
      if (result.followed) console.log(`${result.followed.receipt}: ${statusLabel(result.followed.status)}`);
      return 0;
    }
    if (command === 'queue') {
      const [role] = args;
      if (!role || !(ROLES as readonly string[]).includes(role)) {
        console.error(`Usage: npm run submissions -- queue ROLE\nROLE is one of: ${ROLES.join(', ')}`);
        return 2;
      }
      const waiting = (await local.store.list()).filter((r) => waitsOn(r.status) === role);
      if (waiting.length === 0) console.log(`Nothing waits on ${role}.`);
      else
        console.table(
          waiting.map((r) => ({
            receipt: r.receipt,
            form: r.form,
            status: statusLabel(r.status),
            since: formatDate(enteredOn(r, loadProgram().timeZone)),
            summary: r.facts.summary,
            link: r.decisionLink?.url ?? '',
          })),
        );
      return 0;
    }
    if (command === 'relink') {
      const [receipt] = args;
      const updated = receipt ? await reissueLink(normaliseReceipt(receipt), flow(local.store, local.deployed)) : null;
      if (!updated?.decisionLink) {
        console.error(receipt ? `${receipt} does not wait on a decision made through a link.` : 'Usage: npm run submissions -- relink RECEIPT');
        return receipt ? 1 : 2;
      }
      console.log(`${updated.receipt}: ${updated.decisionLink.url} (until ${formatDate(updated.decisionLink.expiresOn)})`);
      return 0;
    }
    if (command === 'files') {
      const [receipt, folder] = args;
      const record = receipt ? await local.store.byReceipt(normaliseReceipt(receipt)) : null;
      if (!record) {
        console.error(receipt ? `${receipt}: no such request in ${local.where}.` : 'Usage: npm run submissions -- files RECEIPT [folder]');
        return receipt ? 1 : 2;
      }
      // Awaited here, so the store is still open while the files are read.
      return await writeFiles(local.store, record, folder ?? join('exports', record.receipt));
    }
    if (command === 'reindex') {
      const program = loadProgram();
      const catalog = readCatalog(program);
      let people = 0;
      for (const record of await local.store.list()) {
        if (await local.store.indexUnderPerson(record)) people++;
        await recordClaimCompletions(record, { store: local.store, course: (id) => catalog.get(id), fiscalYearStart: program.fiscalYearStart });
      }
      console.log(`${people} request(s) listed on their people's records in ${local.where}; approved claims' courses are on their transcripts.`);
      return 0;
    }
    console.error(`Unknown command "${command}". Use list, export, act, queue, relink, files or reindex.`);
    return 2;
  } finally {
    await local.stop();
  }
}

process.exitCode = await exitCodeOf(main);
