import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import { z } from 'zod';
import type { SubmissionStore } from '../store/submissions.ts';
import { PENALTY_MS } from './client.ts';

/**
 * Who may send to Airtable now. Its limit (5 requests a second per base, then
 * 30 s of refusals) is shared by every function instance, so the rule is kept
 * where they all look, in the queue's Blobs store:
 * - after a 429, nobody sends until the penalty is over;
 * - a drain run uses the whole rate, so while it holds the base (and for the
 *   second after, while its last requests still count) the write path leaves new
 *   submissions queued for it;
 * - otherwise the write path tries at most once a second, so a burst queues up
 *   for the drain's batches of 10 instead of tripping the limit.
 * Each fact is a key of its own, written whole, so instances racing cannot erase
 * one another's pause or hold; a claim (a try, a hold) is written, then read back
 * after a short settle, so of instances racing only the last one goes. At worst an
 * extra try slips through, and an early 429 only delays.
 * A key that does not read whole (a local Blobs server writes in place, so a reader
 * can meet a half-written file) means "not now" to the write path: the record
 * stays queued for the drain. A drain run takes the base over such a key with a
 * wait long enough for whatever was being written, and rewrites it.
 */
const KEY = {
  pausedUntil: 'airtable/paused-until',
  drain: 'airtable/drain',
  lastTry: 'airtable/last-try',
};

/** The write path's own tries are at least this far apart. */
const TRY_SPACING_MS = 1_000;
/**
 * Instances that found the gate open at the same moment all write their claim
 * (a try, a hold); after this long, only the one whose claim is still there goes.
 */
const CLAIM_SETTLES_MS = 100;
/** A try begun before a drain took the base has reached Airtable and left its one-second window by then. */
const TRY_CLEARS_AFTER_MS = 2_000;

const settle = () => sleep(CLAIM_SETTLES_MS);

const trySchema = z.object({ at: z.number(), by: z.string() });
type Try = z.infer<typeof trySchema>;
const holdSchema = z.object({ run: z.string(), until: z.number() });
type Hold = z.infer<typeof holdSchema>;
/** `{until}`, so a half-written value fails to read; a bare number is how earlier versions wrote it. */
const pauseSchema = z.union([z.object({ until: z.number() }).transform((p) => p.until), z.number()]);

/** A key that is there but does not read whole. */
const UNREADABLE = Symbol('unreadable');
type Read<T> = T | null | typeof UNREADABLE;
const NO_HOLD: Hold = { run: '', until: 0 };

export class AirtableGate {
  private readonly blobs: Store;
  private readonly now: () => number;

  constructor(blobs: Store, now: () => number = Date.now) {
    this.blobs = blobs;
    this.now = now;
  }

  /** The gate of a queue: in the same Blobs store, so it is wherever the queue is (a deploy, the local store, a test). */
  static of(store: SubmissionStore, now?: () => number): AirtableGate {
    return new AirtableGate(store.blobStore, now);
  }

  /**
   * The write path, before its single try: whether it may send now. A try is
   * written before it is sent and re-checked against a drain's hold after the
   * same settling time the hold takes, so either the try sees the hold or the
   * drain sees the try and waits for it to clear.
   */
  async mayTry(): Promise<boolean> {
    const [paused, drain, last] = await Promise.all([
      this.read(KEY.pausedUntil, pauseSchema),
      this.read(KEY.drain, holdSchema),
      this.read(KEY.lastTry, trySchema),
    ]);
    if (paused === UNREADABLE || drain === UNREADABLE || last === UNREADABLE) return false;
    const now = this.now();
    if (now < (paused ?? 0) || now < (drain ?? NO_HOLD).until || now - (last?.at ?? 0) < TRY_SPACING_MS) return false;
    const mine: Try = { at: now, by: randomUUID() };
    await this.blobs.setJSON(KEY.lastTry, mine);
    await settle();
    const [held, latest] = await Promise.all([this.read(KEY.drain, holdSchema), this.read(KEY.lastTry, trySchema)]);
    if (held === UNREADABLE || latest === UNREADABLE) return false;
    return this.now() >= (held ?? NO_HOLD).until && latest?.by === mine.by;
  }

  /**
   * A rare read (a function's catalog, every few minutes) may go when no penalty
   * runs and no drain holds the base; it takes no turn from the write path's tries.
   */
  async mayRead(): Promise<boolean> {
    const [paused, drain] = await Promise.all([this.read(KEY.pausedUntil, pauseSchema), this.read(KEY.drain, holdSchema)]);
    if (paused === UNREADABLE || drain === UNREADABLE) return false;
    const now = this.now();
    return now >= (paused ?? 0) && now >= (drain ?? NO_HOLD).until;
  }

  /** Whoever got a 429: Airtable refuses everything for the penalty period. */
  async pause(ms: number): Promise<void> {
    await this.blobs.setJSON(KEY.pausedUntil, { until: this.now() + ms });
  }

  /**
   * A drain run takes the base until `until` (it expires by itself if the run is
   * cut off). Answers when the run may send: after any pause, once the write
   * path's last try has cleared, and once the previous run's last requests have;
   * or null when another run holds the base. An unreadable key is taken to hide
   * the latest it could: a pause is set anew for a whole `penaltyMs` from now, a
   * try or a release as just made; and the key is rewritten whole.
   */
  async hold(run: string, until: number, penaltyMs: number = PENALTY_MS): Promise<number | null> {
    const previous = await this.read(KEY.drain, holdSchema);
    if (previous !== UNREADABLE && previous?.run && previous.run !== run && this.now() < previous.until) return null;
    await this.blobs.setJSON(KEY.drain, { run, until });
    await settle();
    const mine = await this.read(KEY.drain, holdSchema);
    if (mine === UNREADABLE || mine?.run !== run) return null;
    const [paused, last] = await Promise.all([this.read(KEY.pausedUntil, pauseSchema), this.read(KEY.lastTry, trySchema)]);
    const justNow = this.now() + TRY_CLEARS_AFTER_MS;
    // A pause being written (or left broken) ends a whole penalty from now at the latest: that is what it becomes.
    const pausedUntil = paused === UNREADABLE ? this.now() + penaltyMs : (paused ?? 0);
    if (paused === UNREADABLE) await this.blobs.setJSON(KEY.pausedUntil, { until: pausedUntil });
    // Under this run's hold no new try starts, so a broken try key can go.
    if (last === UNREADABLE) await this.blobs.delete(KEY.lastTry);
    const tried = last === UNREADABLE ? justNow : (last?.at ?? 0) + TRY_CLEARS_AFTER_MS;
    const released = previous === UNREADABLE ? justNow : previous?.run ? 0 : (previous?.until ?? 0);
    return Math.max(pausedUntil, tried, released);
  }

  /**
   * The run is over. Its last requests stay in Airtable's one-second window until
   * `quietAt`, so until then the base is kept from the write path, held by no run.
   */
  async release(run: string, quietAt: number): Promise<void> {
    const current = await this.read(KEY.drain, holdSchema);
    if (current === UNREADABLE || current?.run !== run) return;
    if (quietAt > this.now()) await this.blobs.setJSON(KEY.drain, { run: '', until: quietAt });
    else await this.blobs.delete(KEY.drain);
  }

  /** A key's value; null when it is absent, UNREADABLE when it does not parse whole. */
  private async read<T>(key: string, schema: z.ZodType<T>): Promise<Read<T>> {
    const text = await this.blobs.get(key, { type: 'text' });
    if (text === null) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : UNREADABLE;
    } catch {
      return UNREADABLE;
    }
  }
}
