import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSignInToken, SIGN_IN_LINK_MINUTES, signInLinkToken } from '../../src/lib/identity/email-link.ts';
import {
  clearedPendingCookie,
  clearedSessionCookie,
  derivedKey,
  needsRoll,
  newSession,
  OIDC_COOKIE,
  openPending,
  openSession,
  pendingCookie,
  rolled,
  safeNextPath,
  sealClaims,
  sealPending,
  sealSession,
  SESSION_COOKIE,
  SESSION_IDLE_SECONDS,
  SESSION_MAX_SECONDS,
  sessionCookie,
  type Session,
} from '../../src/lib/identity/session.ts';
import { runs } from '../../support/runs.ts';

const SECRET = 'a test session secret, at least thirty-two characters';
const START = Date.parse('2026-11-24T18:00:00Z');
const MINUTE = 60_000;
const ana = { employeeId: '104233', email: 'ana.reyes@cedarvalley.example' };

const cookieOf = (sealed: string) => `theme=dark; ${SESSION_COOKIE}=${sealed}; other=1`;
const open = async (session: Session, atMs: number, secret = SECRET) => openSession(cookieOf(await sealSession(session, SECRET)), secret, atMs);

describe('the session cookie', () => {
  it('opens to the session it was sealed from, among other cookies', async () => {
    const session = newSession(ana, 'oidc', START);
    expect(await open(session, START + MINUTE)).toEqual(session);
  });

  it('cannot be read or changed in the browser', async () => {
    const sealed = await sealSession(newSession(ana, 'email', START), SECRET);
    expect(sealed).not.toContain(ana.employeeId);
    expect(Buffer.from(sealed.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('cedarvalley');
    for (const at of [10, sealed.length - 30, sealed.length - 3]) {
      const changed = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
      expect(await openSession(cookieOf(changed), SECRET, START)).toBeNull();
    }
    expect(await openSession(cookieOf('not-a-session'), SECRET, START)).toBeNull();
    expect(await openSession(null, SECRET, START)).toBeNull();
  });

  it('does not open with another secret', async () => {
    expect(await open(newSession(ana, 'email', START), START, 'another secret of thirty-two characters or more')).toBeNull();
  });

  it('does not open as a sign-in link or a provider round trip: each purpose has its own key', async () => {
    const sealed = await sealSession(newSession(ana, 'email', START), SECRET);
    expect(await openPending(`${OIDC_COOKIE}=${sealed}`, SECRET, START)).toBeNull();
    expect(await checkSignInToken(sealed, SECRET, START)).toEqual({ ok: false, reason: 'invalid' });
    expect(derivedKey(SECRET, 'session')).not.toEqual(derivedKey(SECRET, 'sign-in-link'));
  });

  it('ends after two hours without use', async () => {
    const session = newSession(ana, 'email', START);
    expect(await open(session, START + SESSION_IDLE_SECONDS * 1000 - 1000)).not.toBeNull();
    expect(await open(session, START + SESSION_IDLE_SECONDS * 1000)).toBeNull();
  });

  it('ends twelve hours after sign-in however often it is used', async () => {
    let session = newSession(ana, 'email', START);
    for (let at = START; at < START + SESSION_MAX_SECONDS * 1000; at += 60 * MINUTE) {
      expect(await open(session, at)).not.toBeNull();
      session = rolled(session, at);
    }
    expect(session.seenAt * 1000).toBeGreaterThan(START + (SESSION_MAX_SECONDS - 2 * 60 * 60) * 1000);
    expect(await open(session, START + SESSION_MAX_SECONDS * 1000)).toBeNull();
  });

  it('refuses a session that claims to have started in the future', async () => {
    const later = newSession(ana, 'email', START + 60 * MINUTE);
    expect(await open(later, START)).toBeNull();
  });

  it('is rolled forward only once it is more than five minutes old', () => {
    const session = newSession(ana, 'email', START);
    expect(needsRoll(session, START + 5 * MINUTE)).toBe(false);
    expect(needsRoll(session, START + 5 * MINUTE + 1000)).toBe(true);
    expect(rolled(session, START + 6 * MINUTE)).toEqual({ ...session, seenAt: session.seenAt + 6 * 60 });
  });

  it('is set HttpOnly, Secure and SameSite=Lax for the whole site, and cleared the same way', () => {
    expect(sessionCookie('sealed')).toBe(`pg_session=sealed; Path=/; Max-Age=${SESSION_IDLE_SECONDS}; HttpOnly; Secure; SameSite=Lax`);
    expect(clearedSessionCookie()).toBe('pg_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax');
  });
});

describe('the provider round-trip cookie', () => {
  const pending = { state: 'state-'.padEnd(43, 's'), nonce: 'nonce-'.padEnd(43, 'n'), verifier: 'v'.repeat(43), next: '/requests/' };

  it('opens for ten minutes, on the sign-in addresses only', async () => {
    const header = `${OIDC_COOKIE}=${await sealPending(pending, SECRET, START)}`;
    expect(await openPending(header, SECRET, START + 10 * MINUTE - 1000)).toEqual(pending);
    expect(await openPending(header, SECRET, START + 10 * MINUTE)).toBeNull();
    expect(pendingCookie('x')).toBe('pg_oidc=x; Path=/sign-in; Max-Age=600; HttpOnly; Secure; SameSite=Lax');
    expect(clearedPendingCookie()).toBe('pg_oidc=; Path=/sign-in; Max-Age=0; HttpOnly; Secure; SameSite=Lax');
  });
});

describe('the sign-in link token', () => {
  it('carries the address and where to go, for fifteen minutes', async () => {
    const token = await signInLinkToken({ email: ana.email, next: '/forms/' }, SECRET, START);
    expect(await checkSignInToken(token, SECRET, START + SIGN_IN_LINK_MINUTES * MINUTE - 1000)).toMatchObject({ ok: true, email: ana.email, next: '/forms/' });
    expect(await checkSignInToken(token, SECRET, START + SIGN_IN_LINK_MINUTES * MINUTE)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkSignInToken(token, 'another secret of thirty-two characters or more', START)).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkSignInToken(['not', 'a', 'token'], SECRET, START)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token that would live longer than any link the site sends', async () => {
    const now = Math.floor(START / 1000);
    const key = derivedKey(SECRET, 'sign-in-link');
    const forever = await sealClaims({ email: ana.email, jti: 'j'.repeat(22), next: '/' }, key, now, now + 24 * 60 * 60);
    expect(await checkSignInToken(forever, SECRET, START)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('never carries a next address off the site', async () => {
    const token = await signInLinkToken({ email: ana.email, next: '//evil.example/' }, SECRET, START);
    expect(await checkSignInToken(token, SECRET, START)).toMatchObject({ ok: true, next: '/' });
  });
});

describe('where to go after signing in', () => {
  const SITE = 'https://growth.cedarvalley.example';
  /** Safe: "/" or a path that stays on the site as written, and once or twice decoded. */
  function staysOnSite(result: string): boolean {
    if (result === '/') return true;
    if (!result.startsWith('/') || result.startsWith('//') || result.includes('\\') || /[\s]/.test(result)) return false;
    let text = result;
    for (let i = 0; i < 3; i++) {
      if (new URL(text, SITE).origin !== SITE || text.startsWith('//') || text.includes('\\')) return false;
      try {
        text = decodeURIComponent(text);
      } catch {
        return true;
      }
    }
    return true;
  }

  it('keeps a path of the site with its query', () => {
    for (const path of ['/', '/requests/', '/requests/status/?receipt=PA-7K2M9Q4XAB', '/forms/pre-approval/#f-email', '/courses/?q=a%20b'])
      expect(safeNextPath(path)).toBe(path);
  });

  it('turns everything that could leave the site into "/"', () => {
    const attacks = [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' /evil',
      'https://evil.example/',
      'HTTPS://evil.example',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>',
      'evil.example',
      '/%2F%2Fevil.example',
      '/%2fevil.example',
      '/%5Cevil.example',
      '/%252F%252Fevil.example',
      '%2F%2Fevil.example',
      '/%E0%A4%A',
      '/caf\u00e9',
      '',
      `/${'a'.repeat(2000)}`,
    ];
    for (const attack of attacks) expect(safeNextPath(attack), attack).toBe('/');
    for (const value of [undefined, null, 42, ['/requests/'], { next: '/' }]) expect(safeNextPath(value)).toBe('/');
  });

  it('never gives an address off the site, whatever it is given', () => {
    const prefixes = fc.constantFrom('//', '/\\', '\\', '/%2F', '/%2f/', '/%5C', '/%252F', '%2F', 'https:', 'http://', 'javascript:', '/\t/', '/ /', '', '/');
    const hosts = fc.constantFrom('evil.example', '@evil.example', 'evil.example:443', '');
    const made = fc.tuple(prefixes, hosts, fc.string({ maxLength: 20 })).map(([p, h, rest]) => `${p}${h}${rest}`);
    const anything = fc.oneof(made, fc.string(), fc.string({ unit: 'binary' }), fc.webUrl(), fc.webPath());
    fc.assert(
      fc.property(anything, (value) => staysOnSite(safeNextPath(value))),
      { numRuns: runs(5000, 1000) },
    );
  });

  it('keeps every ordinary path of the site', () => {
    const path = fc.tuple(fc.webPath(), fc.webQueryParameters()).map(([p, q]) => `/${p.replace(/^\/+/, '')}${q ? `?${q}` : ''}`);
    // Encoded slashes, backslashes, control characters and double encoding are given up on, as are paths over 1,024 characters.
    const doubtful = (value: string) => /%(2f|5c|25|[01][0-9a-f]|7f)/i.test(value) || value.length > 1024;
    fc.assert(
      fc.property(path, (value) => doubtful(value) || safeNextPath(value) === value),
      { numRuns: runs(2000, 500) },
    );
  });
});
