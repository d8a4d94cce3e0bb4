// Applies the decisions made in Airtable and sends the queue there, as the scheduled
// function does on a deploy (schedules do not run locally). Needs AIRTABLE_API_KEY and
// AIRTABLE_BASE_ID; works on the local store, or the deployed site's with NETLIFY_SITE_ID
// and NETLIFY_AUTH_TOKEN.
//   npm run drain
import { exitCodeOf } from './missing-secret.ts';
import { AirtableClient, airtableConfig } from '../src/lib/airtable/client.ts';
import { openOperatorStore } from '../src/lib/store/local.ts';
import { syncWithAirtable } from '../src/lib/airtable/sync.ts';
import { loadProgram } from '../src/lib/program/settings.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = airtableConfig();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!config) {
    console.error('Airtable is not configured: set AIRTABLE_API_KEY and AIRTABLE_BASE_ID (and AIRTABLE_ENDPOINT_URL for a stand-in server).');
    return 2;
  }
  const local = await openOperatorStore();
  try {
    const before = (await local.store.pending()).length;
    const { decisions, sent: report } = await syncWithAirtable(local.store, new AirtableClient(config), {
      budgetMs: 10 * 60_000,
      program: loadProgram(),
      deployed: local.deployed,
    });
    if (!decisions) {
      console.error('Another run is sending to Airtable now (the scheduled function, or another npm run drain); try again in a minute.');
      return 1;
    }
    for (const d of decisions.applied) console.log(`${d.receipt}: ${d.action} (decided in Airtable)`);
    for (const r of decisions.refused) console.error(`${r.receipt}: not applied: ${r.message}`);
    console.table([
      {
        queued: before,
        sent: report.synced,
        'still queued': report.left,
        requests: report.requests,
        'files uploaded': report.attached,
        'files linked': report.linked,
        '429s': report.rateLimited,
        'server errors': report.unavailable,
      },
    ]);
    for (const r of report.rejected) console.error(`${r.receipt}: refused by Airtable: ${r.message}`);
    return report.left === 0 ? 0 : 1;
  } finally {
    await local.stop();
  }
}

process.exitCode = await exitCodeOf(main);
