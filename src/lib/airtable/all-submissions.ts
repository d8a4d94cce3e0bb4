import { existsSync } from 'node:fs';
import { submissionFromRecord, tableFor } from './fields.ts';
import type { AnyForm } from '../forms/form.ts';
import { FORMS } from '../forms/registry.ts';
import { AirtableClient, airtableConfig, spaced } from './client.ts';
import { LOCAL_BLOBS_DIR, openLocalStore } from '../store/local.ts';
import type { StoredSubmission } from '../forms/record.ts';

/**
 * Every submission (of some forms), for reports, exports and the catalog's
 * ratings: from Airtable when it is configured (where HR works, so the figures
 * match what they see), else from the site's local store, and none when there is
 * no local store (a fresh clone, a build server): none is made just to read nothing.
 * Airtable keeps the moment each was sent; `timeZone` (the district's) gives its day.
 */
export async function readAllSubmissions(
  timeZone: string,
  env: Record<string, string | undefined> = process.env,
  localDirectory = LOCAL_BLOBS_DIR,
  forms: readonly AnyForm[] = FORMS,
): Promise<{ source: string; submissions: StoredSubmission[] }> {
  const config = airtableConfig(env);
  if (config) {
    const client = new AirtableClient(config, { timeoutMs: 30_000 });
    const submissions: StoredSubmission[] = [];
    // One pace across every table's pages: tables read back to back would pass the limit.
    const pace = spaced();
    for (const form of forms) {
      for (const row of await client.listAll(tableFor(form), { beforeRequest: pace })) {
        const record = submissionFromRecord(form, row.fields, timeZone);
        if (record) submissions.push(record);
      }
    }
    return { source: `Airtable base ${config.baseId}`, submissions: submissions.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)) };
  }
  const source = `the local store (${localDirectory})`;
  if (!existsSync(localDirectory)) return { source, submissions: [] };
  const local = await openLocalStore(localDirectory);
  try {
    const lists = await Promise.all(forms.map((form) => local.store.list(form.id)));
    return { source, submissions: lists.flat().sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)) };
  } finally {
    await local.stop();
  }
}
