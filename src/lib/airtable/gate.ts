import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import type { SubmissionStore } from '../store/submissions.ts';

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

interface Try {
  at: number;
  by: string;
}

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
    const [paused, drain, last] = await Promise.all([this.time(KEY.pausedUntil), this.drainHold(), this.lastTry()]);
    const now = this.now();
    if (now < paused || now < drain.until || now - (last?.at ?? 0) < TRY_SPACING_MS) return false;
    const mine: Try = { at: now, by: randomUUID() };
    await this.blobs.setJSON(KEY.lastTry, mine);
    await settle();
    const [held, latest] = await Promise.all([this.drainHold(), this.lastTry()]);
    return this.now() >= held.until && latest?.by === mine.by;
  }

  /**
   * A rare read (a function's catalog, every few minutes) may go when no penalty
   * runs and no drain holds the base; it takes no turn from the write path's tries.
   */
  async mayRead(): Promise<boolean> {
    const [paused, drain] = await Promise.all([this.time(KEY.pausedUntil), this.drainHold()]);
    const now = this.now();
    return now >= paused && now >= drain.until;
  }

  /** Whoever got a 429: Airtable refuses everything for the penalty period. */
  async pause(ms: number): Promise<void> {
    await this.blobs.set(KEY.pausedUntil, String(this.now() + ms));
  }

  /**
   * A drain run takes the base until `until` (it expires by itself if the run is
   * cut off). Answers when the run may send: after any pause, once the write
   * path's last try has cleared, and once the previous run's last requests have;
   * or null when another run holds the base.
   */
  async hold(run: string, until: number): Promise<number | null> {
    const previous = await this.drainHold();
    if (previous.run && previous.run !== run && this.now() < previous.until) return null;
    await this.blobs.setJSON(KEY.drain, { run, until });
    await settle();
    if ((await this.drainHold()).run !== run) return null;
    const [paused, last] = await Promise.all([this.time(KEY.pausedUntil), this.lastTry()]);
    return Math.max(paused, (last?.at ?? 0) + TRY_CLEARS_AFTER_MS, previous.run ? 0 : previous.until);
  }

  /**
   * The run is over. Its last requests stay in Airtable's one-second window until
   * `quietAt`, so until then the base is kept from the write path, held by no run.
   */
  async release(run: string, quietAt: number): Promise<void> {
    if ((await this.drainHold()).run !== run) return;
    if (quietAt > this.now()) await this.blobs.setJSON(KEY.drain, { run: '', until: quietAt });
    else await this.blobs.delete(KEY.drain);
  }

  private async drainHold(): Promise<{ run: string; until: number }> {
    return ((await this.blobs.get(KEY.drain, { type: 'json' })) as { run: string; until: number } | null) ?? { run: '', until: 0 };
  }

  private async lastTry(): Promise<Try | null> {
    return ((await this.blobs.get(KEY.lastTry, { type: 'json' })) as Try | null) ?? null;
  }

  private async time(key: string): Promise<number> {
    return Number((await this.blobs.get(key)) ?? 0) || 0;
  }
}
