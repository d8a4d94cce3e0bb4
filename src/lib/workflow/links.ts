import { createHmac, timingSafeEqual } from 'node:crypto';
import { RECEIPT_PATTERN } from '../forms/receipt-format.ts';
import { isStatus, type Status } from '../program/routing.ts';

/**
 * Signed decision links for people without an Airtable seat (supervisors,
 * evaluators): "<receipt>.<step>.<expiry>.<signature>", the signature an HMAC
 * over all three. Anyone holding the link can decide that one step of that one
 * request until it expires; the store makes each link single use.
 */
export const LINK_LIFETIME_DAYS = 30;

export interface LinkClaims {
  receipt: string;
  step: Status;
  /** Seconds since the epoch. */
  expires: number;
}

export type LinkCheck = { ok: true; claims: LinkClaims; signature: string } | { ok: false; reason: 'invalid' | 'expired' };

/** The key links are signed with: DECISION_LINK_SECRET, required on a deployed site. */
export function linkSecret(env: Record<string, string | undefined> = process.env): string {
  const secret = env['DECISION_LINK_SECRET'];
  if (secret) return secret;
  // Netlify sets CONTEXT on deploys; without a secret there anyone could forge a decision.
  if (env['CONTEXT']) throw new Error('DECISION_LINK_SECRET is not set: decision links cannot be signed on a deployed site without it.');
  return 'local-development-only';
}

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = `${claims.receipt}.${claims.step}.${claims.expires}`;
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyLink(token: string, secret: string, nowMs: number): LinkCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 4) return { ok: false, reason: 'invalid' };
  const [receipt, step, expires, signature] = parts as [string, string, string, string];
  if (!RECEIPT_PATTERN.test(receipt) || !isStatus(step) || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(`${receipt}.${step}.${expires}`, secret));
  const given = Buffer.from(signature);
  // Compared in constant time, so the signature cannot be guessed byte by byte.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  // Expiry is checked only once the signature holds, so a forged date tells nothing.
  if (Number(expires) * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { receipt, step, expires: Number(expires) }, signature };
}

/** Where links made outside a request (a tool, a scheduled run) point: the site's address (Netlify's URL), or `npm start`'s. */
export function toolLinkOrigin(env: Record<string, string | undefined> = process.env): string {
  return env['URL'] ?? 'http://localhost:4321';
}

/** The address a supervisor or evaluator opens: the decision page with the token. */
export function decisionUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}/decide/?token=${encodeURIComponent(token)}`;
}
