import { hkdfSync } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { EMPLOYEE_ID_PATTERN } from './roster.ts';

/**
 * Who is signed in, kept in the browser as a sealed cookie: encrypted and
 * authenticated with a key derived from SESSION_SECRET, so it can be neither
 * read nor changed there, and the site keeps no session table. A session ends
 * after two hours without use or twelve hours after sign-in, whichever is first.
 */
export const SESSION_COOKIE = 'pg_session';
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
export const SESSION_MAX_SECONDS = 12 * 60 * 60;
/** A session used after this long is sealed again with a new "seen" time: the idle clock restarts without a cookie on every answer. */
export const SESSION_ROLL_SECONDS = 5 * 60;

/** The round trip to the identity provider: what the callback checks the answer against. */
export const OIDC_COOKIE = 'pg_oidc';
export const OIDC_PENDING_SECONDS = 10 * 60;
// Only the sign-in function reads it; "/sign-in" also covers "/sign-in/callback/".
const OIDC_COOKIE_PATH = '/sign-in';

export interface Session {
  employeeId: string;
  email: string;
  via: 'oidc' | 'email';
  /** Seconds since the epoch: when the person signed in. */
  issuedAt: number;
  /** Seconds since the epoch: when the session was last sealed. */
  seenAt: number;
}

const seconds = z.int().nonnegative();

const sessionSchema = z.object({
  employeeId: z.string().regex(EMPLOYEE_ID_PATTERN),
  email: z.string().min(3).max(254),
  via: z.enum(['oidc', 'email']),
  issuedAt: seconds,
  seenAt: seconds,
});

export interface OidcPending {
  state: string;
  nonce: string;
  /** The PKCE code verifier: only its hash went to the provider. */
  verifier: string;
  next: string;
}

const pendingSchema = z.object({
  state: z.string().min(16).max(200),
  nonce: z.string().min(16).max(200),
  verifier: z.string().min(43).max(128),
  next: z.string().max(2048),
});

/** What each derived key seals; a key never opens what another purpose sealed. */
export type KeyPurpose = 'session' | 'oidc-pending' | 'sign-in-link';

const KEY_SALT = 'cedar-valley-professional-growth';
const keys = new Map<string, Uint8Array>();

/** A 32-byte key for one purpose, derived from the secret with HKDF (SHA-256). */
export function derivedKey(secret: string, purpose: KeyPurpose): Uint8Array {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, KEY_SALT, `${purpose} v1`, 32));
    keys.set(id, key);
  }
  return key;
}

/** Sealed text longer than anything the site makes is not worth decrypting. */
const MAX_SEALED_LENGTH = 4096;

/** jose, loaded by the first claims sealed or opened rather than at import (a request without a cookie needs none); Node keeps it loaded. */
const jose = () => import('jose');

/** Claims encrypted and authenticated in one (JWE, dir + A256GCM), with an expiry in seconds. */
export async function sealClaims(claims: JWTPayload, key: Uint8Array, issuedAt: number, expiresAt: number): Promise<string> {
  const { EncryptJWT } = await jose();
  return new EncryptJWT(claims).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt(issuedAt).setExpirationTime(expiresAt).encrypt(key);
}

export type Opened<T> = { ok: true; claims: T; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Sealed claims back, checked against their schema. "expired" only for text this
 * site sealed: the expiry is inside the encryption, so a forgery is "invalid".
 */
export async function openClaims<T>(sealed: string, key: Uint8Array, schema: z.ZodType<T>, nowMs: number): Promise<Opened<T>> {
  if (sealed.length === 0 || sealed.length > MAX_SEALED_LENGTH) return { ok: false, reason: 'invalid' };
  const { errors, jwtDecrypt } = await jose();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtDecrypt(sealed, key, {
      currentDate: new Date(nowMs),
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
  const parsed = schema.safeParse(payload);
  return parsed.success ? { ok: true, claims: parsed.data, expiresAt: payload.exp! } : { ok: false, reason: 'invalid' };
}

/** The value of one cookie in a Cookie header; the first when a browser sends it twice. */
export function cookieValue(cookieHeader: string | null, name: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

const ends = (session: Session) => Math.min(session.seenAt + SESSION_IDLE_SECONDS, session.issuedAt + SESSION_MAX_SECONDS);

export async function sealSession(session: Session, secret: string): Promise<string> {
  const { employeeId, email, via, issuedAt, seenAt } = session;
  return sealClaims({ employeeId, email, via, issuedAt, seenAt }, derivedKey(secret, 'session'), seenAt, ends(session));
}

/** The session a request carries; null when there is none, or it was changed, sealed with another key, left idle too long or is too old. */
export async function openSession(cookieHeader: string | null, secret: string, nowMs: number): Promise<Session | null> {
  const sealed = cookieValue(cookieHeader, SESSION_COOKIE);
  if (!sealed) return null;
  const opened = await openClaims(sealed, derivedKey(secret, 'session'), sessionSchema, nowMs);
  if (!opened.ok) return null;
  const session = opened.claims;
  const now = Math.floor(nowMs / 1000);
  // Checked here as well as by the sealed expiry, so the rule is written once in words a reader can see.
  if (session.seenAt < session.issuedAt || session.issuedAt > now + 60) return null;
  if (now >= ends(session)) return null;
  return session;
}

/** A new session for a person who has just signed in. */
export function newSession(person: { employeeId: string; email: string }, via: Session['via'], nowMs: number): Session {
  const now = Math.floor(nowMs / 1000);
  return { employeeId: person.employeeId, email: person.email, via, issuedAt: now, seenAt: now };
}

export function needsRoll(session: Session, nowMs: number): boolean {
  return Math.floor(nowMs / 1000) - session.seenAt > SESSION_ROLL_SECONDS;
}

/** The same session, seen now: what a roll seals. It never outlives its absolute limit. */
export function rolled(session: Session, nowMs: number): Session {
  return { ...session, seenAt: Math.max(session.seenAt, Math.floor(nowMs / 1000)) };
}

// Secure is honoured on http://localhost by current browsers, so development needs no exception.
const ATTRIBUTES = 'HttpOnly; Secure; SameSite=Lax';

export function sessionCookie(value: string): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${SESSION_IDLE_SECONDS}; ${ATTRIBUTES}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; ${ATTRIBUTES}`;
}

export async function sealPending(pending: OidcPending, secret: string, nowMs: number): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  const { state, nonce, verifier, next } = pending;
  return sealClaims({ state, nonce, verifier, next }, derivedKey(secret, 'oidc-pending'), now, now + OIDC_PENDING_SECONDS);
}

/** The round trip this browser started, while it is fresh; null otherwise. */
export async function openPending(cookieHeader: string | null, secret: string, nowMs: number): Promise<OidcPending | null> {
  const sealed = cookieValue(cookieHeader, OIDC_COOKIE);
  if (!sealed) return null;
  const opened = await openClaims(sealed, derivedKey(secret, 'oidc-pending'), pendingSchema, nowMs);
  return opened.ok ? opened.claims : null;
}

// Lax lets the browser send it on the provider's redirect back, a top-level GET.
export function pendingCookie(value: string): string {
  return `${OIDC_COOKIE}=${value}; Path=${OIDC_COOKIE_PATH}; Max-Age=${OIDC_PENDING_SECONDS}; ${ATTRIBUTES}`;
}

export function clearedPendingCookie(): string {
  return `${OIDC_COOKIE}=; Path=${OIDC_COOKIE_PATH}; Max-Age=0; ${ATTRIBUTES}`;
}

const NEXT_MAX_LENGTH = 1024;
const SITE = 'https://site.invalid';

/**
 * Where to go after signing in, when it is a path of this site: one "/" then
 * printable ASCII, no "//" and no backslash, as typed or once decoded (browsers
 * read "/\evil" as "//evil", and drop tabs and newlines, which would make
 * "/<tab>/evil" the same). Anything else is "/".
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > NEXT_MAX_LENGTH) return '/';
  if (!/^\/[\x21-\x7e]*$/.test(value) || isAmbiguous(value)) return '/';
  let decoded = value;
  for (let i = 0; i < 3; i++) {
    let once: string;
    try {
      once = decodeURIComponent(decoded);
    } catch {
      return '/';
    }
    if (once === decoded) break;
    decoded = once;
    if (isAmbiguous(decoded) || hasControl(decoded)) return '/';
  }
  const url = new URL(value, SITE);
  return url.origin === SITE ? value : '/';
}

const isAmbiguous = (path: string) => path.startsWith('//') || path.includes('\\');
const hasControl = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
