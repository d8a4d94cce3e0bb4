import { createHmac } from 'node:crypto';
import type { StoredFile } from '../forms/record.ts';
import { isDeployed, siteOrigin, type Env } from '../http/deployment.ts';
import { linkSecret, signaturesMatch } from './links.ts';

/**
 * Signed addresses of evidence files, for Airtable to fetch: a record's files go
 * into its attachment columns as {url, filename} inside the write that creates it,
 * and Airtable downloads them, instead of one upload request per file against the
 * base's 5 requests a second. Each address names one stored file and its type,
 * and expires: Airtable fetches within moments, and the drain falls back to
 * uploading whatever it has not fetched well before then (drain.ts).
 * "<payload>.<expiry>.<signature>", the payload the file's key and type in
 * base64url JSON, the signature an HMAC with the decision links' key over a
 * "file:" prefix, so no decision link can pass for a file link or the other way.
 */
export const FILE_LINK_LIFETIME_MS = 6 * 3_600_000;

/** Where the site serves a file link (netlify/functions/airtable-file.mts). */
export const FILE_LINK_PATH = '/airtable/file/';

/** Only the site's evidence files are ever signed (store/submissions.ts keeps them under file/). */
const FILE_KEY = /^file\/\S{1,600}$/;

export interface FileLinkClaims {
  key: string;
  type: string;
  /** Milliseconds since the epoch. */
  expires: number;
}

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(`file:${payload}`).digest('base64url');

export function fileLinkToken(claims: FileLinkClaims, secret: string): string {
  const payload = `${Buffer.from(JSON.stringify({ k: claims.key, t: claims.type })).toString('base64url')}.${Math.floor(claims.expires / 1000)}`;
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyFileLink(token: string, secret: string, nowMs: number): FileLinkClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [body, expires, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(body) || !/^\d{1,12}$/.test(expires)) return null;
  if (!signaturesMatch(signature, sign(`${body}.${expires}`, secret))) return null;
  const expiresMs = Number(expires) * 1000;
  if (expiresMs < nowMs || expiresMs > nowMs + FILE_LINK_LIFETIME_MS + 60_000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { k, t } = (parsed ?? {}) as { k?: unknown; t?: unknown };
  if (typeof k !== 'string' || typeof t !== 'string' || !FILE_KEY.test(k)) return null;
  return { key: k, type: t, expires: expiresMs };
}

/** Makes the address Airtable fetches a stored file from. */
export type FileLinker = (file: StoredFile) => string;

/**
 * File links for the site's exchange with Airtable, or null when Airtable could not
 * fetch from the site: AIRTABLE_FILES_BY_LINK "on" or "off" decides; unset, a deployed
 * site with an https address sends links and a development machine uploads.
 */
export function fileLinker(env: Env = process.env, now: () => number = Date.now, deployed = isDeployed(env)): FileLinker | null {
  const setting = env['AIRTABLE_FILES_BY_LINK']?.trim().toLowerCase();
  const origin = siteOrigin(env, deployed);
  const on = setting === 'on' || (setting !== 'off' && deployed && origin.startsWith('https://'));
  if (!on) return null;
  const secret = linkSecret(env, deployed);
  return (file) => {
    const token = fileLinkToken({ key: file.key, type: file.type, expires: now() + FILE_LINK_LIFETIME_MS }, secret);
    return `${origin.replace(/\/$/, '')}${FILE_LINK_PATH}?t=${token}`;
  };
}
