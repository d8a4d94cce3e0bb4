import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/lib/program/calendar.ts';
import { linkSecret, signLink, toolLinks, verifyLink } from '../../src/lib/workflow/links.ts';
import { runs } from '../../support/runs.ts';

const claims = { receipt: 'PA-7K2M9Q4XAB', step: 'with-supervisor' as const, expires: 1_800_000_000 };
// A day before the link expires: links live at most a month, so a verifier's clock is never years away.
const before = claims.expires * 1000 - 86_400_000;

describe('decision links', () => {
  it('verify when untouched and carry their receipt, step and expiry', () => {
    const check = verifyLink(signLink(claims, 'k'), 'k', before);
    expect(check).toMatchObject({ ok: true, claims });
  });

  it('are refused when any one character is changed', () => {
    const token = signLink(claims, 'k');
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz-_.'), (at, char) => {
        fc.pre(token[at] !== char);
        const changed = token.slice(0, at) + char + token.slice(at + 1);
        expect(verifyLink(changed, 'k', before).ok).toBe(false);
      }),
      { numRuns: runs(100) },
    );
  });

  it('are refused under another key, and once expired (only when the signature holds)', () => {
    expect(verifyLink(signLink(claims, 'k'), 'other', before)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyLink(signLink(claims, 'k'), 'k', claims.expires * 1000 + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyLink(signLink({ ...claims, expires: 1 }, 'x'), 'k', before)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse malformed tokens without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (token) => {
        expect(verifyLink(token, 'k', before).ok).toBe(false);
      }),
      { numRuns: runs(100) },
    );
    for (const token of ['', '...', 'PA-7K2M9Q4XAB.nope.1.x', 'PA-7K2M9Q4XAB.with-supervisor.-1.x', '../../etc.with-supervisor.1.x']) {
      expect(verifyLink(token, 'k', before).ok).toBe(false);
    }
  });

  it('need a long secret on a deployed site, and have a local one for development', () => {
    const deployed = { SITE_ID: 'a1b2c3', URL: 'https://pd.example.org' };
    const key = 'k'.repeat(32);
    expect(() => linkSecret(deployed)).toThrow(/DECISION_LINK_SECRET is not set/);
    expect(() => linkSecret({ ...deployed, DECISION_LINK_SECRET: 'short' })).toThrow(/DECISION_LINK_SECRET/);
    expect(linkSecret({ ...deployed, DECISION_LINK_SECRET: key })).toBe(key);
    // Netlify's build-time CONTEXT is not there at run time: it neither makes nor unmakes a deploy.
    expect(linkSecret({ CONTEXT: 'production' })).toBe('local-development-only:DECISION_LINK_SECRET');
    expect(linkSecret({ SITE_ID: 'a1b2c3', NETLIFY_LOCAL: 'true' })).toBe('local-development-only:DECISION_LINK_SECRET');
  });

  it('make tools refuse a deployed store without the key or the site address', () => {
    const key = 'k'.repeat(32);
    expect(() => toolLinks({ DECISION_LINK_SECRET: key }, true)).toThrow(/URL is not set/);
    expect(() => toolLinks({ URL: 'https://pd.example.org' }, true)).toThrow(/DECISION_LINK_SECRET/);
    expect(toolLinks({ URL: 'https://pd.example.org', DECISION_LINK_SECRET: key }, true)).toEqual({ secret: key, origin: 'https://pd.example.org' });
    expect(toolLinks({}, false)).toEqual({ secret: 'local-development-only:DECISION_LINK_SECRET', origin: 'http://localhost:4321' });
  });

  it('refuse a link whose expiry is later than any link the site makes', () => {
    const now = Date.UTC(2026, 10, 24);
    const far = signLink({ receipt: 'PA-7K2M9Q4XAB', step: 'with-supervisor', expires: Date.UTC(2100, 0, 1) / 1000 }, 'k');
    expect(verifyLink(far, 'k', now)).toEqual({ ok: false, reason: 'invalid' });
    const month = signLink({ receipt: 'PA-7K2M9Q4XAB', step: 'with-supervisor', expires: now / 1000 + 30 * 86_400 }, 'k');
    expect(verifyLink(month, 'k', now).ok).toBe(true);
  });
});

describe('working days', () => {
  it('skip weekends', () => {
    expect(addWorkingDays('2026-11-24', 5)).toBe('2026-12-01'); // Tuesday -> next Tuesday
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday -> Monday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday -> Monday
    expect(addWorkingDays('2026-11-24', 0)).toBe('2026-11-24');
  });
});
