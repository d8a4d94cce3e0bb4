import { getStore, type Store } from '@netlify/blobs';
import type { SubmissionFacts } from '../forms/form.ts';
import type { IsoDate } from '../program/calendar.ts';
import { newReceipt } from './receipts.ts';

export interface StoredFile {
  /** The form field it was sent in, e.g. lines.0.evidence. */
  field: string;
  key: string;
  name: string;
  type: string;
  size: number;
}

export interface StoredSubmission {
  id: string;
  form: string;
  receipt: string;
  status: string;
  submittedAt: string;
  submittedOn: IsoDate;
  decidedOn?: IsoDate;
  facts: SubmissionFacts;
  /** The validated answers; files are listed in `files`, not here. */
  data: Record<string, unknown>;
  files: StoredFile[];
  /** Set once Airtable has confirmed the record. */
  syncedAt?: string;
}

export interface NewSubmission {
  id: string;
  form: string;
  receiptPrefix: string;
  status: string;
  submittedAt: string;
  submittedOn: IsoDate;
  facts: SubmissionFacts;
  data: Record<string, unknown>;
  files: { field: string; file: File; type: string }[];
}

export class CapExceeded extends Error {
  constructor(readonly alreadySubmitted: number) {
    super('yearly cap exceeded');
  }
}

/** Statuses that no longer count toward the yearly cap. */
const RELEASED = new Set(['denied', 'withdrawn']);

interface Ledger {
  /** submission id -> hours claimed in that fiscal year */
  claims: Record<string, number>;
}

const key = {
  submission: (form: string, id: string) => `submission/${form}/${id}`,
  receipt: (receipt: string) => `receipt/${receipt}`,
  file: (form: string, id: string, field: string) => `file/${form}/${id}/${field}`,
  ledger: (employeeId: string, fiscalYear: number) => `ledger/${encodeURIComponent(employeeId.toLowerCase())}/${fiscalYear}`,
};

/**
 * The durable queue: every accepted submission is written here first, under the ID
 * the page generated, before anything else happens to it. Netlify Blobs with strong
 * consistency, so a read straight after a write sees it.
 */
export class SubmissionStore {
  constructor(private readonly blobs: Store) {}

  static fromEnvironment(): SubmissionStore {
    return new SubmissionStore(getStore({ name: 'submissions', consistency: 'strong' }));
  }

  async byId(form: string, id: string): Promise<StoredSubmission | null> {
    return ((await this.blobs.get(key.submission(form, id), { type: 'json' })) as StoredSubmission | null) ?? null;
  }

  async byReceipt(receipt: string): Promise<StoredSubmission | null> {
    const pointer = (await this.blobs.get(key.receipt(receipt), { type: 'json' })) as { form: string; id: string } | null;
    return pointer ? this.byId(pointer.form, pointer.id) : null;
  }

  async hoursSubmitted(employeeId: string, fiscalYear: number): Promise<number> {
    const ledger = (await this.blobs.get(key.ledger(employeeId, fiscalYear), { type: 'json' })) as Ledger | null;
    return Object.values(ledger?.claims ?? {}).reduce((a, b) => a + b, 0);
  }

  async file(stored: StoredFile): Promise<ArrayBuffer | null> {
    return this.blobs.get(stored.key, { type: 'arrayBuffer' });
  }

  /**
   * Stores a submission once. The same ID again returns the first record (and
   * repairs its indexes, in case a crash interrupted them); `created` says which.
   * Order: files, the claim in the ledger (checked against the cap under an ETag, so
   * two claims at once cannot both pass), the record (the commit point), the receipt.
   */
  async save(submission: NewSubmission, capHours?: number): Promise<{ record: StoredSubmission; created: boolean }> {
    const existing = await this.byId(submission.form, submission.id);
    if (existing) {
      await this.index(existing);
      return { record: existing, created: false };
    }
    const files: StoredFile[] = [];
    for (const { field, file, type } of submission.files) {
      const fileKey = key.file(submission.form, submission.id, field);
      await this.blobs.set(fileKey, await file.arrayBuffer(), { metadata: { name: file.name, type } });
      files.push({ field, key: fileKey, name: file.name, type, size: file.size });
    }
    const { claim, employeeId } = submission.facts;
    if (claim && employeeId) await this.reserve(employeeId, claim.fiscalYear, submission.id, claim.hours, capHours);

    const record: StoredSubmission = {
      id: submission.id,
      form: submission.form,
      receipt: newReceipt(submission.receiptPrefix),
      status: submission.status,
      submittedAt: submission.submittedAt,
      submittedOn: submission.submittedOn,
      facts: submission.facts,
      data: submission.data,
      files,
    };
    const written = await this.blobs.setJSON(key.submission(record.form, record.id), record, { onlyIfNew: true });
    if (!written.modified) {
      // Another request with the same ID won the race: its record is the submission.
      const winner = (await this.byId(record.form, record.id))!;
      await this.index(winner);
      return { record: winner, created: false };
    }
    await this.index(record);
    return { record, created: true };
  }

  async list(form?: string): Promise<StoredSubmission[]> {
    const { blobs } = await this.blobs.list({ prefix: form ? `submission/${form}/` : 'submission/' });
    const records = await Promise.all(blobs.map((b) => this.blobs.get(b.key, { type: 'json' }) as Promise<StoredSubmission | null>));
    return records.filter((r): r is StoredSubmission => r !== null).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  /** Changes a request's status (HR's decision); a denied or withdrawn claim gives its hours back. */
  async setStatus(receipt: string, status: string, decidedOn?: IsoDate): Promise<StoredSubmission | null> {
    const record = await this.byReceipt(receipt);
    if (!record) return null;
    const updated: StoredSubmission = { ...record, status, ...(decidedOn ? { decidedOn } : {}) };
    await this.blobs.setJSON(key.submission(record.form, record.id), updated);
    const { claim, employeeId } = record.facts;
    if (claim && employeeId && RELEASED.has(status)) await this.release(employeeId, claim.fiscalYear, record.id);
    return updated;
  }

  private async index(record: StoredSubmission): Promise<void> {
    await this.blobs.setJSON(key.receipt(record.receipt), { form: record.form, id: record.id });
    const { claim, employeeId } = record.facts;
    if (claim && employeeId && !RELEASED.has(record.status)) await this.reserve(employeeId, claim.fiscalYear, record.id, claim.hours);
  }

  /** Adds a claim to the employee's ledger for the year, under optimistic concurrency. */
  private async reserve(employeeId: string, fiscalYear: number, id: string, hours: number, capHours?: number): Promise<void> {
    await this.updateLedger(employeeId, fiscalYear, (ledger) => {
      if (ledger.claims[id] === hours) return null;
      const others = Object.entries(ledger.claims).reduce((sum, [other, h]) => (other === id ? sum : sum + h), 0);
      if (capHours !== undefined && others + hours > capHours) throw new CapExceeded(others);
      return { claims: { ...ledger.claims, [id]: hours } };
    });
  }

  private async release(employeeId: string, fiscalYear: number, id: string): Promise<void> {
    await this.updateLedger(employeeId, fiscalYear, (ledger) => {
      if (!(id in ledger.claims)) return null;
      const { [id]: _gone, ...claims } = ledger.claims;
      return { claims };
    });
  }

  private async updateLedger(employeeId: string, fiscalYear: number, change: (ledger: Ledger) => Ledger | null): Promise<void> {
    const ledgerKey = key.ledger(employeeId, fiscalYear);
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.blobs.getWithMetadata(ledgerKey, { type: 'json' });
      const next = change((current?.data as Ledger | undefined) ?? { claims: {} });
      if (!next) return;
      const result = current?.etag
        ? await this.blobs.setJSON(ledgerKey, next, { onlyIfMatch: current.etag })
        : await this.blobs.setJSON(ledgerKey, next, { onlyIfNew: true });
      if (result.modified) return;
    }
    throw new Error('the ledger of hours is busy: too many changes at once');
  }
}
