import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, htmlAnswer, json } from '../../src/lib/http/answers.ts';
import { headersFor, readHeadersFile } from '../../support/netlify-headers.ts';

describe('the security headers', () => {
  const staticHeaders = new Map(headersFor(readHeadersFile('public/_headers'), '/handbook/').map(([name, value]) => [name.toLowerCase(), value]));

  it('are the same on static pages and on the pages functions answer', () => {
    const page = htmlAnswer(200, '<!doctype html>');
    expect(staticHeaders.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const name of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'strict-transport-security']) {
      expect(page.headers.get(name), name).toBe(staticHeaders.get(name));
    }
  });

  it('let no page run an inline script, be framed, or send its address (and a token in it) to another site', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(staticHeaders.get('referrer-policy')).toBe('same-origin');
    expect(json(200, {}).headers.get('x-content-type-options')).toBe('nosniff');
  });
});
