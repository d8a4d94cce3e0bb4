import type { Config } from '@netlify/functions';

/**
 * Once a night: the whole Staff table read again, so rows deleted in Airtable
 * leave the site's roster. The minute's run only reads what changed; a full
 * read of a large district does not fit beside the drain in one run.
 */
export default async (): Promise<Response> => {
  // Loaded when a run starts, not at import: a new instance is ready sooner.
  const [{ AirtableClient, airtableConfig }, { refreshRosterSnapshot }, { SubmissionStore }] = await Promise.all([
    import('../../src/lib/airtable/client.ts'),
    import('../../src/lib/airtable/staff.ts'),
    import('../../src/lib/store/submissions.ts'),
  ]);
  const config = airtableConfig();
  if (!config) return new Response('Airtable is not configured; the roster is the one staff:import wrote.');
  const report = await refreshRosterSnapshot(await SubmissionStore.fromEnvironment(), new AirtableClient(config), new Date(), { mode: 'full' });
  console.log('roster refresh', JSON.stringify(report));
  return new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } });
};

// 10:00 UTC is the small hours across the United States.
export const config: Config = { schedule: '0 10 * * *' };
