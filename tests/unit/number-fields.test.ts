import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaProblems } from '../../src/lib/forms/errors.ts';
import { number, plainNumber } from '../../src/lib/forms/fields.ts';
import { runs } from '../../support/runs.ts';

/** Course hours as the forms ask for them, alone in a form of one field. */
const form = z.object({ hours: number('Course hours', { min: 0.25, max: 500, step: 0.25, unit: 'hours' }) });

function answer(hours: unknown): { ok: true; hours: number } | { ok: false; message: string } {
  const parsed = form.safeParse({ hours });
  if (parsed.success) return { ok: true, hours: parsed.data.hours };
  const [problem] = schemaProblems(parsed.error);
  return { ok: false, message: `${problem!.field}: ${problem!.message}` };
}

const NOT_A_NUMBER = { ok: false, message: 'hours: Enter course hours as a number, like 6' };

describe('a number field', () => {
  it('reads plain decimals as people write them', () => {
    expect(answer('6')).toEqual({ ok: true, hours: 6 });
    expect(answer(' 7.5 ')).toEqual({ ok: true, hours: 7.5 });
    expect(answer('.25')).toEqual({ ok: true, hours: 0.25 });
    expect(answer('6.')).toEqual({ ok: true, hours: 6 });
    expect(answer('012')).toEqual({ ok: true, hours: 12 });
  });

  it('refuses what JavaScript would read as a number but nobody writes in a form, naming the field', () => {
    for (const text of ['0x10', '6e0', '1e1', '0b110', '0o6', '1_0', '+6', 'Infinity', 'NaN', '6 hours', '6,5', '１２', '6..5', '.', '--6', '- 6']) {
      expect(answer(text), text).toEqual(NOT_A_NUMBER);
    }
  });

  it('says a number below zero is out of range, whether it came as text or as a JSON number', () => {
    const below = { ok: false, message: 'hours: Course hours must be 0.25 hours or more' };
    expect(answer('-6')).toEqual(below);
    expect(answer(-6)).toEqual(below);
    // -0 is a minus nobody means where no number is below zero.
    expect(answer('-0')).toEqual(NOT_A_NUMBER);
    expect(answer(-0)).toEqual(NOT_A_NUMBER);
  });

  it('reads a JSON number as JSON already did: 6e0 in a JSON body is 6, as "6" is', () => {
    expect(answer(JSON.parse('{"hours": 6e0}').hours)).toEqual({ ok: true, hours: 6 });
    expect(answer(16)).toEqual(answer('16'));
    expect(answer(7.3)).toEqual(answer('7.3'));
    expect(answer(true)).toEqual(NOT_A_NUMBER);
    expect(answer({ hours: 6 })).toEqual(NOT_A_NUMBER);
  });

  it('takes a minus only where the field goes below zero', () => {
    expect(plainNumber('-2.5', true)).toBe(-2.5);
    expect(Object.is(plainNumber('-0', true), 0)).toBe(true);
    expect(plainNumber('-0', false)).toBeNaN();
  });

  it('for any text: a plain decimal is read as its number, anything else is refused as not a number', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^-?(?:\d{1,4}\.?\d{0,3}|\.\d{1,3})$/),
          fc.string({ unit: fc.constantFrom(...'0123456789.-+eExXbBoO_, \u00a0'.split('')), maxLength: 8 }),
          fc.double().map(String),
        ),
        (text) => {
          const read = plainNumber(text, true);
          if (text.trim() === '') expect(read).toBe(text);
          else if (/^-?(?:\d+\.?\d*|\.\d+)$/.test(text.trim())) expect(read).toBe(Number(text) + 0);
          else expect(read).toBeNaN();
        },
      ),
      { numRuns: runs(2_000) },
    );
  });
});
