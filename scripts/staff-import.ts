// HR's staff roster into the site, from a CSV file (README: "Configure the staff roster").
//   npm run staff:import -- roster.csv             import it and print what changed
//   npm run staff:import -- roster.csv --dry-run   print what would change; change nothing
//   npm run staff:import -- roster.csv --force     import even if it deactivates more than a fifth of the active people
// With AIRTABLE_API_KEY and AIRTABLE_BASE_ID: into the Staff table, then the site's snapshot from the table.
// Without: straight into the site's snapshot. The snapshot is the local store `npm start` reads, or the
// deployed site's with NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AirtableClient, airtableConfig, AirtableFailure, spaced } from '../src/lib/airtable/client.ts';
import { AirtableGate } from '../src/lib/airtable/gate.ts';
import { importStaff, refreshRosterSnapshot, STAFF_TABLE } from '../src/lib/airtable/staff.ts';
import { importIntoSnapshot } from '../src/lib/identity/roster-store.ts';
import { describeDiff, formatProblem, parseRosterCsv, TooManyDeactivated, type StaffMember } from '../src/lib/identity/roster.ts';
import { openOperatorStore } from '../src/lib/store/local.ts';
import type { SubmissionStore } from '../src/lib/store/submissions.ts';
import { exitCodeOf } from './missing-secret.ts';

const USAGE = 'Usage: npm run staff:import -- <roster.csv> [--dry-run] [--force]';
/** The import keeps the base from the scheduled run for at most this long (it lets go sooner when done). */
const HOLD_MS = 15 * 60_000;

async function main(args: string[]): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--force');
  if (files.length !== 1 || unknown.length) {
    console.error(unknown.length ? `Unknown option ${unknown.join(', ')}. ${USAGE}` : USAGE);
    return 2;
  }
  const [file] = files as [string];
  const options = { dryRun: flags.has('--dry-run'), force: flags.has('--force') };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const { members, problems } = parseRosterCsv(text);
  if (problems.length) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`${file}: ${problems.length} problem(s); nothing was imported. Fix them and run the import again.`);
    return 1;
  }
  const config = airtableConfig();
  const local = await openOperatorStore();
  try {
    if (config) return await intoAirtable(new AirtableClient(config, { timeoutMs: 30_000 }), local.store, members, options, local.where);
    const diff = await importIntoSnapshot(local.store, members, { now: new Date(), ...options });
    for (const line of describeDiff(diff)) console.log(line);
    console.log(options.dryRun ? 'Dry run: nothing was changed.' : `The roster of ${local.where} now has these ${members.length} people from ${file}.`);
    return 0;
  } finally {
    await local.stop();
  }
}

async function intoAirtable(
  client: AirtableClient,
  store: SubmissionStore,
  members: StaffMember[],
  options: { dryRun: boolean; force: boolean },
  where: string,
): Promise<number> {
  // The scheduled run stands aside while the import uses the base's 5 requests a second.
  const run = `staff-import-${process.pid}`;
  const gate = AirtableGate.of(store);
  const at = await gate.hold(run, Date.now() + HOLD_MS);
  if (at === null) {
    console.error('The scheduled run is sending to Airtable right now; run the import again in a minute.');
    return 1;
  }
  if (at > Date.now()) await sleep(at - Date.now());
  const pace = spaced();
  try {
    const result = await importStaff(client, members, { ...options, pace });
    for (const line of describeDiff(result.diff)) console.log(line);
    for (const p of result.unreadable) console.error(`Left as it is in Airtable (the site cannot read it): ${formatProblem(p)}`);
    if (options.dryRun) {
      console.log('Dry run: nothing was changed.');
      return 0;
    }
    console.log(`Wrote ${result.written} record(s) to "${STAFF_TABLE}".`);
    const refresh = await refreshRosterSnapshot(store, client, new Date(), { pace, force: options.force });
    if (refresh.refused) console.error(refresh.refused);
    console.log(`The roster of ${where}: ${refresh.count} people (a ${refresh.kind} read of ${refresh.read} record(s) from Airtable).`);
    return refresh.refused ? 1 : 0;
  } finally {
    await gate.release(run, Date.now() + 1_000);
  }
}

try {
  process.exitCode = await exitCodeOf(() => main(process.argv.slice(2)));
} catch (error) {
  if (error instanceof TooManyDeactivated) {
    for (const line of describeDiff(error.diff)) console.log(line);
    console.error(error.message);
  } else if (error instanceof AirtableFailure) {
    const hint =
      error.status === 401 || error.status === 403
        ? ' Check AIRTABLE_API_KEY and its scopes.'
        : error.status === 404
          ? ` Check AIRTABLE_BASE_ID, and that the base has the "${STAFF_TABLE}" table (npm run airtable:setup).`
          : error.kind === 'rate-limited'
            ? ' Airtable asks to slow down: run the import again in 30 seconds.'
            : '';
    // Only rows that differ are written, so a second run carries on where this one stopped.
    console.error(`Airtable refused: ${error.message}.${hint} Running the import again finishes what this one started.`);
  } else {
    console.error((error as Error).message);
  }
  process.exitCode = 1;
}
