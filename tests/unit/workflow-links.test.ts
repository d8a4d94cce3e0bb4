import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/lib/program/calendar.ts';
import { linkSecret, signLink, verifyLink } from '../../src/lib/workflow/links.ts';

const claims = { receipt: 'PA-7K2M9Q4XAB', step: 'with-supervisor' as const, expires: 1_800_000_000 };
const before = 1_700_000_000_000;

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
    );
    for (const token of ['', '...', 'PA-7K2M9Q4XAB.nope.1.x', 'PA-7K2M9Q4XAB.with-supervisor.-1.x', '../../etc.with-supervisor.1.x']) {
      expect(verifyLink(token, 'k', before).ok).toBe(false);
    }
  });

  it('need a secret on a deployed site, and have a local one for development', () => {
    expect(() => linkSecret({ CONTEXT: 'production' })).toThrow(/DECISION_LINK_SECRET/);
    expect(linkSecret({ CONTEXT: 'production', DECISION_LINK_SECRET: 's3cret' })).toBe('s3cret');
    expect(linkSecret({})).toBe('local-development-only');
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
