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

/** Whether the caller is a script that wants JSON rather than a browser posting a form. */
export function wantsJson(request: Request, bodyKind: string | null): boolean {
  const accept = request.headers.get('accept') ?? '';
  if (accept.includes('application/json')) return true;
  if (accept.includes('text/html')) return false;
  return bodyKind === 'json';
}
