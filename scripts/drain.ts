// Sends the local queue to Airtable, as the scheduled function does on a deploy
// (schedules do not run locally). Needs AIRTABLE_API_KEY and AIRTABLE_BASE_ID.
//   npm run drain
import { AirtableClient, airtableConfig } from '../src/lib/store/airtable.ts';
import { drain } from '../src/lib/store/drain.ts';
import { openLocalStore } from '../src/lib/store/local.ts';

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
  const local = await openLocalStore();
  try {
    const before = (await local.store.pending()).length;
    const report = await drain(local.store, new AirtableClient(config), { budgetMs: 10 * 60_000 });
    console.table([{ queued: before, sent: report.synced, 'still queued': report.left, requests: report.requests, '429s': report.rateLimited, 'server errors': report.unavailable }]);
    for (const r of report.rejected) console.error(`${r.receipt}: refused by Airtable: ${r.message}`);
    return report.left === 0 ? 0 : 1;
  } finally {
    await local.stop();
  }
}

process.exitCode = await main();
