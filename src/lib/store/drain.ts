import { recordFor, tableFor } from '../forms/airtable-fields.ts';
import { formById } from '../forms/registry.ts';
import { AirtableFailure, MAX_RECORDS_PER_REQUEST, type AirtableClient } from './airtable.ts';
import type { StoredSubmission, SubmissionStore } from './submissions.ts';

/**
 * Moves queued submissions into Airtable within its limits: batches of 10 per
 * table, at most 5 requests a second, a pause of the penalty period after a 429,
 * growing waits after a 5xx or a timeout. A submission leaves the queue only
 * once Airtable has confirmed it; a replay merges on "Submission ID", so it is
 * never stored twice.
 */
export interface DrainOptions {
  requestsPerSecond?: number;
  /** How long to stop after a 429 (Airtable refuses everything for 30 s). */
  penaltyMs?: number;
  /** How long this run may take before it leaves the rest for the next one. */
  budgetMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface DrainReport {
  synced: number;
  left: number;
  requests: number;
  rateLimited: number;
  unavailable: number;
  rejected: { receipt: string; message: string }[];
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function drain(store: SubmissionStore, client: AirtableClient, options: DrainOptions = {}): Promise<DrainReport> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const interval = 1000 / (options.requestsPerSecond ?? 5);
  const penalty = options.penaltyMs ?? 30_000;
  const deadline = now() + (options.budgetMs ?? 50_000);
  const maxBackoff = options.maxBackoffMs ?? 8_000;
  const report: DrainReport = { synced: 0, left: 0, requests: 0, rateLimited: 0, unavailable: 0, rejected: [] };

  const queue = batches(await store.pending());
  let lastRequest = 0;
  let backoff = 250;
  while (queue.length && now() < deadline) {
    const batch = queue[0]!;
    const wait = lastRequest + interval - now();
    if (wait > 0) await sleep(wait);
    lastRequest = now();
    report.requests++;
    try {
      await client.upsert(batch.table, batch.records.map((r) => recordFor(formById(r.form)!, r)));
      const at = new Date(now()).toISOString();
      for (const record of batch.records) await store.markSynced(record, at);
      report.synced += batch.records.length;
      queue.shift();
      backoff = 250;
    } catch (error) {
      if (!(error instanceof AirtableFailure)) throw error;
      if (error.kind === 'rate-limited') {
        report.rateLimited++;
        if (now() + penalty >= deadline) break;
        await sleep(penalty);
      } else if (error.kind === 'unavailable') {
        report.unavailable++;
        if (now() + backoff >= deadline) break;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      } else {
        // Airtable refuses these records as they are (a field it lacks, say): keep them
        // queued for after the base is fixed, and go on with the rest.
        report.rejected.push(...batch.records.map((r) => ({ receipt: r.receipt, message: error.message })));
        queue.shift();
      }
    }
  }
  report.left = queue.reduce((n, b) => n + b.records.length, 0) + report.rejected.length;
  return report;
}

/**
 * The write path's single try, straight after queueing: one request, no waiting.
 * Whatever fails stays queued for the drain.
 */
export async function syncNow(store: SubmissionStore, client: AirtableClient, record: StoredSubmission): Promise<boolean> {
  const form = formById(record.form);
  if (!form || record.syncedAt) return false;
  try {
    await client.upsert(tableFor(form), [recordFor(form, record)]);
    await store.markSynced(record, new Date().toISOString());
    return true;
  } catch (error) {
    if (error instanceof AirtableFailure) return false;
    throw error;
  }
}

function batches(records: StoredSubmission[]): { table: string; records: StoredSubmission[] }[] {
  const byTable = new Map<string, StoredSubmission[]>();
  for (const record of records) {
    const form = formById(record.form);
    if (!form) continue;
    const table = tableFor(form);
    byTable.set(table, [...(byTable.get(table) ?? []), record]);
  }
  const out: { table: string; records: StoredSubmission[] }[] = [];
  for (const [table, list] of byTable) {
    for (let i = 0; i < list.length; i += MAX_RECORDS_PER_REQUEST) out.push({ table, records: list.slice(i, i + MAX_RECORDS_PER_REQUEST) });
  }
  return out;
}
