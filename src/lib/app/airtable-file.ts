import { safeFileName } from '../forms/file-names.ts';
import { download } from '../http/answers.ts';
import { verifyFileLink } from '../workflow/file-links.ts';
import type { SubmitDeps } from './submit.ts';

/** Longer than any token the site makes: read no further. */
const MAX_TOKEN_LENGTH = 2_000;

/**
 * GET /airtable/file/?t=: a stored evidence file, for Airtable to fetch into an
 * attachment column (workflow/file-links.ts). Only a signed, unexpired link opens
 * a file, and only the one it names; the fetch is noted, so the drain knows the
 * file arrived. Sent as a download, never a page of the site.
 */
export async function airtableFileHandler(request: Request, deps: SubmitDeps): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  const token = new URL(request.url).searchParams.get('t') ?? '';
  const claims = token.length <= MAX_TOKEN_LENGTH ? verifyFileLink(token, deps.links.secret, deps.now().getTime()) : null;
  const bytes = claims ? await deps.store.fileAt(claims.key) : null;
  if (!claims || !bytes) return notFound();
  // A HEAD is a look, not a fetch: only the bytes sent count as arrived.
  if (request.method === 'GET') await deps.store.markFetched(claims.key, deps.now().toISOString());
  return download(bytes, claims.type, safeFileName('evidence', claims.type));
}

function notFound(): Response {
  return new Response('This file link is not valid, or it has expired.', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}
