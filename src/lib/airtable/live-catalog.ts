import type { Program } from '../program/settings.ts';
import { AirtableFailure, PENALTY_MS, type AirtableConfig } from './client.ts';
import { AirtableGate } from './gate.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { readAirtableCatalog } from './courses.ts';
import type { CatalogCourse } from '../catalog/files.ts';

/**
 * The catalog the functions check claims against when Airtable holds it: read
 * fresh, kept beside the queue as the last good copy, and that copy used while
 * Airtable cannot answer, so an outage never stops a form from being queued.
 * With a copy at hand, no read goes while a drain run holds the base or a
 * penalty runs: the copy serves until then.
 */
export async function liveAirtableCatalog(
  config: AirtableConfig,
  program: Program,
  store: SubmissionStore,
  read: typeof readAirtableCatalog = readAirtableCatalog,
): Promise<Map<string, CatalogCourse>> {
  const saved = await store.recall<CatalogCourse[]>('airtable-catalog');
  const copy = saved && new Map(saved.map((c) => [c.id, c]));
  if (copy && !(await AirtableGate.of(store).mayRead())) return copy;
  try {
    const fresh = await read(config, program);
    // Best effort: the copy only matters during an outage, and this read has succeeded.
    await store.remember('airtable-catalog', [...fresh.values()]).catch(() => undefined);
    return fresh;
  } catch (error) {
    if (!(error instanceof AirtableFailure)) throw error;
    if (!copy) throw error;
    if (error.kind === 'rate-limited') await AirtableGate.of(store).pause(PENALTY_MS);
    console.warn(`catalog: Airtable did not answer (${error.message}); using the last catalog read`);
    return copy;
  }
}
