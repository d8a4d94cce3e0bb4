import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extensionFor, safeFileName } from '../../src/lib/forms/file-names.ts';
import { runs } from '../../support/runs.ts';

const TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif'];
const RTL_OVERRIDE = '\u202E';

/** Names a sender could choose: bidi controls, paths, control characters, dots, devices, lone surrogates. */
const hostile = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      RTL_OVERRIDE,
      '\u202A',
      '\u2066',
      '\u200F',
      '\u061C',
      '\u200B',
      '/',
      '\\',
      '..',
      '.',
      ':',
      '*',
      '\u0000',
      '\n',
      '\u2028',
      ' ',
      'con',
      'pdf',
      'a',
      'é',
    ),
  }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(`invoice${RTL_OVERRIDE}fdp.exe`, '../../etc/passwd', 'CON.pdf', '.hidden.pdf', 'scan. ', ''),
);

describe('the name a stored file goes out under', () => {
  it('keeps an ordinary name, with the extension of its type', () => {
    expect(safeFileName('transcript.pdf', 'application/pdf')).toBe('transcript.pdf');
    expect(safeFileName('Photo of certificate.JPEG', 'image/jpeg')).toBe('Photo of certificate.jpeg');
    expect(safeFileName('Zertifikat März.pdf', 'application/pdf')).toBe('Zertifikat März.pdf');
  });

  it('ends in the detected type’s extension, whatever the sender named it', () => {
    expect(safeFileName('scan', 'image/png')).toBe('scan.png');
    expect(safeFileName('notes.txt', 'application/pdf')).toBe('notes.txt.pdf');
    expect(safeFileName('photo.png', 'image/jpeg')).toBe('photo.png.jpg');
  });

  it('drops a right-to-left override, so a program cannot pass for a document', () => {
    expect(safeFileName(`invoice${RTL_OVERRIDE}fdp.exe`, 'application/pdf')).toBe('invoicefdp.exe.pdf');
  });

  it('sends a PDF named like a web page as a PDF', () => {
    expect(safeFileName('certificate.html', 'application/pdf')).toBe('certificate.html.pdf');
    expect(safeFileName('certificate.HTML', 'image/png')).toBe('certificate.HTML.png');
  });

  it('drops every bidi control: embeddings and overrides, isolates, marks, and the Arabic letter mark', () => {
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
    for (const control of controls) {
      expect(safeFileName(`re${control}port.pdf`, 'application/pdf'), `U+${control.codePointAt(0)!.toString(16).toUpperCase()}`).toBe('report.pdf');
    }
    expect(safeFileName(`${controls.join('')}scan${controls.join('')}`, 'image/png')).toBe('scan.png');
  });

  it('takes no extension from Object’s own names for a type it does not know', () => {
    expect(safeFileName('scan.pdf', 'constructor')).toBe('scan.pdf');
    expect(extensionFor('__proto__')).toBeUndefined();
  });

  it('never points outside its folder, hides itself or names a device', () => {
    expect(safeFileName('../../etc/passwd', 'application/pdf')).toBe('_.._etc_passwd.pdf');
    expect(safeFileName('.hidden.pdf', 'application/pdf')).toBe('hidden.pdf');
    expect(safeFileName('CON.pdf', 'application/pdf')).toBe('_CON.pdf');
    expect(safeFileName('', 'image/png')).toBe('file.png');
  });

  it('for any name: no control, format or path character, a visible start, and the type’s extension', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(...TYPES), (name, type) => {
        const safe = safeFileName(name, type);
        expect(safe).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029<>:"/\\|?*]/u);
        expect(safe).not.toMatch(/^[\s.]/);
        expect(safe.isWellFormed()).toBe(true);
        expect(safe.endsWith(`.${extensionFor(type)}`) || (type === 'image/heif' && safe.endsWith('.heic'))).toBe(true);
        expect([...safe].length).toBeLessThanOrEqual(126);
        expect(safeFileName(safe, type)).toBe(safe);
      }),
      { numRuns: runs(2_000) },
    );
  });
});
