import { randomUUID } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import { z } from 'zod';
import type { SubmissionStore } from '../store/submissions.ts';
import { messageSchema, type MailMessage, type MailTransport } from './message.ts';

/**
 * The durable outbox: every message but the sign-in link is written here first and
 * sent by the scheduled run. A message is queued once (its id comes from the event),
 * sent once (a run claims it first), retried with growing pauses when the mail
 * server refuses it, and held for HR after too many tries: never dropped.
 */
const pendingSchema = z.object({
  message: messageSchema,
  /** Failed tries so far. */
  attempts: z.int().min(0),
  nextAttemptAt: z.iso.datetime().optional(),
  lastError: z.string().optional(),
  /** Set after the last allowed try: it waits for `resend`. */
  heldAt: z.iso.datetime().optional(),
});
export type PendingMail = z.infer<typeof pendingSchema>;

const sentSchema = z.object({
  message: messageSchema,
  /** Tries it took, the one that worked included. */
  attempts: z.int().min(1),
  sentAt: z.iso.datetime(),
});
export type SentMail = z.infer<typeof sentSchema>;

const key = {
  pending: (id: string) => `mail/pending/${id}`,
  sent: (id: string) => `mail/sent/${id}`,
  claims: (id: string) => `mail/claim/${id}/`,
};

const READS_AT_ONCE = 64;
/** Longer than any send can take (the SMTP timeouts add up to under a minute): a claim older than this belongs to a run that died. */
const CLAIM_LEASE_MS = 15 * 60_000;
const MAX_DELAY_MS = 60 * 60_000;

/** 1, 2, 4... minutes after the 1st, 2nd, 3rd... failure, never more than an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

/**
 * Queues a message; false when the same message (same id) is already queued or
 * was sent. onlyIfNew makes two enqueues of one event at the same moment one message.
 */
export async function enqueue(store: SubmissionStore, message: MailMessage): Promise<boolean> {
  const blobs = store.blobStore;
  const checked = messageSchema.parse(message);
  if (await blobs.getMetadata(key.sent(checked.id))) return false;
  const entry: PendingMail = { message: checked, attempts: 0 };
  const { modified } = await blobs.setJSON(key.pending(checked.id), entry, { onlyIfNew: true });
  return modified;
}

export interface SendOptions {
  now: () => Date;
  /** No new send starts after this long; what is left waits for the next run. */
  budgetMs?: number;
  /** Failed tries before a message is held for HR. */
  maxAttempts?: number;
}

export interface SendReport {
  /** Delivered by this run. */
  sent: number;
  /** Refused this run; each is tried again after its pause. */
  failed: number;
  /** Reached the last try this run and now waits for HR (`resend`). */
  held: number;
  /** Still waiting to be sent after this run: not yet due, failed, or not reached in time. */
  left: number;
}

type Outcome = 'sent' | 'failed' | 'held' | 'waiting' | 'gone';

/** Sends the due messages, oldest first, within the time budget. */
export async function sendPending(store: SubmissionStore, transport: MailTransport, options: SendOptions): Promise<SendReport> {
  const { now, budgetMs = 20_000, maxAttempts = 10 } = options;
  const blobs = store.blobStore;
  const started = now().getTime();
  const waiting = (await readAll(blobs, 'mail/pending/', pendingSchema)).filter((e) => !e.heldAt);
  const due = waiting.filter((e) => isDue(e, started)).sort((a, b) => a.message.createdAt.localeCompare(b.message.createdAt));
  const count: Record<Outcome, number> = { sent: 0, failed: 0, held: 0, waiting: 0, gone: 0 };
  for (const entry of due) {
    if (now().getTime() - started >= budgetMs) break;
    count[await attempt(blobs, transport, entry.message.id, now, maxAttempts)] += 1;
  }
  return { sent: count.sent, failed: count.failed, held: count.held, left: waiting.length - count.sent - count.held - count.gone };
}

const isDue = (entry: PendingMail, at: number) => !entry.nextAttemptAt || Date.parse(entry.nextAttemptAt) <= at;

async function attempt(blobs: Store, transport: MailTransport, id: string, now: () => Date, maxAttempts: number): Promise<Outcome> {
  const claim = await claimMessage(blobs, id, now().getTime());
  if (!claim) return 'waiting';
  try {
    // Read again under the claim: another run may have sent it or failed it since the list.
    const entry = await readOne(blobs, key.pending(id), pendingSchema);
    if (!entry) return 'gone';
    if (entry.heldAt || !isDue(entry, now().getTime())) return 'waiting';
    // Queued again after it was sent (an enqueue racing the last send): it was delivered already.
    if (await blobs.getMetadata(key.sent(id))) {
      await blobs.delete(key.pending(id));
      return 'gone';
    }
    try {
      await transport.send(entry.message);
    } catch (error) {
      return await recordFailure(blobs, entry, error, now(), maxAttempts);
    }
    const sent: SentMail = { message: entry.message, attempts: entry.attempts + 1, sentAt: now().toISOString() };
    // Sent is written before pending goes: a crash in between leaves both, and the check above drops the copy.
    await blobs.setJSON(key.sent(id), sent);
    await blobs.delete(key.pending(id));
    await Promise.all(claim.stale.map((k) => blobs.delete(k)));
    return 'sent';
  } finally {
    await blobs.delete(claim.key);
  }
}

async function recordFailure(blobs: Store, entry: PendingMail, error: unknown, at: Date, maxAttempts: number): Promise<Outcome> {
  const attempts = entry.attempts + 1;
  const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const { nextAttemptAt: _next, ...rest } = entry;
  const next: PendingMail =
    attempts >= maxAttempts
      ? { ...rest, attempts, lastError, heldAt: at.toISOString() }
      : { ...rest, attempts, lastError, nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)).toISOString() };
  await blobs.setJSON(key.pending(entry.message.id), next);
  return next.heldAt ? 'held' : 'failed';
}

/**
 * A run's claim on one message: it writes a key of its own, then lists the
 * message's claims, and goes ahead only when no other live claim is there. Of two
 * runs at once, at most one sees only itself (the later writer always sees the
 * earlier); both may back off, and the next run sends it. The expiry is in the key,
 * so the list alone decides. Not onlyIfNew on one shared key: Netlify's local Blobs
 * server does not make conditional writes atomic, and this needs only writes and a list.
 */
async function claimMessage(blobs: Store, id: string, at: number): Promise<{ key: string; stale: string[] } | null> {
  const prefix = key.claims(id);
  const mine = `${prefix}${at + CLAIM_LEASE_MS}-${randomUUID()}`;
  await blobs.set(mine, '');
  const keys = await blobs.list({ prefix }).then(
    (listed) => listed.blobs.map((b) => b.key),
    () => null,
  );
  const claims = (keys ?? []).flatMap((k) => {
    // Anything else under the prefix is a write still in flight on the local server, not a claim.
    const until = /^(\d+)-[0-9a-f-]{36}$/.exec(k.slice(prefix.length))?.[1];
    return until && k !== mine ? [{ key: k, live: Number(until) > at }] : [];
  });
  if (!keys?.includes(mine) || claims.some((c) => c.live)) {
    await blobs.delete(mine);
    return null;
  }
  return { key: mine, stale: claims.map((c) => c.key) };
}

export interface Outbox {
  /** Waiting to be sent, in the order they will go. */
  pending: PendingMail[];
  /** Tried too often; each waits for `resend`. Newest first. */
  held: PendingMail[];
  /** Delivered, newest first. */
  sent: SentMail[];
}

export async function listOutbox(store: SubmissionStore): Promise<Outbox> {
  const blobs = store.blobStore;
  const [queued, sent] = await Promise.all([readAll(blobs, 'mail/pending/', pendingSchema), readAll(blobs, 'mail/sent/', sentSchema)]);
  const byCreated = (a: PendingMail, b: PendingMail) => a.message.createdAt.localeCompare(b.message.createdAt);
  return {
    pending: queued.filter((e) => !e.heldAt).sort(byCreated),
    held: queued.filter((e) => e.heldAt).sort((a, b) => byCreated(b, a)),
    sent: sent.sort((a, b) => b.sentAt.localeCompare(a.sentAt)),
  };
}

export type ResendResult = 'queued' | 'already-sent' | 'not-found';

/** Puts a held (or waiting) message back in line at once, with all its tries again: for HR, once the cause is fixed. */
export async function resend(store: SubmissionStore, id: string): Promise<ResendResult> {
  const blobs = store.blobStore;
  if (!/^[0-9a-f]{32}$/.test(id)) return 'not-found';
  const entry = await readOne(blobs, key.pending(id), pendingSchema);
  if (entry) {
    const { heldAt: _held, nextAttemptAt: _next, ...rest } = entry;
    await blobs.setJSON(key.pending(id), { ...rest, attempts: 0 } satisfies PendingMail);
    return 'queued';
  }
  return (await blobs.getMetadata(key.sent(id))) ? 'already-sent' : 'not-found';
}

/** One message by id, wherever it is, for the command line. */
export async function findMessage(store: SubmissionStore, id: string): Promise<PendingMail | SentMail | null> {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  const blobs = store.blobStore;
  return (await readOne(blobs, key.pending(id), pendingSchema)) ?? (await readOne(blobs, key.sent(id), sentSchema));
}

async function readOne<T>(blobs: Store, k: string, schema: z.ZodType<T>): Promise<T | null> {
  const parsed = schema.safeParse(await blobs.get(k, { type: 'json' }));
  // An unreadable entry is left where it is, never deleted: it shows up as missing, not lost.
  return parsed.success ? parsed.data : null;
}

async function readAll<T>(blobs: Store, prefix: string, schema: z.ZodType<T>): Promise<T[]> {
  const { blobs: listed } = await blobs.list({ prefix });
  const out: T[] = [];
  // In slices: thousands of reads at once are slower than a few dozen at a time.
  for (let i = 0; i < listed.length; i += READS_AT_ONCE) {
    const slice = await Promise.all(listed.slice(i, i + READS_AT_ONCE).map((b) => readOne(blobs, b.key, schema)));
    out.push(...slice.filter((e): e is Awaited<T> => e !== null));
  }
  return out;
}
