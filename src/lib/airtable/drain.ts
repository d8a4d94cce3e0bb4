import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { recordFor, tableFor } from './fields.ts';
import { formById } from '../forms/registry.ts';
import { AirtableFailure, MAX_RECORDS_PER_REQUEST, type AirtableClient, type AirtableRecord } from './client.ts';
import { AirtableGate } from './gate.ts';
import { attachMissing, linkedAttachments, uploadsMissing } from './attachments.ts';
import type { StoredFile, StoredSubmission } from '../forms/record.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/**
 * Moves queued submissions into Airtable within its limits: batches of 10 per
 * table, at most 5 requests starting in any second, several of them in flight at
 * once so a slow answer costs no turn, a pause of the penalty period after a 429,
 * growing waits after a 5xx or a timeout. A run holds the base (gate.ts)
 * so the write path's single tries stay out of its way, sends its first full
 * batches while it still reads the rest of the queue, and takes in what
 * arrives meanwhile until its budget is spent. A submission's files go as links
 * inside its record's write when Airtable can fetch from the site (`fileLink`),
 * and the record leaves the queue once Airtable has fetched them all; otherwise,
 * or when they are not fetched in time, they follow the record one request each
 * in the same pace (attachments.ts). A submission leaves the queue only once
 * Airtable has confirmed it and holds every file; a replay merges on "Submission
 * ID" and sends only the files the record lacks, so nothing is stored twice.
 */
export interface DrainOptions {
  requestsPerSecond?: number;
  /** Real time within which a request surely reaches Airtable (ARRIVAL_MARGIN_MS unless given). */
  arrivalMarginMs?: number;
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
  /** The address Airtable fetches a stored file from (workflow/file-links.ts); without it, files are uploaded. */
  fileLink?: (file: StoredFile) => string;
  /** How long linked files may take to arrive before they go up by upload instead (LINK_WAIT_MS unless given). */
  linkWaitMs?: number;
}

export interface DrainReport {
  synced: number;
  /** Files uploaded to their records' attachment columns. */
  attached: number;
  /** Files sent as links for Airtable to fetch. */
  linked: number;
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

/** The wait after a second 5xx or timeout in a row, doubled with each more; a single one is retried in the next turn. */
const INITIAL_BACKOFF_MS = 250;
/**
 * How long Airtable has to fetch a record's linked files before the drain uploads
 * what it lacks instead (it fetches within seconds; a site it cannot reach, never).
 */
export const LINK_WAIT_MS = 10 * 60_000;
/** How often a run that has nothing left to send looks again for files Airtable fetched meanwhile, and how many times. */
const FETCH_LOOK_MS = 1_000;
/** How many queued records are read at once: the run sends the first full batches while the rest is read. */
const READ_SLICE = 64;
const FETCH_LOOKS = 5;
/**
 * How long after it leaves a request has surely reached Airtable and been counted:
 * a request of a few kilobytes on an open connection. Real time, whatever clock the
 * run is given: it is the network's, and a test's clock may jump while requests travel.
 */
export const ARRIVAL_MARGIN_MS = 100;

/** A request as the window keeps it: when it left, and by when Airtable surely counted it. */
interface Start {
  at: number;
  countedAt: number | null;
  counted: Promise<void>;
}

/**
 * Airtable's window of one second, kept on when requests start: the next request
 * goes a second after Airtable counted the one `perSecond` back, which it did by its
 * answer or `marginMs` after it left, whichever came first. So an answer that takes
 * long costs no throughput, a quick one costs no margin, and no second holds more
 * than `perSecond` starts. `clearAt` holds every request back after a 429 or a 5xx.
 */
class RateWindow {
  private readonly starts: Start[] = [];
  clearAt: number;
  private readonly perSecond: number;
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(perSecond: number, marginMs: number, clearAt: number, now: () => number) {
    this.perSecond = perSecond;
    this.marginMs = marginMs;
    this.clearAt = clearAt;
    this.now = now;
  }

  /** What to wait for before the next slot is known: the oldest request in the window, until it is surely counted. */
  uncounted(): Promise<void> | null {
    const oldest = this.oldest();
    return oldest && oldest.countedAt === null ? oldest.counted : null;
  }

  /** When the next request may go (as if now for one not surely counted yet). */
  nextSlot(): number {
    const oldest = this.oldest();
    return Math.max(this.clearAt, oldest ? (oldest.countedAt ?? this.now()) + 1000 : 0);
  }

  /** A request leaves now; its answer is to be told through what this returns. */
  start(): () => void {
    let done!: () => void;
    const start: Start = { at: this.now(), countedAt: null, counted: new Promise<void>((resolve) => (done = resolve)) };
    const count = () => {
      clearTimeout(timer);
      start.countedAt ??= this.now();
      done();
    };
    const timer = setTimeout(count, this.marginMs);
    this.starts.push(start);
    if (this.starts.length > this.perSecond) this.starts.shift();
    return count;
  }

  /** When the last request leaves Airtable's window of one second. */
  quietAt(): number {
    return Math.max(0, ...this.starts.map((s) => (s.countedAt ?? this.now()) + 1000));
  }

  private oldest(): Start | undefined {
    return this.starts.length >= this.perSecond ? this.starts[this.starts.length - this.perSecond] : undefined;
  }
}

/** One request at a time through `work`, in the order they asked. */
function serially(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
}

export async function drain(store: SubmissionStore, client: AirtableClient, options: DrainOptions = {}): Promise<DrainReport> {
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const perSecond = Math.max(1, Math.floor(options.requestsPerSecond ?? 5));
  const penalty = options.penaltyMs ?? client.penaltyMs;
  const deadline = now() + (options.budgetMs ?? 50_000);
  const maxBackoff = options.maxBackoffMs ?? 8_000;
  const report: DrainReport = { synced: 0, attached: 0, linked: 0, left: 0, requests: 0, rateLimited: 0, unavailable: 0, rejected: [] };
  const gate = AirtableGate.of(store, now);
  const linkWait = options.linkWaitMs ?? LINK_WAIT_MS;
  const run = randomUUID();

  // The hold lasts until the request in flight at the deadline has had its timeout.
  const from = await gate.hold(run, deadline + client.timeoutMs + 1_000, penalty);
  if (from === null) {
    report.left = (await store.pending()).length;
    return report;
  }
  const window = new RateWindow(perSecond, options.arrivalMarginMs ?? ARRIVAL_MARGIN_MS, from, now);
  // Server errors and timeouts since the last batch Airtable took.
  let unavailable = 0;
  // Set when a batch's work throws: no request starts after it, and the run ends with it.
  const stop: { error?: { cause: unknown } } = {};
  const inTurn = serially();
  /** The next start the window allows, taken; null when it would come at or after `by`. Its answer is to be told through what it returns. */
  const turn = (by = Infinity) =>
    inTurn(async () => {
      // A timer can fire a millisecond before the clock reaches its time, and a request sent then counts in the second before.
      for (;;) {
        const uncounted = window.uncounted();
        if (uncounted) {
          await uncounted;
          continue;
        }
        const at = window.nextSlot();
        if (at <= now()) break;
        if (at >= by) return null;
        await sleep(at - now());
      }
      if (now() >= by || stop.error) return null;
      report.requests++;
      return window.start();
    });
  /** What a failed request means for everyone: a 429 pauses every instance; a 5xx or a timeout backs this run off. */
  const failed = async (failure: AirtableFailure) => {
    if (failure.kind === 'rate-limited') {
      report.rateLimited++;
      window.clearAt = Math.max(window.clearAt, now() + penalty);
      await gate.pause(penalty);
    } else if (failure.kind === 'unavailable') {
      report.unavailable++;
      const backoff = unavailable++ === 0 ? 0 : Math.min(INITIAL_BACKOFF_MS * 2 ** (unavailable - 2), maxBackoff);
      window.clearAt = Math.max(window.clearAt, now() + backoff);
    }
  };

  try {
    if (options.beforeSending) {
      // A reader asks for its next request only once the one before is answered: that is when it counts as answered here.
      const last = { answered: () => {} };
      const failure = await options.beforeSending(async () => {
        last.answered();
        last.answered = (await turn()) ?? (() => {});
      });
      last.answered();
      if (failure) await failed(failure);
    }
    const rejected = new Set<string>();
    // Sent, with files still to upload: still queued, and taken again when the queue is read again.
    const unfinished = new Set<string>();
    const reject = (records: StoredSubmission[], message: string) => {
      report.rejected.push(...records.map((r) => ({ receipt: r.receipt, message })));
      for (const r of records) rejected.add(r.id);
    };
    /** The pace of one batch's files, sent one after another (attachments.ts): a turn before each, its answer after. */
    const filePace = () => {
      let answered = () => {};
      return {
        turn: async () => {
          const taken = await turn(deadline);
          if (taken) answered = taken;
          return taken !== null;
        },
        answered: () => answered(),
      };
    };

    /** A batch into Airtable: the records as Airtable holds them, or what to do with the batch. */
    const send = async (batch: Batch): Promise<AirtableRecord[] | 'again' | 'refused'> => {
      // A fetch counts only once this write has linked the file: whatever was fetched before is of a cell it replaces.
      const linkedFiles = batch.records.filter((r) => batch.linked.has(r.id)).flatMap((r) => r.files);
      await Promise.all(linkedFiles.map((f) => store.clearFetched(f.key)));
      const answered = await turn(deadline);
      if (!answered) return 'again';
      try {
        const sent = await client.upsert(
          batch.table,
          batch.records.map((r) => {
            const form = formById(r.form)!;
            return batch.linked.has(r.id) ? { ...recordFor(form, r), ...linkedAttachments(form, r, options.fileLink!) } : recordFor(form, r);
          }),
        );
        answered();
        unavailable = 0;
        return sent.records;
      } catch (error) {
        answered();
        if (!(error instanceof AirtableFailure)) throw error;
        await failed(error);
        if (error.kind !== 'rejected') return 'again';
        // Airtable refuses these records as they are (a field it lacks, say): keep them
        // queued for after the base is fixed, and go on with the rest.
        reject(batch.records, error.message);
        return 'refused';
      }
    };

    /**
     * Each record's missing files after it; those Airtable now holds whole leave the
     * queue. A record whose files went as links waits in the queue for Airtable to fetch them.
     */
    const attach = async (batch: Batch, held: AirtableRecord[]) => {
      const { records } = batch;
      const whole: StoredSubmission[] = [];
      const pace = filePace();
      const linkedAt = new Date(now()).toISOString();
      const linked = records.filter((r) => batch.linked.has(r.id));
      await Promise.all(linked.map((record) => store.markLinked(record, linkedAt)));
      for (const record of linked) linkedHere.set(record.id, { ...record, filesLinkedAt: linkedAt });
      report.linked += linked.reduce((n, r) => n + r.files.length, 0);
      for (const [i, record] of records.entries()) {
        if (batch.linked.has(record.id)) {
          unfinished.add(record.id);
          continue;
        }
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

    /** Records this run linked files of, until they are seen fetched. */
    const linkedHere = new Map<string, StoredSubmission>();
    /** Records whose files Airtable is fetching, as the queue was last read. */
    let waiting = new Set<string>();
    /** Records Airtable holds with every file: they leave the queue (Blobs writes only, no request). */
    const gone = new Set<string>();
    const leave = async (seen: StoredSubmission[]) => {
      // A look while the run sends and a reading of the queue may see the same record arrive: it leaves once.
      const arrived = seen.filter((record) => !gone.has(record.id));
      for (const record of arrived) gone.add(record.id);
      const syncedAt = new Date(now()).toISOString();
      await Promise.all(arrived.map((record) => store.markSynced(record, syncedAt)));
      report.synced += arrived.length;
      for (const record of arrived) {
        linkedHere.delete(record.id);
        unfinished.delete(record.id);
        waiting.delete(record.id);
      }
    };
    /** Those linked in this run whose files Airtable has fetched since. */
    const confirmFetched = async () => {
      const states = await Promise.all([...linkedHere.values()].map(async (record) => ({ record, state: await linkState(store, record, now(), linkWait) })));
      await leave(states.filter((s) => s.state === 'arrived').map((s) => s.record));
    };
    /**
     * The same while the run sends, one look at a time, after each batch: it reads only the
     * site's store, so it costs no turn, and the run's end has only the last few to look at.
     */
    let looking: Promise<void> | null = null;
    const confirmMeanwhile = () => {
      // What is not seen now is seen at the run's end, or by the next reading of the queue.
      looking ??= confirmFetched()
        .catch(() => undefined)
        .finally(() => (looking = null));
    };
    // Batches in flight side by side, each waiting its turn: a slow answer holds up only its own batch.
    // Two seconds' worth of them keeps the rate through answers that take up to two seconds.
    const inFlight = perSecond * 2;
    const running = new Set<Promise<void>>();
    const queue: Batch[] = [];
    const launch = (batch: Batch) => {
      const work: Promise<void> = (async () => {
        const held = await send(batch);
        // Not sent, or to be sent again: first in line.
        if (held === 'again') queue.unshift(batch);
        if (Array.isArray(held)) await attach(batch, held);
        if (linkedHere.size > 0) confirmMeanwhile();
      })()
        .catch((cause: unknown) => void (stop.error ??= { cause }))
        .finally(() => running.delete(work));
      running.add(work);
    };

    /** The records whose files go as links in their write (when the run has a linker and they were not linked already). */
    const byLink = new Set<string>();
    /** Read, to send, not yet a full batch: they wait for more of their table, or for the end of the reading. */
    let pool: StoredSubmission[] = [];
    /** Marks the reading had not reached when the run ended. */
    let unread = 0;
    let ended = false;
    let reading: Promise<void> | null = null;
    /** Settles when the reading has put batches in the queue, or has finished: the run has something new to do. */
    let progressed!: Promise<void>;
    let progress = () => {};
    const nextProgress = () => (progressed = new Promise<void>((resolve) => (progress = resolve)));
    nextProgress();
    const told = () => {
      const tell = progress;
      nextProgress();
      tell();
    };
    /**
     * Reads the queue slice by slice while the run sends what is read, from a place chosen at
     * random so that no submission is always read last. Records whose linked files Airtable has
     * fetched since leave it without a request; those it may still be fetching wait; the others
     * go into batches, each full batch to the run at once, the part-full ones once all is read.
     */
    const readQueue = (): Promise<void> => {
      const work = (async () => {
        waiting = new Set();
        const marks = rotated(await store.pendingKeys());
        for (let i = 0; i < marks.length; i += READ_SLICE) {
          if (ended || stop.error) {
            unread = marks.length - i;
            break;
          }
          const read = (await store.pendingOf(marks.slice(i, i + READ_SLICE))).filter((r) => !rejected.has(r.id));
          read.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
          const states = await Promise.all(read.map(async (record) => ({ record, state: await linkState(store, record, now(), linkWait) })));
          await leave(states.filter((s) => s.state === 'arrived').map((s) => s.record));
          for (const { record, state } of states) {
            if (state === 'fetching') waiting.add(record.id);
            if (state === 'upload') byLink.delete(record.id);
            if (state === 'send' && options.fileLink && record.files.length > 0) byLink.add(record.id);
            if (state === 'send' || state === 'upload') pool.push(record);
          }
          const { full, rest } = fullBatches(pool, byLink);
          queue.push(...full);
          pool = rest;
          told();
        }
        queue.push(...batches(pool, byLink));
        pool = [];
      })().catch((cause: unknown) => void (stop.error ??= { cause }));
      reading = work.finally(() => {
        reading = null;
        told();
      });
      return reading;
    };

    const listedFrom = now();
    let listingMs = 0;
    void readQueue().then(() => (listingMs = now() - listedFrom));
    let looks = 0;
    while (!stop.error && now() < deadline && window.nextSlot() < deadline) {
      if (queue.length && running.size < inFlight) {
        launch(queue.shift()!);
        continue;
      }
      if (running.size || reading) {
        await Promise.race([...running, progressed]);
        continue;
      }
      // What arrived while this run sent, and what still lacks a file, goes in the same run if reading the queue again fits in its time.
      if (now() + listingMs >= deadline) break;
      if (waiting.size > 0) {
        // Nothing to send but files Airtable is fetching: look again shortly, a few times, so they leave the queue in this run.
        if (looks++ >= FETCH_LOOKS || now() + FETCH_LOOK_MS + listingMs >= deadline) break;
        await sleep(FETCH_LOOK_MS);
      }
      await readQueue();
      if (!queue.length && waiting.size === 0) break;
    }
    ended = true;
    await reading;
    await Promise.all(running);
    if (stop.error) throw stop.error.cause;
    // Files fetched while the run went on: their records leave the queue in this run, not the next.
    await looking;
    await confirmFetched();
    report.left =
      new Set([...queue.flatMap((b) => b.records.map((r) => r.id)), ...pool.map((r) => r.id), ...rejected, ...unfinished, ...waiting]).size + unread;
  } finally {
    await gate.release(run, window.quietAt());
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
  // The record is queued already: a gate that cannot be read or written leaves it to the drain.
  if (!(await gate.mayTry().catch(() => false))) return false;
  try {
    const sent = await client.upsert(tableFor(form), [recordFor(form, record)]);
    if (uploadsMissing(form, record, sent.records[0]?.fields ?? {}).length === 0) await store.markSynced(record, new Date().toISOString());
    return true;
  } catch (error) {
    if (!(error instanceof AirtableFailure)) throw error;
    if (error.kind === 'rate-limited') await gate.pause(client.penaltyMs).catch(() => undefined);
    return false;
  }
}

interface Batch {
  table: string;
  records: StoredSubmission[];
  /** The records whose files go as links in this write. */
  linked: ReadonlySet<string>;
}

/**
 * Where a queued record stands with its files: to send (files as links, when the run
 * makes links), being fetched by Airtable, all fetched (it leaves the queue without a
 * request), or linked too long ago without arriving (to send, its files by upload).
 */
async function linkState(store: SubmissionStore, record: StoredSubmission, nowMs: number, waitMs: number): Promise<'send' | 'fetching' | 'arrived' | 'upload'> {
  if (!record.filesLinkedAt || record.files.length === 0) return 'send';
  // The marks of earlier fetches were cleared before the write that linked them (send below).
  const fetched = await Promise.all(record.files.map((f) => store.fetchedAt(f.key)));
  if (fetched.every((at) => at !== null)) return 'arrived';
  return nowMs - Date.parse(record.filesLinkedAt) < waitMs ? 'fetching' : 'upload';
}

/** The list turned to start at a random place. */
function rotated<T>(list: readonly T[]): T[] {
  const at = Math.floor(Math.random() * list.length);
  return [...list.slice(at), ...list.slice(0, at)];
}

/** The full batches the records make, and the records left over (fewer than a batch of their table). */
function fullBatches(records: StoredSubmission[], linked: ReadonlySet<string>): { full: Batch[]; rest: StoredSubmission[] } {
  const all = batches(records, linked);
  return {
    full: all.filter((b) => b.records.length === MAX_RECORDS_PER_REQUEST),
    rest: all.filter((b) => b.records.length < MAX_RECORDS_PER_REQUEST).flatMap((b) => b.records),
  };
}

function batches(records: StoredSubmission[], linked: ReadonlySet<string> = new Set()): Batch[] {
  const byTable = new Map<string, StoredSubmission[]>();
  for (const record of records) {
    const form = formById(record.form);
    if (!form) continue;
    const table = tableFor(form);
    byTable.set(table, [...(byTable.get(table) ?? []), record]);
  }
  const out: Batch[] = [];
  for (const [table, list] of byTable) {
    for (let i = 0; i < list.length; i += MAX_RECORDS_PER_REQUEST) out.push({ table, records: list.slice(i, i + MAX_RECORDS_PER_REQUEST), linked });
  }
  return out;
}
