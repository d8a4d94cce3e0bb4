import { createHmac, timingSafeEqual } from 'node:crypto';
import { isDeployed, secret, siteOrigin, type Env } from '../http/deployment.ts';
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

/** The key links are signed with: DECISION_LINK_SECRET, required on a deployed site (where anyone could forge a decision without it). */
export function linkSecret(env: Env = process.env, deployed = isDeployed(env)): string {
  return secret('DECISION_LINK_SECRET', env, deployed);
}

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = `${claims.receipt}.${claims.step}.${claims.expires}`;
  return `${payload}.${sign(payload, secret)}`;
}

/** Compared in constant time, so a signature cannot be guessed byte by byte. */
export function signaturesMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifyLink(token: string, secret: string, nowMs: number): LinkCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 4) return { ok: false, reason: 'invalid' };
  const [receipt, step, expires, signature] = parts as [string, string, string, string];
  if (!RECEIPT_PATTERN.test(receipt) || !isStatus(step) || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: 'invalid' };
  if (!signaturesMatch(signature, sign(`${receipt}.${step}.${expires}`, secret))) return { ok: false, reason: 'invalid' };
  // Expiry is checked only once the signature holds, so a forged date tells nothing.
  if (Number(expires) * 1000 < nowMs) return { ok: false, reason: 'expired' };
  // No link the site makes lives longer than its lifetime: one that claims to was not made by it.
  if (Number(expires) * 1000 > nowMs + (LINK_LIFETIME_DAYS + 1) * 86_400_000) return { ok: false, reason: 'invalid' };
  return { ok: true, claims: { receipt, step, expires: Number(expires) }, signature };
}

/**
 * How links made outside a request (a tool, a scheduled run) are signed and where
 * they point: the site's address (Netlify's URL), or `npm start`'s on a
 * development machine. Against a deployed site both the key and the address are required.
 */
export function toolLinks(env: Env = process.env, deployed = isDeployed(env)): { secret: string; origin: string } {
  return { secret: linkSecret(env, deployed), origin: siteOrigin(env, deployed) };
}

/** The address a supervisor or evaluator opens: the decision page with the token. */
export function decisionUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}/decide/?token=${encodeURIComponent(token)}`;
}
