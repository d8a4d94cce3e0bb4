import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { recordFor, tableFor } from './fields.ts';
import { formById } from '../forms/registry.ts';
import { AirtableFailure, MAX_RECORDS_PER_REQUEST, type AirtableClient, type AirtableRecord } from './client.ts';
import { AirtableGate } from './gate.ts';
import { attachMissing, uploadsMissing } from './attachments.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/**
 * Moves queued submissions into Airtable within its limits: batches of 10 per
 * table, at most 5 requests a second, a pause of the penalty period after a 429,
 * growing waits after a 5xx or a timeout. A run holds the base (airtable-gate.ts)
 * so the write path's single tries stay out of its way, and takes in what
 * arrives meanwhile until its budget is spent. A submission's files follow its
 * record, one request each in the same pace (attachments.ts). A submission leaves
 * the queue only once Airtable has confirmed it and holds every file; a replay
 * merges on "Submission ID" and sends only the files the record lacks, so nothing
 * is stored twice.
 */
export interface DrainOptions {
  requestsPerSecond?: number;
  /** How long to stop after a 429; the client's penaltyMs unless given (Airtable refuses everything for 30 s). */
  penaltyMs?: number;
  /** How long this run may take before it leaves the rest for the next one. */
  budgetMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /**
   * Reads the run makes before it sends (HR's decisions), inside its hold of the
   * base and its pace: `pace` is awaited before each request. A failure it
   * returns is handled as the run's own (a 429 pauses everyone).
   */
  beforeSending?: (pace: () => Promise<void>) => Promise<AirtableFailure | undefined>;
}

export interface DrainReport {
  synced: number;
  /** Files uploaded to their records' attachment columns. */
  attached: number;
  left: number;
  requests: number;
  rateLimited: number;
  unavailable: number;
  rejected: { receipt: string; message: string }[];
}

/**
 * A scheduled run (drain-queue.mts): Netlify ends a scheduled function at 30 s, so
 * 22 s of sending, the request in flight at the deadline with its 5 s timeout, and
 * that batch's marks stay under it.
 */
export const SCHEDULED_BUDGET_MS = 22_000;
export const SCHEDULED_TIMEOUT_MS = 5_000;

const INITIAL_BACKOFF_MS = 250;

/**
 * Airtable's window of one second, kept on answers: the next request goes a
 * second after the answer to the one `perSecond` back. Airtable counted that one
 * before it answered, so however long requests take on the way, no second holds
 * more than `perSecond` of them, and no margin is needed. `clearAt` holds every
 * request back after a 429 or a 5xx.
 */
class RateWindow {
  private readonly answers: number[] = [];
  clearAt: number;
  private readonly perSecond: number;
  private readonly now: () => number;

  constructor(perSecond: number, clearAt: number, now: () => number) {
    this.perSecond = perSecond;
    this.clearAt = clearAt;
    this.now = now;
  }

  /** When the next request may go. */
  nextSlot(): number {
    const fullAt = this.answers.length >= this.perSecond ? this.answers[this.answers.length - this.perSecond]! + 1000 : 0;
    return Math.max(this.clearAt, fullAt);
  }

  /** A request leaves now: the answer that made room for it drops out of the window. */
  sent(): void {
    if (this.answers.length >= this.perSecond) this.answers.shift();
  }

  answered(): void {
    this.answers.push(this.now());
  }

  /** When the last request was answered; Airtable counts it for a second after. */
  lastAnswer(): number {
    return this.answers.at(-1) ?? 0;
  }
}

export async function drain(store: SubmissionStore, client: AirtableClient, options: DrainOptions = {}): Promise<DrainReport> {
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const perSecond = Math.max(1, Math.floor(options.requestsPerSecond ?? 5));
  const penalty = options.penaltyMs ?? client.penaltyMs;
  const deadline = now() + (options.budgetMs ?? 50_000);
  const maxBackoff = options.maxBackoffMs ?? 8_000;
  const report: DrainReport = { synced: 0, attached: 0, left: 0, requests: 0, rateLimited: 0, unavailable: 0, rejected: [] };
  const gate = AirtableGate.of(store, now);
  const run = randomUUID();

  // The hold lasts until the request in flight at the deadline has had its timeout.
  const from = await gate.hold(run, deadline + client.timeoutMs + 1_000);
  if (from === null) {
    report.left = (await store.pending()).length;
    return report;
  }
  const window = new RateWindow(perSecond, from, now);
  let backoff = INITIAL_BACKOFF_MS;
  const takeTurn = async () => {
    const at = window.nextSlot();
    // A timer can fire a millisecond before the clock reaches its time, and a request sent then counts in the second before.
    while (at > now()) await sleep(at - now());
    window.sent();
    report.requests++;
  };
  /** What a failed request means for everyone: a 429 pauses every instance; a 5xx or a timeout backs this run off. */
  const failed = async (failure: AirtableFailure) => {
    if (failure.kind === 'rate-limited') {
      report.rateLimited++;
      await gate.pause(penalty);
      window.clearAt = now() + penalty;
    } else if (failure.kind === 'unavailable') {
      report.unavailable++;
      window.clearAt = now() + backoff;
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  };

  try {
    if (options.beforeSending) {
      // A reader asks for its next request only once the one before is answered: that is when it counts as answered here.
      let outstanding = false;
      const failure = await options.beforeSending(async () => {
        if (outstanding) window.answered();
        await takeTurn();
        outstanding = true;
      });
      if (outstanding) window.answered();
      if (failure) await failed(failure);
    }
    const rejected = new Set<string>();
    // Sent, with files still to upload: still queued, and taken again when the queue is read again.
    const unfinished = new Set<string>();
    const reject = (records: StoredSubmission[], message: string) => {
      report.rejected.push(...records.map((r) => ({ receipt: r.receipt, message })));
      for (const r of records) rejected.add(r.id);
    };
    const pace = {
      turn: async () => {
        if (now() >= deadline || window.nextSlot() >= deadline) return false;
        await takeTurn();
        return true;
      },
      answered: () => window.answered(),
    };

    /** A batch into Airtable: the records as Airtable holds them, or what to do with the batch. */
    const send = async (batch: Batch): Promise<AirtableRecord[] | 'again' | 'refused'> => {
      await takeTurn();
      try {
        const sent = await client.upsert(
          batch.table,
          batch.records.map((r) => recordFor(formById(r.form)!, r)),
        );
        window.answered();
        backoff = INITIAL_BACKOFF_MS;
        return sent.records;
      } catch (error) {
        window.answered();
        if (!(error instanceof AirtableFailure)) throw error;
        await failed(error);
        if (error.kind !== 'rejected') return 'again';
        // Airtable refuses these records as they are (a field it lacks, say): keep them
        // queued for after the base is fixed, and go on with the rest.
        reject(batch.records, error.message);
        return 'refused';
      }
    };

    /** Each record's missing files after it; those Airtable now holds whole leave the queue. */
    const attach = async (records: StoredSubmission[], held: AirtableRecord[]) => {
      const whole: StoredSubmission[] = [];
      for (const [i, record] of records.entries()) {
        const outcome = await attachMissing(client, store, formById(record.form)!, record, held[i], pace);
        report.attached += outcome.attached;
        if (outcome.failure) await failed(outcome.failure);
        if (outcome.failure?.kind === 'rejected') reject([record], outcome.failure.message);
        if (outcome.complete) whole.push(record);
        else unfinished.add(record.id);
      }
      const syncedAt = new Date(now()).toISOString();
      // One Blobs write per record; side by side, so a batch's marks take about one write's time.
      await Promise.all(whole.map((record) => store.markSynced(record, syncedAt)));
      for (const record of whole) unfinished.delete(record.id);
      report.synced += whole.length;
    };

    const listedFrom = now();
    let queue = batches(await store.pending());
    const listingMs = now() - listedFrom;
    while (queue.length && now() < deadline && window.nextSlot() < deadline) {
      const batch = queue[0]!;
      const held = await send(batch);
      if (held !== 'again') queue.shift();
      if (Array.isArray(held)) await attach(batch.records, held);
      // What arrived while this run sent, and what still lacks a file, goes in the same run if reading the queue again fits in its time.
      if (!queue.length && now() + listingMs < deadline) queue = batches((await store.pending()).filter((r) => !rejected.has(r.id)));
    }
    report.left = new Set([...queue.flatMap((b) => b.records.map((r) => r.id)), ...rejected, ...unfinished]).size;
  } finally {
    await gate.release(run, window.lastAnswer() + 1000);
  }
  return report;
}

/**
 * The write path's single try, straight after queueing: one request, no waiting,
 * and only when the gate allows (no penalty, no drain run, no other try this
 * second). Whatever is not sent stays queued for the drain; so does a record with
 * files, which goes up at once for HR to see, its files a request each at the drain's pace.
 */
export async function syncNow(store: SubmissionStore, client: AirtableClient, record: StoredSubmission): Promise<boolean> {
  const form = formById(record.form);
  if (!form || record.syncedAt) return false;
  const gate = AirtableGate.of(store);
  if (!(await gate.mayTry())) return false;
  try {
    const sent = await client.upsert(tableFor(form), [recordFor(form, record)]);
    if (uploadsMissing(form, record, sent.records[0]?.fields ?? {}).length === 0) await store.markSynced(record, new Date().toISOString());
    return true;
  } catch (error) {
    if (!(error instanceof AirtableFailure)) throw error;
    if (error.kind === 'rate-limited') await gate.pause(client.penaltyMs);
    return false;
  }
}

interface Batch {
  table: string;
  records: StoredSubmission[];
}

function batches(records: StoredSubmission[]): Batch[] {
  const byTable = new Map<string, StoredSubmission[]>();
  for (const record of records) {
    const form = formById(record.form);
    if (!form) continue;
    const table = tableFor(form);
    byTable.set(table, [...(byTable.get(table) ?? []), record]);
  }
  const out: Batch[] = [];
  for (const [table, list] of byTable) {
    for (let i = 0; i < list.length; i += MAX_RECORDS_PER_REQUEST) out.push({ table, records: list.slice(i, i + MAX_RECORDS_PER_REQUEST) });
  }
  return out;
}
