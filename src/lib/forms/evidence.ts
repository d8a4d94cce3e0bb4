import type { Problem } from '../program/compensation.ts';

/** file-type, loaded by the first file checked rather than at import (most requests carry none); Node keeps it loaded. */
const fileType = () => import('file-type');

/** What evidence may be: decided by the file's first bytes, never by its name. */
const ALLOWED = new Map([
  ['application/pdf', 'PDF'],
  ['image/jpeg', 'JPEG'],
  ['image/png', 'PNG'],
  ['image/heic', 'HEIC'],
  ['image/heif', 'HEIC'],
]);

export interface CheckedFile {
  field: string;
  file: File;
  type: string;
}

/** Every File in a parsed form, with its dotted field path. */
export function filesIn(data: unknown, prefix = ''): { field: string; file: File }[] {
  if (data instanceof File) return [{ field: prefix, file: data }];
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data).flatMap(([k, v]) => filesIn(v, prefix ? `${prefix}.${k}` : k));
}

export async function checkFiles(data: unknown, labelOf: (field: string) => string): Promise<{ files: CheckedFile[]; problems: Problem[] }> {
  const files: CheckedFile[] = [];
  const problems: Problem[] = [];
  for (const { field, file } of filesIn(data)) {
    const head = new Uint8Array(await file.slice(0, 4100).arrayBuffer());
    const detected = await (await fileType()).fileTypeFromBuffer(head);
    if (!detected || !ALLOWED.has(detected.mime)) {
      problems.push({ field, message: `${labelOf(field)} must be a PDF, JPEG, PNG or HEIC file; “${file.name}” is not one of these` });
    } else {
      files.push({ field, file, type: detected.mime });
    }
  }
  return { files, problems };
}

/** The answers without their files (they are stored apart), as plain JSON. */
export function withoutFiles(data: unknown): unknown {
  if (data instanceof File) return undefined;
  if (Array.isArray(data)) return data.map(withoutFiles);
  if (data === null || typeof data !== 'object') return data;
  return Object.fromEntries(Object.entries(data).flatMap(([k, v]) => (v instanceof File ? [] : [[k, withoutFiles(v)]])));
}
