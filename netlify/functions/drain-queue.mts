import type { Config } from '@netlify/functions';
import { AirtableClient, airtableConfig } from '../../src/lib/store/airtable.ts';
import { drain } from '../../src/lib/store/drain.ts';
import { SubmissionStore } from '../../src/lib/store/submissions.ts';

/** Every minute on a deploy: whatever the forms could not send to Airtable at once goes now. */
export default async (): Promise<Response> => {
  const config = airtableConfig();
  if (!config) return new Response('Airtable is not configured; submissions stay in the site store.');
  // A scheduled function may run for 30 s; leave room to finish the batch in flight.
  const report = await drain(SubmissionStore.fromEnvironment(), new AirtableClient(config), { budgetMs: 20_000 });
  console.log('drain', JSON.stringify(report));
  return new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } });
};

export const config: Config = { schedule: '* * * * *' };
