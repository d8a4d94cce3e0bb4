import type { Config } from '@netlify/functions';
import { AirtableClient, airtableConfig } from '../../src/lib/airtable/client.ts';
import { SCHEDULED_BUDGET_MS, SCHEDULED_TIMEOUT_MS } from '../../src/lib/airtable/drain.ts';
import { missingSecrets } from '../../src/lib/http/deployment.ts';
import { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { syncWithAirtable } from '../../src/lib/airtable/sync.ts';

/** Every minute on a deploy: decisions made in Airtable come in, and whatever the forms could not send at once goes out. */
export default async (): Promise<Response> => {
  const missing = missingSecrets();
  if (missing.length) {
    console.error(`drain: refusing to run: ${missing.join(', ')} not set in the site's environment variables.`);
    return new Response('Not set up', { status: 503 });
  }
  const config = airtableConfig();
  if (!config) return new Response('Airtable is not configured; submissions stay in the site store.');
  // A scheduled function may run for 30 s; the budget leaves room to finish the batch in flight.
  const client = new AirtableClient(config, { timeoutMs: SCHEDULED_TIMEOUT_MS });
  const { decisions, sent } = await syncWithAirtable(SubmissionStore.fromEnvironment(), client, { budgetMs: SCHEDULED_BUDGET_MS });
  const report = { ...sent, decisions: decisions && { applied: decisions.applied.length, refused: decisions.refused } };
  console.log('drain', JSON.stringify(report));
  return new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } });
};

export const config: Config = { schedule: '* * * * *' };
