import type { AnyForm } from './form.ts';
import type { StoredFile } from './record.ts';
import { formFields } from './walk.ts';

/**
 * The name a stored file goes out under (Airtable, a download, a folder on HR's
 * computer). The name came from the sender's computer and may be made to deceive:
 * a right-to-left override (U+202E) between "invoice" and "fdp.exe" shows a program
 * as "invoiceexe.pdf"; a path or a control character points elsewhere. What goes out
 * keeps the words and drops the tricks, and ends in the extension of the type the
 * site detected from the file's bytes, whatever the sender called it.
 */
const EXTENSIONS = new Map<string, readonly string[]>([
  ['application/pdf', ['pdf']],
  ['image/jpeg', ['jpg', 'jpeg']],
  ['image/png', ['png']],
  ['image/heic', ['heic']],
  ['image/heif', ['heif', 'heic']],
]);

/** Format characters (bidi marks, embeddings, overrides and isolates, zero-width ones): they change how a name reads, not what it says. */
const INVISIBLE = /\p{Cf}/gu;
/** Control characters, line breaks, and what a file system reserves for paths and devices. */
const RESERVED = /[\p{Cc}\u2028\u2029<>:"/\\|?*]/gu;
/** Names Windows keeps for devices, whatever their extension. */
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
/** Long enough for any real name, short enough for every file system with the extension added. */
const MAX_STEM = 120;

/** The extension the site writes for a detected type; undefined for a type it does not take as evidence. */
export function extensionFor(type: string): string | undefined {
  return EXTENSIONS.get(type)?.[0];
}

export function safeFileName(name: string, type: string): string {
  const cleaned = name
    .toWellFormed()
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    // A leading dot hides a file; a trailing dot or space is dropped by Windows.
    .replace(/^[\s.]+|[\s.]+$/g, '');
  // A Map: a type named like `constructor` finds nothing, not Object's own.
  const allowed = EXTENSIONS.get(type) ?? [];
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : '';
  const keeps = allowed.includes(extension);
  let stem =
    [...(keeps ? cleaned.slice(0, dot) : cleaned)]
      .slice(0, MAX_STEM)
      .join('')
      .replace(/[\s.]+$/, '') || 'file';
  if (DEVICE.test(stem)) stem = `_${stem}`;
  const ending = keeps ? extension : allowed[0];
  return ending ? `${stem}.${ending}` : stem;
}

/** A stored file's name for a person reading a request's files side by side: a course row's file says its row ("Course 2 - receipt.pdf"). */
export function fileNameFor(form: AnyForm, file: StoredFile): string {
  const name = safeFileName(file.name, file.type);
  const [top, index, inner] = file.field.split('.');
  if (inner === undefined) return name;
  const outer = formFields(form).find((f) => f.name === top);
  const row = outer?.kind === 'repeat' ? outer.meta.itemLabel : top;
  return `${row} ${Number(index) + 1} - ${name}`;
}
