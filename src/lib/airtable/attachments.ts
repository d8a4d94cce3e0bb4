import { fileNameFor } from '../forms/file-names.ts';
import type { AnyForm } from '../forms/form.ts';
import type { StoredFile, StoredSubmission } from '../forms/record.ts';
import { formFields } from '../forms/walk.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { AirtableFailure, UPLOAD_LIMIT_BYTES, type AirtableClient, type AirtableRecord } from './client.ts';

/**
 * The evidence itself in Airtable, beside the text column that names it: an
 * attachment column per file field of a form (a course row's evidence is one
 * column for every row), so HR and the task force open the documents where they
 * decide. Where Airtable can reach the site, the files go as links inside the
 * write of their record and Airtable fetches them (linkedAttachments); otherwise
 * they go up one request each after their record (Airtable's upload endpoint takes
 * a record ID). A record leaves the queue only once every file is on it.
 */
const SUFFIX = ' (attached)';

export interface AttachmentColumn {
  /** The form field: `growthPlan`; or `lines`, with `inner` `evidence`, for the evidence of every course row. */
  field: string;
  inner?: string;
  column: string;
}

export function attachmentColumns(form: AnyForm): AttachmentColumn[] {
  return formFields(form).flatMap((field): AttachmentColumn[] => {
    if (field.kind === 'file') return [{ field: field.name, column: `${field.meta.label}${SUFFIX}` }];
    if (field.kind !== 'repeat') return [];
    return field.fields.filter((f) => f.kind === 'file').map((f) => ({ field: field.name, inner: f.name, column: `${f.meta.label}${SUFFIX}` }));
  });
}

/** Where a stored file goes, and the name it goes under (a course row's file says its row). */
export function attachmentOf(form: AnyForm, file: StoredFile): { column: string; filename: string } | null {
  const [top, , inner] = file.field.split('.');
  const column = attachmentColumns(form).find((c) => c.field === top && c.inner === inner);
  return column ? { column: column.column, filename: fileNameFor(form, file) } : null;
}

/**
 * A record's files as links in its attachment columns, for Airtable to fetch
 * (workflow/file-links.ts): every column of the form, so a replay replaces each
 * cell whole and nothing is fetched into it twice.
 */
export function linkedAttachments(
  form: AnyForm,
  stored: StoredSubmission,
  link: (file: StoredFile) => string,
): Record<string, { url: string; filename: string }[]> {
  const cells: Record<string, { url: string; filename: string }[]> = {};
  for (const file of stored.files) {
    const target = attachmentOf(form, file);
    if (target) (cells[target.column] ??= []).push({ url: link(file), filename: target.filename });
  }
  return cells;
}

export interface PendingUpload {
  file: StoredFile;
  column: string;
  filename: string;
}

/**
 * The files of a submission that its Airtable record does not hold yet. A file is
 * there when its column has an attachment of the same name and size: the record
 * itself remembers what was sent, so a replay after a crash (or after a timeout
 * whose upload went through) sends nothing twice.
 */
export function uploadsMissing(form: AnyForm, stored: StoredSubmission, fields: Record<string, unknown>): PendingUpload[] {
  const taken = new Set<string>();
  for (const { column } of attachmentColumns(form)) {
    const cell = fields[column];
    if (!Array.isArray(cell)) continue;
    for (const a of cell as { filename?: unknown; size?: unknown }[]) taken.add(`${column}\u0000${String(a.filename)}\u0000${String(a.size)}`);
  }
  return stored.files.flatMap((file) => {
    const target = attachmentOf(form, file);
    if (!target || taken.has(`${target.column}\u0000${target.filename}\u0000${file.size}`)) return [];
    return [{ file, ...target }];
  });
}

export interface AttachOutcome {
  /** Every file of the submission is on its record now. */
  complete: boolean;
  attached: number;
  /** What stopped it: the caller's to handle, as any failed request (a 429 pauses everyone). */
  failure?: AirtableFailure;
}

/**
 * Sends the files a record just confirmed by Airtable lacks, one request each,
 * each when `turn` allows (false: the run has no time left for it); stops at the
 * first failure. `answered` is told when each request is answered, for the pace.
 */
export async function attachMissing(
  client: AirtableClient,
  store: SubmissionStore,
  form: AnyForm,
  stored: StoredSubmission,
  record: AirtableRecord | undefined,
  pace: { turn: () => Promise<boolean>; answered: () => void },
): Promise<AttachOutcome> {
  if (stored.files.length === 0) return { complete: true, attached: 0 };
  if (!record) return { complete: false, attached: 0 };
  let attached = 0;
  for (const upload of uploadsMissing(form, stored, record.fields)) {
    const bytes = await store.file(upload.file);
    const refused = (message: string): AttachOutcome => ({ complete: false, attached, failure: new AirtableFailure('rejected', null, message) });
    // Neither gets better by trying again: the record stays queued and the run reports it.
    if (!bytes) return refused(`FILE_MISSING: ${upload.file.key} is not in the site's store`);
    if (bytes.byteLength > UPLOAD_LIMIT_BYTES) return refused(`FILE_TOO_LARGE: ${upload.filename} is larger than Airtable takes (5 MB)`);
    if (!(await pace.turn())) return { complete: false, attached };
    try {
      await client.uploadAttachment(record.id, upload.column, { filename: upload.filename, contentType: upload.file.type, bytes });
    } catch (error) {
      if (!(error instanceof AirtableFailure)) throw error;
      return { complete: false, attached, failure: error };
    } finally {
      pace.answered();
    }
    attached++;
  }
  return { complete: true, attached };
}
