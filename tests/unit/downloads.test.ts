import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, download } from '../../src/lib/http/answers.ts';
import { safeFileName } from '../../src/lib/forms/file-names.ts';
import { runs } from '../../support/runs.ts';

/** RFC 8187 attr-char, and percent-encoded bytes: nothing else may stand in a filename* value. */
const EXT_VALUE = /^(?:[A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-F]{2})*$/;

function parts(header: string): { ascii: string; encoded: string } {
  const found = /^attachment; filename="([^"\\]*)"; filename\*=UTF-8''(\S*)$/.exec(header);
  if (!found) throw new Error(`not an attachment header: ${header}`);
  return { ascii: found[1]!, encoded: found[2]! };
}

describe('the Content-Disposition of a download', () => {
  it('percent-encodes the characters encodeURIComponent leaves bare: apostrophe, parentheses and asterisk', () => {
    expect(attachmentDisposition("Ana's receipt (2) *final*.pdf")).toBe(
      `attachment; filename="Ana_s receipt _2_ _final_.pdf"; filename*=UTF-8''Ana%27s%20receipt%20%282%29%20%2Afinal%2A.pdf`,
    );
  });

  it('writes other characters as the percent-encoded bytes of their UTF-8, and keeps the attr-chars as they are', () => {
    expect(parts(attachmentDisposition('Zertifikat März.pdf')).encoded).toBe('Zertifikat%20M%C3%A4rz.pdf');
    expect(parts(attachmentDisposition('a!#$&+^_`|~-.pdf')).encoded).toBe('a!#$&+^_`|~-.pdf');
    expect(parts(attachmentDisposition('100%;"x".pdf')).encoded).toBe('100%25%3B%22x%22.pdf');
  });

  it('for any name the site sends: filename* holds only attr-chars and %XX and decodes to the name; filename is quoted ASCII', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        fc.constantFrom('application/pdf', 'image/png'),
        (raw, type) => {
          const name = safeFileName(raw, type);
          const { ascii, encoded } = parts(attachmentDisposition(name));
          expect(encoded).toMatch(EXT_VALUE);
          expect(decodeURIComponent(encoded)).toBe(name);
          expect(ascii).toMatch(/^[\w. -]*$/);
        },
      ),
      { numRuns: runs(2_000) },
    );
  });

  it('is sent as an attachment that cannot be sniffed or run as a page of the site', async () => {
    const answer = download(new TextEncoder().encode('%PDF-1.4').buffer, 'application/pdf', 'certificate.html.pdf');
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="certificate\.html\.pdf"/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(await answer.text()).toBe('%PDF-1.4');
  });
});
