import { z } from 'zod';
import type { SubmissionStore } from '../store/submissions.ts';
import { deactivationRefusal, diffRoster, Roster, TooManyDeactivated, withMissingDeactivated, type RosterDiff, type StaffMember } from './roster.ts';

/**
 * The roster as the functions read it: a snapshot kept beside the queue in Blobs,
 * so nobody waits while a function pages through Airtable (10,000 people is 100
 * pages). Two keys: the snapshot itself (large) and a stamp (small) that says when
 * it was taken, so an instance can tell whether its copy is still current without
 * reading the whole roster again.
 */
const SNAPSHOT = 'roster';
const STAMP = 'roster-stamp';

/** An instance keeps the roster it read this long before it looks at the stamp again. */
export const ROSTER_CACHE_MS = 5 * 60_000;

const isoTime = z.iso.datetime();

export const rosterStampSchema = z.object({
  /** The last refresh that succeeded; the next incremental read asks Airtable for what changed after it. */
  takenAt: isoTime,
  /** When the members in the snapshot were taken: a reader reads the snapshot again only when this moves. */
  snapshotAt: isoTime,
  count: z.number().int().min(0),
  /** The last complete read (a file import is one): records deleted in Airtable leave at the next. */
  fullAt: isoTime,
});
export type RosterStamp = z.infer<typeof rosterStampSchema>;

/**
 * The members are not checked again when read: only this module writes them, from
 * members already checked, and a check of 10,000 on every cold start is time a
 * person waits (bench/roster.ts measures it).
 */
const snapshotSchema = z.object({ takenAt: isoTime, members: z.array(z.custom<StaffMember>((m) => typeof m === 'object' && m !== null)) });
export type RosterSnapshot = z.infer<typeof snapshotSchema>;

export async function readRosterSnapshot(store: SubmissionStore): Promise<RosterSnapshot | null> {
  const saved = await store.recall<unknown>(SNAPSHOT);
  return saved === null ? null : snapshotSchema.parse(saved);
}

export async function readRosterStamp(store: SubmissionStore): Promise<RosterStamp | null> {
  const saved = await store.recall<unknown>(STAMP);
  return saved === null ? null : rosterStampSchema.parse(saved);
}

/**
 * Writes the members, then the stamp: the stamp is the commit point, so a reader
 * that sees a new stamp finds the snapshot it describes. `full: false` for a
 * snapshot merged from an incremental read, which keeps the last full read's time.
 */
export async function saveRosterSnapshot(
  store: SubmissionStore,
  members: readonly StaffMember[],
  takenAt: Date,
  options: { full?: boolean } = {},
): Promise<RosterStamp> {
  const at = takenAt.toISOString();
  const previous = options.full === false ? await readRosterStamp(store) : null;
  await store.remember(SNAPSHOT, { takenAt: at, members });
  const stamp: RosterStamp = { takenAt: at, snapshotAt: at, count: members.length, fullAt: previous?.fullAt ?? at };
  await store.remember(STAMP, stamp);
  return stamp;
}

/** A refresh that found nothing new: only the stamp moves, and no instance reads the roster again for it. */
export async function markRosterChecked(store: SubmissionStore, takenAt: Date, options: { full?: boolean } = {}): Promise<RosterStamp | null> {
  const previous = await readRosterStamp(store);
  if (!previous) return null;
  const at = takenAt.toISOString();
  const stamp: RosterStamp = { ...previous, takenAt: at, ...(options.full ? { fullAt: at } : {}) };
  await store.remember(STAMP, stamp);
  return stamp;
}

/**
 * A district without Airtable: HR's file becomes the snapshot itself, people missing
 * from it kept as inactive, with the same refusal of a file that would switch off
 * more than a fifth of the active people (unless forced).
 */
export async function importIntoSnapshot(
  store: SubmissionStore,
  members: readonly StaffMember[],
  options: { now: Date; dryRun?: boolean; force?: boolean },
): Promise<RosterDiff> {
  const before = (await readRosterSnapshot(store))?.members ?? [];
  const diff = diffRoster(before, members);
  const refusal = deactivationRefusal(before, diff);
  if (refusal && !options.force) throw new TooManyDeactivated(refusal, diff);
  if (!options.dryRun) await saveRosterSnapshot(store, withMissingDeactivated(before, members), options.now);
  return diff;
}

interface Cached {
  roster: Roster;
  /** The snapshot it was read from; null for the fallback. */
  snapshotAt: string | null;
  checkedAt: number;
}

let cached: Cached | null = null;
let reading: Promise<Roster> | null = null;

/** For tests: the next `currentRoster` reads the store again. */
export function forgetCachedRoster(): void {
  cached = null;
  reading = null;
}

/**
 * The roster a request works with. Read once per instance and kept for
 * `maxAgeMs`; after that the small stamp is read, and the snapshot only if it has
 * changed. Without a snapshot: `fallback()` (the repository's sample roster, for a
 * site run locally), or an empty roster. Requests arriving together share one read.
 */
export async function currentRoster(store: SubmissionStore, fallback: (() => Roster) | null, options: { now: Date; maxAgeMs?: number }): Promise<Roster> {
  const now = options.now.getTime();
  if (cached && now - cached.checkedAt < (options.maxAgeMs ?? ROSTER_CACHE_MS)) return cached.roster;
  reading ??= refresh(store, fallback, now).finally(() => (reading = null));
  return reading;
}

async function refresh(store: SubmissionStore, fallback: (() => Roster) | null, now: number): Promise<Roster> {
  try {
    if (cached) {
      const stamp = await readRosterStamp(store);
      if ((stamp?.snapshotAt ?? null) === cached.snapshotAt) {
        cached = { ...cached, checkedAt: now };
        return cached.roster;
      }
    }
    const snapshot = await readRosterSnapshot(store);
    const roster = snapshot ? new Roster(snapshot.members) : fallback ? fallback() : new Roster([]);
    cached = { roster, snapshotAt: snapshot?.takenAt ?? null, checkedAt: now };
    return roster;
  } catch (error) {
    // Blobs did not answer: the copy this instance has is better than turning everyone away; the next request asks again.
    if (cached) return cached.roster;
    throw error;
  }
}
