import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SubmissionStore } from '../store/submissions.ts';
import { derivedKey, openClaims, safeNextPath, sealClaims } from './session.ts';

/**
 * Sign-in links for staff without a district account: a token sealed with its
 * own key (derived from SESSION_SECRET for this purpose only) that names the
 * address it was sent to, where to go next, and when it stops working. The
 * store makes each token single use.
 */
export const SIGN_IN_LINK_MINUTES = 15;
export const SIGN_IN_LINK_PATH = '/sign-in/link/';
/** Links one address may be sent in an hour; more requests are answered the same way and send nothing. */
export const SIGN_IN_REQUESTS_PER_HOUR = 5;

const HOUR_MS = 60 * 60_000;
const JTI_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const tokenSchema = z.object({
  email: z.email().max(254),
  jti: z.string().regex(JTI_PATTERN),
  next: z.string().max(2048),
});

export type SignInTokenCheck = { ok: true; email: string; jti: string; next: string } | { ok: false; reason: 'invalid' | 'expired' };

export async function signInLinkToken({ email, next }: { email: string; next: string }, secret: string, nowMs: number): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  const jti = randomBytes(16).toString('base64url');
  return sealClaims({ email, jti, next: safeNextPath(next) }, derivedKey(secret, 'sign-in-link'), now, now + SIGN_IN_LINK_MINUTES * 60);
}

export async function checkSignInToken(token: unknown, secret: string, nowMs: number): Promise<SignInTokenCheck> {
  if (typeof token !== 'string') return { ok: false, reason: 'invalid' };
  const opened = await openClaims(token.trim(), derivedKey(secret, 'sign-in-link'), tokenSchema, nowMs);
  if (!opened.ok) return opened;
  // No token the site makes lives longer than its lifetime (a minute's grace for clocks): one that claims to was not made here.
  if (opened.expiresAt * 1000 > nowMs + (SIGN_IN_LINK_MINUTES + 1) * 60_000) return { ok: false, reason: 'invalid' };
  const { email, jti, next } = opened.claims;
  return { ok: true, email, jti, next: safeNextPath(next) };
}

/** The address a person opens from the message. */
export function signInLinkUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}${SIGN_IN_LINK_PATH}?token=${encodeURIComponent(token)}`;
}

const usedKey = (jti: string) => `used-sign-in/${jti}`;

/** Marks a token used; false when it already was. Blobs' onlyIfNew makes this hold when two tabs try at once. */
export async function useSignInToken(store: SubmissionStore, jti: string): Promise<boolean> {
  if (!JTI_PATTERN.test(jti)) return false;
  const { modified } = await store.blobStore.set(usedKey(jti), new Date().toISOString(), { onlyIfNew: true });
  return modified;
}

/** Whether a token was used already: the link's first page says so before anyone presses on. */
export async function signInTokenUsed(store: SubmissionStore, jti: string): Promise<boolean> {
  if (!JTI_PATTERN.test(jti)) return true;
  return (await store.blobStore.getMetadata(usedKey(jti))) !== null;
}

// Hashed, so the store's keys do not list who asked for links.
const requestsPrefix = (email: string) => `sign-in-requests/${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}/`;

/**
 * Counts a request for a link to this address and says whether one may be sent:
 * at most SIGN_IN_REQUESTS_PER_HOUR in the hour before `now`. The request is
 * written first and counted after, so two at once cannot both slip past the
 * limit; requests beyond the limit are not written, so asking more never
 * extends the wait. Older requests are cleared as they are found.
 */
export async function countSignInRequest(store: SubmissionStore, email: string, now: Date): Promise<boolean> {
  const prefix = requestsPrefix(email);
  const recent = async () => {
    const { blobs } = await store.blobStore.list({ prefix });
    let count = 0;
    for (const { key } of blobs) {
      const at = Number(key.slice(prefix.length).split('-')[0]);
      if (at > now.getTime() - HOUR_MS && at <= now.getTime()) count++;
      else if (at <= now.getTime() - HOUR_MS) await store.blobStore.delete(key);
    }
    return count;
  };
  if ((await recent()) >= SIGN_IN_REQUESTS_PER_HOUR) return false;
  await store.blobStore.set(`${prefix}${now.getTime()}-${randomBytes(6).toString('hex')}`, '');
  return (await recent()) <= SIGN_IN_REQUESTS_PER_HOUR;
}
