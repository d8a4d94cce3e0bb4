/**
 * The site's Content-Security-Policy: the same on the pages functions answer and on
 * the static pages (public/_headers, held to this by tests/unit/security-headers.test.ts).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** Every answer the functions give: JSON for scripts, HTML pages and redirects for browsers. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
};

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS },
  });
}

export function htmlAnswer(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      ...SECURITY_HEADERS,
    },
  });
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, ...SECURITY_HEADERS } });
}

/**
 * A file sent to be saved, never shown: it cannot run as a page of the site (no
 * sniffing, a sandbox with nothing allowed) and goes out under `name`, which the
 * caller has made safe (forms/file-names.ts).
 */
export function download(bytes: Uint8Array<ArrayBuffer> | ArrayBuffer, type: string, name: string): Response {
  return new Response(bytes, {
    status: 200,
    headers: {
      'content-type': type,
      'content-disposition': attachmentDisposition(name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}

/** RFC 8187's attr-char: all that may stand unencoded in `filename*`. encodeURIComponent also leaves ' ( ) * bare, which end or break the value. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+.^_`|~-]$/;

/**
 * `attachment` with the name twice: `filename*` in UTF-8 for every client that reads it,
 * and `filename` in plain ASCII (no quote, backslash or percent) for the few that do not.
 */
export function attachmentDisposition(name: string): string {
  const encoded = [...new TextEncoder().encode(name)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  const ascii = name.replace(/[^\w. -]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** How much a client's Accept header wants a kind of answer: its highest q among the types that match, -1 when none does. */
function quality(accept: string, matches: (type: string) => boolean): number {
  let best = -1;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (!matches(type)) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    best = Math.max(best, Number.isFinite(value) ? value : 0);
  }
  return best;
}

const isJson = (type: string) => type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
const isHtml = (type: string) => type === 'text/html' || type === 'application/xhtml+xml';

/**
 * Whether the caller is a script that wants JSON rather than a browser: what its
 * Accept header prefers (JSON on a tie, `application/problem+json` and the like
 * counted as JSON), else the kind of body it sent.
 */
export function wantsJson(request: Request, bodyKind: string | null): boolean {
  const accept = request.headers.get('accept') ?? '';
  const json = quality(accept, isJson);
  const html = quality(accept, isHtml);
  if (json > 0 && json >= html) return true;
  if (html > 0) return false;
  return bodyKind === 'json';
}
