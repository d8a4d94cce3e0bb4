import type { Program } from '../program/settings.ts';
import { AirtableFailure, type AirtableConfig } from '../store/airtable.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { readAirtableCatalog } from './airtable-courses.ts';
import type { CatalogCourse } from './lookup.ts';

/**
 * The catalog the functions check claims against when Airtable holds it: read
 * fresh, kept beside the queue as the last good copy, and that copy used while
 * Airtable cannot answer, so an outage never stops a form from being queued.
 */
export async function liveAirtableCatalog(
  config: AirtableConfig,
  program: Program,
  store: SubmissionStore,
  read: typeof readAirtableCatalog = readAirtableCatalog,
): Promise<Map<string, CatalogCourse>> {
  try {
    const fresh = await read(config, program);
    // Best effort: the copy only matters during an outage, and this read has succeeded.
    await store.remember('airtable-catalog', [...fresh.values()]).catch(() => undefined);
    return fresh;
  } catch (error) {
    if (!(error instanceof AirtableFailure)) throw error;
    const last = await store.recall<CatalogCourse[]>('airtable-catalog');
    if (!last) throw error;
    console.warn(`catalog: Airtable did not answer (${error.message}); using the last catalog read`);
    return new Map(last.map((c) => [c.id, c]));
  }
}
