import type { Store } from '@netlify/blobs';
import type { StoredFile, StoredSubmission, SubmissionFacts } from '../forms/record.ts';
import type { CheckedFile } from '../forms/evidence.ts';
import type { IsoDate } from '../program/calendar.ts';
import { RELEASED, type Status } from '../program/routing.ts';
import { RECEIPT_PATTERN } from '../forms/receipt-format.ts';
import { receiptFor } from './receipts.ts';

export interface NewSubmission {
  id: string;
  form: string;
  receiptPrefix: string;
  status: Status;
  submittedAt: string;
  submittedOn: IsoDate;
  facts: SubmissionFacts;
  data: Record<string, unknown>;
  files: { field: string; file: File; type: string }[];
}

type Claim = NonNullable<SubmissionFacts['claim']>;

/** The hours a claim stands for against the cap and in the payroll file: HR's approved hours when fewer were approved. */
export function standingHours(claim: Claim): number {
  return claim.approvedHours ?? claim.hours;
}

/** The hours HR approved when fewer than claimed; undefined when the claim stands as sent. */
export function approvedHoursOf(claim: Claim | undefined): number | undefined {
  return claim?.approvedHours;
}

/** The claim with the hours HR approved recorded on it. */
export function withApprovedHours(claim: Claim, approvedHours: number): Claim {
  return { ...claim, approvedHours };
}

/** Something a claim pays for is already in another standing claim of the same person. */
export class AlreadyClaimed extends Error {
  readonly item: string;
  readonly receipt: string;
  constructor(item: string, receipt: string) {
    super(`${item} is already claimed in ${receipt}`);
    this.item = item;
    this.receipt = receipt;
  }
}

type Reimbursement = NonNullable<SubmissionFacts['reimbursement']>;

/** The cents a reimbursement stands for against the budget and in the payroll file: HR's approved amount when less was approved. */
export function standingCents(reimbursement: Reimbursement): number {
  return reimbursement.approvedCents ?? reimbursement.cents;
}

/** A reimbursement would take a person past their PD budget: `alreadyReserved` is what the others stand for, in cents. */
export class BudgetExceeded extends Error {
  readonly alreadyReserved: number;
  constructor(alreadyReserved: number) {
    super('PD budget exceeded');
    this.alreadyReserved = alreadyReserved;
  }
}

export class CapExceeded extends Error {
  readonly alreadySubmitted: number;
  constructor(alreadySubmitted: number) {
    super('yearly cap exceeded');
    this.alreadySubmitted = alreadySubmitted;
  }
}

/** Someone else changed the request between reading and writing it. */
export class ConcurrentChange extends Error {
  constructor(receipt: string) {
    super(`${receipt} was changed by someone else at the same time`);
  }
}

const LIST_READS_AT_ONCE = 64;

const sum = (claims: Map<string, number>) => [...claims.values()].reduce((a, b) => a + b, 0);

/** Text in a storage key: encoded, and made well formed first, since a lone surrogate cannot be encoded and would throw. */
const keyPart = (text: string) => encodeURIComponent(text.toWellFormed());

const key = {
  submission: (form: string, id: string) => `submission/${form}/${id}`,
  receipt: (receipt: string) => `receipt/${receipt}`,
  file: (form: string, id: string, field: string) => `file/${form}/${id}/${field}`,
  // A resent request's files, apart from those of the version before until the new one is written.
  resentFile: (form: string, id: string, version: number, field: string) => `file/${form}/${id}/v${version}/${field}`,
  // When Airtable fetched a stored file through its signed link (workflow/file-links.ts), by the file's key.
  fetched: (fileKey: string) => `fetched/${fileKey}`,
  // A submission waiting for Airtable; gone once Airtable has confirmed it.
  pending: (form: string, id: string) => `pending/${form}/${id}`,
  // A decision link once used: its signature, so the same link never decides twice.
  usedLink: (signature: string) => `used-link/${signature}`,
  // Requests that refer to another (appeals, checkpoints), found from the one they refer to.
  referring: (receipt: string) => `refers/${receipt}/`,
  // One key per claim, with the hours in the key itself, so a list is enough to add them up.
  claims: (employeeId: string, fiscalYear: number) => `claim/${keyPart(employeeId)}/${fiscalYear}/`,
  // A person's finished course, by source, one per course: the key is the lock that makes a second one fail,
  // and it keeps the date only, so it cannot be matched to an anonymous answer by time.
  completions: (employeeId: string) => `completion/${keyPart(employeeId)}/`,
  completion: (employeeId: string, source: string, courseId: string) => `${key.completions(employeeId)}${source}/${keyPart(courseId)}`,
  // One key per thing a standing claim pays for, ending in the claim's receipt: listed, it says who holds it.
  paidItems: (employeeId: string, item: string) => `paid/${keyPart(employeeId)}/${keyPart(item)}/`,
  paidItem: (employeeId: string, item: string, receipt: string) => `${key.paidItems(employeeId, item)}${receipt}`,
  claim: (employeeId: string, fiscalYear: number, id: string, hours: number) => `${key.claims(employeeId, fiscalYear)}${id}/${hours}`,
  // One key per standing reimbursement, with its cents in the key, as claims keep their hours.
  spends: (employeeId: string, fiscalYear: number) => `spend/${keyPart(employeeId)}/${fiscalYear}/`,
  spend: (employeeId: string, fiscalYear: number, id: string, cents: number) => `${key.spends(employeeId, fiscalYear)}${id}/${cents}`,
  // A person's requests of one form, found without reading every request (an evaluator's list of their teachers' plans).
  ofEmployee: (employeeId: string, form: string) => `employee/${keyPart(employeeId)}/${form}/`,
};

/**
 * The durable queue: every accepted submission is written here first, under the ID
 * the page generated, before anything else happens to it. Netlify Blobs with strong
 * consistency, so a read straight after a write sees it.
 */
export class SubmissionStore {
  private readonly blobs: Store;
  /** Conditional writes in flight from this instance, by key. */
  readonly #writing = new Map<string, Promise<unknown>>();

  constructor(blobs: Store) {
    this.blobs = blobs;
  }

  /** The Blobs store itself, for state kept beside the queue that every instance must see (the Airtable gate). */
  get blobStore(): Store {
    return this.blobs;
  }

  /** The store Netlify gives a function; the package loads here, not with the function's import (Netlify's bundle would hoist it). */
  static async fromEnvironment(): Promise<SubmissionStore> {
    const { getStore } = await import('@netlify/blobs');
    return new SubmissionStore(getStore({ name: 'submissions', consistency: 'strong' }));
  }

  async byId(form: string, id: string): Promise<StoredSubmission | null> {
    return ((await this.blobs.get(key.submission(form, id), { type: 'json' })) as StoredSubmission | null) ?? null;
  }

  async byReceipt(receipt: string): Promise<StoredSubmission | null> {
    // Only a well-formed receipt becomes part of a storage key.
    if (!RECEIPT_PATTERN.test(receipt)) return null;
    const pointer = (await this.blobs.get(key.receipt(receipt), { type: 'json' })) as { form: string; id: string } | null;
    return pointer ? this.byId(pointer.form, pointer.id) : null;
  }

  /** An employee's standing hours in a fiscal year; `except` leaves out one request's own (a resent request is counted again). */
  async hoursSubmitted(employeeId: string, fiscalYear: number, except?: string): Promise<number> {
    const claims = await this.claims(employeeId, fiscalYear);
    if (except !== undefined) claims.delete(except);
    return sum(claims);
  }

  /** Cents an employee's standing reimbursements take from their PD budget of a fiscal year (sent, approved or paid). */
  async centsReserved(employeeId: string, fiscalYear: number, except?: string): Promise<number> {
    const spends = await this.spends(employeeId, fiscalYear);
    if (except !== undefined) spends.delete(except);
    return sum(spends);
  }

  /** Each standing reimbursement's cents by submission id; one being resent for more holds both amounts a moment, and counts as the larger. */
  private async spends(employeeId: string, fiscalYear: number): Promise<Map<string, number>> {
    const prefix = key.spends(employeeId, fiscalYear);
    const { blobs } = await this.blobs.list({ prefix });
    const out = new Map<string, number>();
    for (const b of blobs) {
      const [id, cents] = b.key.slice(prefix.length).split('/');
      out.set(id!, Math.max(out.get(id!) ?? 0, Number(cents)));
    }
    return out;
  }

  /** The claims an employee has standing in a fiscal year: submission id -> hours. */
  private async claims(employeeId: string, fiscalYear: number): Promise<Map<string, number>> {
    const prefix = key.claims(employeeId, fiscalYear);
    const { blobs } = await this.blobs.list({ prefix });
    return new Map(
      blobs.map((b) => {
        const [id, hours] = b.key.slice(prefix.length).split('/');
        return [id!, Number(hours)];
      }),
    );
  }

  async file(stored: StoredFile): Promise<ArrayBuffer | null> {
    return this.fileAt(stored.key);
  }

  /** A stored file by its key alone, as a signed file link names it. */
  async fileAt(fileKey: string): Promise<ArrayBuffer | null> {
    return this.blobs.get(fileKey, { type: 'arrayBuffer' });
  }

  /** Airtable fetched this file through a file link now: the drain counts the record's files as arrived once all are. */
  async markFetched(fileKey: string, at: string): Promise<void> {
    await this.blobs.set(key.fetched(fileKey), at);
  }

  /** Forgets a fetch: the file is about to be linked again. */
  async clearFetched(fileKey: string): Promise<void> {
    await this.blobs.delete(key.fetched(fileKey));
  }

  /** When Airtable last fetched this file through a file link (an ISO time), or null if never. */
  async fetchedAt(fileKey: string): Promise<string | null> {
    const at = await this.blobs.get(key.fetched(fileKey), { type: 'text' });
    return at || null;
  }

  /**
   * Stores a submission once. The same ID again returns the first record (and
   * repairs its indexes, in case a crash interrupted them); `created` says which.
   * Order: files, the claim of hours (checked against the cap after it is written,
   * so two claims at once cannot both pass), the record (the commit point), the receipt.
   */
  async save(
    submission: NewSubmission & Pick<StoredSubmission, 'history' | 'decisionLink'>,
    capHours?: number,
    budgetCents?: number,
  ): Promise<{ record: StoredSubmission; created: boolean }> {
    const existing = await this.byId(submission.form, submission.id);
    if (existing) {
      await this.index(existing);
      return { record: existing, created: false };
    }
    const files = await this.writeFiles(submission.files, (field) => key.file(submission.form, submission.id, field));
    const { claim, employeeId } = submission.facts;
    const receipt = receiptFor(submission.receiptPrefix, submission.form, submission.id);
    if (claim && employeeId) {
      await this.reserve(employeeId, claim.fiscalYear, submission.id, standingHours(claim), capHours);
      try {
        await this.reserveItems(employeeId, claim.items ?? [], receipt);
      } catch (error) {
        await this.blobs.delete(key.claim(employeeId, claim.fiscalYear, submission.id, standingHours(claim)));
        throw error;
      }
    }
    const { reimbursement } = submission.facts;
    if (reimbursement && employeeId) await this.reserveSpend(employeeId, reimbursement.fiscalYear, submission.id, standingCents(reimbursement), budgetCents);

    const record: StoredSubmission = {
      id: submission.id,
      form: submission.form,
      receipt,
      status: submission.status,
      submittedAt: submission.submittedAt,
      submittedOn: submission.submittedOn,
      facts: submission.facts,
      data: submission.data,
      files,
      version: 1,
      ...(submission.history ? { history: submission.history } : {}),
      ...(submission.decisionLink ? { decisionLink: submission.decisionLink } : {}),
    };
    // Marked pending before the record is written: a crash in between leaves a pending
    // mark without a record, which the drain clears; never a record nobody will sync.
    await this.blobs.set(key.pending(record.form, record.id), '');
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

  private async writeFiles(files: readonly CheckedFile[], keyOf: (field: string) => string): Promise<StoredFile[]> {
    const out: StoredFile[] = [];
    for (const { field, file, type } of files) {
      const fileKey = keyOf(field);
      // Blobs metadata is limited to 2 KB; a name longer than any real one is shortened.
      const name = [...file.name.toWellFormed()].slice(0, 200).join('');
      await this.blobs.set(fileKey, await file.arrayBuffer(), { metadata: { name, type } });
      out.push({ field, key: fileKey, name, type, size: file.size });
    }
    return out;
  }

  async list(form?: string): Promise<StoredSubmission[]> {
    const { blobs } = await this.blobs.list({ prefix: form ? `submission/${form}/` : 'submission/' });
    // Read in slices: thousands of reads at once are slower than a few dozen at a time.
    const records: (StoredSubmission | null)[] = [];
    for (let i = 0; i < blobs.length; i += LIST_READS_AT_ONCE) {
      const slice = blobs.slice(i, i + LIST_READS_AT_ONCE);
      records.push(...(await Promise.all(slice.map((b) => this.blobs.get(b.key, { type: 'json' }) as Promise<StoredSubmission | null>))));
    }
    return records.filter((r): r is StoredSubmission => r !== null).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  /**
   * Writes a changed request (a decision, a withdrawal, a resend). Refused when someone
   * else changed it since `previous` was read. The change has to reach Airtable too, so
   * the record goes back in the queue; a denied or withdrawn claim gives its hours back.
   * A resend's files (`revision.files`, all of them) replace the request's; its hours,
   * items and cents are reserved again before the record is written, counted against the
   * cap or the budget without its own earlier figures, so a refusal leaves the request as it was.
   */
  async replace(
    previous: StoredSubmission,
    next: StoredSubmission,
    revision?: { files: readonly CheckedFile[]; capHours?: number | undefined; budgetCents?: number | undefined },
  ): Promise<StoredSubmission> {
    const current = await this.byId(previous.form, previous.id);
    if (!current || (current.version ?? 0) !== (previous.version ?? 0)) throw new ConcurrentChange(previous.receipt);
    const { syncedAt: _synced, filesLinkedAt: _linked, ...unsynced } = next;
    const version = (previous.version ?? 0) + 1;
    const files = revision ? await this.writeFiles(revision.files, (field) => key.resentFile(next.form, next.id, version, field)) : next.files;
    const updated: StoredSubmission = { ...unsynced, files, version };
    const released = RELEASED.has(updated.status);
    if (!released && !RELEASED.has(previous.status)) {
      try {
        await this.reserveAgain(previous, updated, revision?.capHours);
        await this.reserveSpendAgain(previous, updated, revision?.budgetCents);
      } catch (error) {
        // Refused: the files written for this version go, the request keeps its own.
        if (revision) await this.dropFiles(files, previous.files);
        throw error;
      }
    }
    await this.blobs.set(key.pending(updated.form, updated.id), '');
    await this.blobs.setJSON(key.submission(updated.form, updated.id), updated);
    if (revision) await this.dropFiles(previous.files, files);
    const { claim, employeeId } = updated.facts;
    if (claim && employeeId) {
      const claimKey = key.claim(employeeId, claim.fiscalYear, updated.id, standingHours(claim));
      const itemKeys = (claim.items ?? []).map((item) => key.paidItem(employeeId, item, updated.receipt));
      if (released) await Promise.all([claimKey, ...itemKeys].map((k) => this.blobs.delete(k)));
      // An overturned denial claims its hours again; payroll's export keeps the cap.
      else if (RELEASED.has(previous.status)) await Promise.all([claimKey, ...itemKeys].map((k) => this.blobs.set(k, '')));
    }
    const { reimbursement } = updated.facts;
    if (reimbursement && employeeId) {
      const spendKey = key.spend(employeeId, reimbursement.fiscalYear, updated.id, standingCents(reimbursement));
      if (released) await this.blobs.delete(spendKey);
      else if (RELEASED.has(previous.status)) await this.blobs.set(spendKey, '');
    }
    return updated;
  }

  /**
   * A standing claim whose hours or items changed (fewer hours approved, a resend):
   * its reservation moves to the new figures, checked against the cap and the other
   * claims' items as a new claim is; on a refusal the old reservation is put back.
   */
  private async reserveAgain(previous: StoredSubmission, next: StoredSubmission, capHours?: number): Promise<void> {
    const employeeId = next.facts.employeeId;
    const before = previous.facts.claim;
    const after = next.facts.claim;
    if (!employeeId || (!before && !after)) return;
    const oldKey = before && key.claim(employeeId, before.fiscalYear, previous.id, standingHours(before));
    const newKey = after && key.claim(employeeId, after.fiscalYear, next.id, standingHours(after));
    if (oldKey === newKey && (before?.items ?? []).join('\n') === (after?.items ?? []).join('\n')) return;
    if (oldKey && oldKey !== newKey) await this.blobs.delete(oldKey);
    const putBack = async () => {
      if (newKey && newKey !== oldKey) await this.blobs.delete(newKey);
      if (oldKey) await this.blobs.set(oldKey, '');
    };
    try {
      if (after && newKey !== oldKey) await this.reserve(employeeId, after.fiscalYear, next.id, standingHours(after), capHours);
      await this.reserveItems(
        employeeId,
        (after?.items ?? []).filter((item) => !before?.items?.includes(item)),
        next.receipt,
      );
    } catch (error) {
      await putBack();
      throw error;
    }
    const dropped = (before?.items ?? []).filter((item) => !after?.items?.includes(item));
    await Promise.all(dropped.map((item) => this.blobs.delete(key.paidItem(employeeId, item, previous.receipt))));
  }

  /**
   * A standing reimbursement whose amount changed (HR approved less, a resend): its
   * reservation moves to the new amount. More, or in another fiscal year, is checked
   * against `budgetCents` as a first send is, without its own earlier amount; the old
   * reservation stands until the new one is taken, so a refusal leaves it as it was
   * and nobody else can spend what it held meanwhile. Less never passes the budget.
   */
  private async reserveSpendAgain(previous: StoredSubmission, next: StoredSubmission, budgetCents?: number): Promise<void> {
    const employeeId = next.facts.employeeId;
    const before = previous.facts.reimbursement;
    const after = next.facts.reimbursement;
    if (!employeeId) return;
    const oldKey = before && key.spend(employeeId, before.fiscalYear, previous.id, standingCents(before));
    const newKey = after && key.spend(employeeId, after.fiscalYear, next.id, standingCents(after));
    if (oldKey === newKey) return;
    const grows = after && (!before || before.fiscalYear !== after.fiscalYear || standingCents(after) > standingCents(before));
    if (after && grows && budgetCents !== undefined) await this.reserveSpend(employeeId, after.fiscalYear, next.id, standingCents(after), budgetCents);
    else if (newKey) await this.blobs.set(newKey, '');
    if (oldKey) await this.blobs.delete(oldKey);
  }

  /** The files of a version no longer kept, once the version that replaced them is written. */
  private async dropFiles(before: readonly StoredFile[], kept: readonly StoredFile[]): Promise<void> {
    const keep = new Set(kept.map((f) => f.key));
    await Promise.all(before.filter((f) => !keep.has(f.key)).flatMap((f) => [this.blobs.delete(f.key), this.blobs.delete(key.fetched(f.key))]));
  }

  /** Sets a status directly, outside the program's routing: for tools and tests that need a request in a given state. */
  async setStatus(receipt: string, status: Status, decidedOn?: IsoDate): Promise<StoredSubmission | null> {
    const record = await this.byReceipt(receipt);
    if (!record) return null;
    return this.replace(record, { ...record, status, ...(decidedOn ? { decidedOn } : {}) });
  }

  /** Marks a decision link used; false when it already was. Netlify Blobs' onlyIfNew makes this single use. */
  async useLink(signature: string): Promise<boolean> {
    const { modified } = await this.blobs.set(key.usedLink(signature), new Date().toISOString(), { onlyIfNew: true });
    return modified;
  }

  /** Gives a decision link back when the decision it was spent on could not be recorded, so it can be used again. */
  async releaseLink(signature: string): Promise<void> {
    await this.blobs.delete(key.usedLink(signature));
  }

  /**
   * Records that a person finished a course, once per source and course: false when
   * it already was, so two answers sent at the same moment cannot both count.
   */
  async recordCompletion(c: { employeeId: string; source: string; courseId: string; on: IsoDate }): Promise<boolean> {
    const completion = key.completion(c.employeeId, c.source, c.courseId);
    // Netlify Blobs makes onlyIfNew atomic between instances; Netlify's local server does not,
    // so writes of one key from this instance also wait their turn.
    const previous = this.#writing.get(completion) ?? Promise.resolve();
    const write = previous.then(async () => (await this.blobs.set(completion, c.on, { onlyIfNew: true })).modified);
    const settled = write.catch(() => false);
    this.#writing.set(completion, settled);
    void settled.then(() => this.#writing.get(completion) === settled && this.#writing.delete(completion));
    return write;
  }

  /** Takes back a completion recorded for an answer that was then not stored. */
  async forgetCompletion(c: { employeeId: string; source: string; courseId: string }): Promise<void> {
    await this.blobs.delete(key.completion(c.employeeId, c.source, c.courseId));
  }

  /** A person's recorded completions: source, course and date of each. */
  async completions(employeeId: string): Promise<{ source: string; courseId: string; on: IsoDate }[]> {
    const prefix = key.completions(employeeId);
    const { blobs } = await this.blobs.list({ prefix });
    return Promise.all(
      blobs.map(async (b) => {
        const [source = '', courseId = ''] = b.key.slice(prefix.length).split('/');
        const on = ((await this.blobs.get(b.key, { type: 'text' })) ?? '') as IsoDate;
        return { source, courseId: decodeURIComponent(courseId), on };
      }),
    );
  }

  /** Keeps a small piece of the site's working state beside the queue (the last catalog read from Airtable). */
  async remember(name: string, value: unknown): Promise<void> {
    await this.blobs.setJSON(`state/${name}`, value);
  }

  async recall<T>(name: string): Promise<T | null> {
    return ((await this.blobs.get(`state/${name}`, { type: 'json' })) as T | null) ?? null;
  }

  /** Requests that refer to this one: the appeals of a denied request, the checkpoints of a plan. */
  async referring(receipt: string): Promise<StoredSubmission[]> {
    const prefix = key.referring(receipt);
    const { blobs } = await this.blobs.list({ prefix });
    const found = await Promise.all(
      blobs.map((b) => {
        const [form, id] = b.key.slice(prefix.length).split('/');
        return this.byId(form!, id!);
      }),
    );
    return found.filter((r): r is StoredSubmission => r !== null).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  /** A person's requests of one form, oldest first: those stored since this index was kept. */
  async ofEmployee(employeeId: string, form: string): Promise<StoredSubmission[]> {
    const prefix = key.ofEmployee(employeeId, form);
    const { blobs } = await this.blobs.list({ prefix });
    const found = await Promise.all(blobs.map((b) => this.byId(form, b.key.slice(prefix.length))));
    return found.filter((r): r is StoredSubmission => r !== null).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  /** Lists a request under its person (ofEmployee), for requests stored before that index was kept; harmless run again. */
  async indexUnderPerson(record: StoredSubmission): Promise<boolean> {
    if (!record.facts.employeeId) return false;
    await this.blobs.set(`${key.ofEmployee(record.facts.employeeId, record.form)}${record.id}`, '');
    return true;
  }

  /** Submissions not yet confirmed by Airtable, oldest first; pending marks without a record are cleared. */
  async pending(): Promise<StoredSubmission[]> {
    const keys = await this.pendingKeys();
    const out: StoredSubmission[] = [];
    // In slices, side by side: one read after another takes a scheduled run's whole time at a few thousand.
    for (let i = 0; i < keys.length; i += LIST_READS_AT_ONCE) out.push(...(await this.pendingOf(keys.slice(i, i + LIST_READS_AT_ONCE))));
    return out.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  /** The queue's marks, without reading their records: one list, for a reader that reads them slice by slice (pendingOf). */
  async pendingKeys(): Promise<string[]> {
    const { blobs } = await this.blobs.list({ prefix: 'pending/' });
    return blobs.map((b) => b.key);
  }

  /** The submissions of some of the queue's marks, read side by side; a mark whose record is gone or synced is cleared. */
  async pendingOf(keys: readonly string[]): Promise<StoredSubmission[]> {
    const read = await Promise.all(
      keys.map(async (mark) => {
        const [, form, id] = mark.split('/');
        const record = await this.byId(form!, id!);
        if (record && !record.syncedAt) return record;
        await this.blobs.delete(mark);
        return null;
      }),
    );
    return read.filter((r): r is StoredSubmission => r !== null);
  }

  /**
   * Airtable has the record, and its files as links it will fetch: the record stays
   * queued until every file is fetched (or, too long after, goes up by upload).
   */
  async markLinked(record: StoredSubmission, at: string): Promise<void> {
    await this.markSent(record, { filesLinkedAt: at });
  }

  /** Airtable has confirmed the record: it leaves the queue. */
  async markSynced(record: StoredSubmission, at: string): Promise<void> {
    if (await this.markSent(record, { syncedAt: at })) await this.blobs.delete(key.pending(record.form, record.id));
  }

  /**
   * Notes on the record what Airtable has of it; false, and nothing written, when the record
   * changed since it was sent: Airtable has the older version, so it stays queued.
   */
  private async markSent(record: StoredSubmission, mark: Pick<StoredSubmission, 'syncedAt' | 'filesLinkedAt'>): Promise<boolean> {
    const current = (await this.byId(record.form, record.id)) ?? record;
    if ((current.version ?? 0) !== (record.version ?? 0)) return false;
    await this.blobs.setJSON(key.submission(record.form, record.id), { ...current, ...mark });
    return true;
  }

  private async index(record: StoredSubmission): Promise<void> {
    await this.blobs.setJSON(key.receipt(record.receipt), { form: record.form, id: record.id });
    if (record.facts.refersTo) await this.blobs.set(`${key.referring(record.facts.refersTo)}${record.form}/${record.id}`, '');
    if (record.facts.employeeId) await this.blobs.set(`${key.ofEmployee(record.facts.employeeId, record.form)}${record.id}`, '');
    if (!record.syncedAt) await this.blobs.set(key.pending(record.form, record.id), '');
    const { claim, employeeId } = record.facts;
    if (claim && employeeId && !RELEASED.has(record.status)) await this.reserve(employeeId, claim.fiscalYear, record.id, standingHours(claim));
    const { reimbursement } = record.facts;
    if (reimbursement && employeeId && !RELEASED.has(record.status)) {
      await this.blobs.set(key.spend(employeeId, reimbursement.fiscalYear, record.id, standingCents(reimbursement)), '');
    }
  }

  /**
   * Writes the claim, then adds up every standing claim. Over the cap, this claim
   * is taken back and refused. Two claims written at the same moment may then both
   * be refused (each sees the other), never both paid: a resend settles it.
   */
  /** The standing claims (receipts) that pay for an item: a denied or withdrawn claim gives its items back. */
  async claimsOf(employeeId: string, item: string): Promise<string[]> {
    const prefix = key.paidItems(employeeId, item);
    const { blobs } = await this.blobs.list({ prefix });
    return blobs.map((b) => b.key.slice(prefix.length));
  }

  /**
   * Marks what a claim pays for, then looks: another claim's mark on the same item
   * means it would be paid twice. Written before looking, as the cap is, so two
   * claims sent at once cannot both pass; on a clash this one takes its marks back.
   */
  private async reserveItems(employeeId: string, items: string[], receipt: string): Promise<void> {
    await Promise.all(items.map((item) => this.blobs.set(key.paidItem(employeeId, item, receipt), '')));
    for (const item of items) {
      const other = (await this.claimsOf(employeeId, item)).find((r) => r !== receipt);
      if (other) {
        await Promise.all(items.map((i) => this.blobs.delete(key.paidItem(employeeId, i, receipt))));
        throw new AlreadyClaimed(item, other);
      }
    }
  }

  private async reserve(employeeId: string, fiscalYear: number, id: string, hours: number, capHours?: number): Promise<void> {
    const claimKey = key.claim(employeeId, fiscalYear, id, hours);
    await this.blobs.set(claimKey, '');
    if (capHours === undefined) return;
    const standing = await this.claims(employeeId, fiscalYear);
    const total = sum(standing);
    if (total > capHours) {
      await this.blobs.delete(claimKey);
      throw new CapExceeded(total - hours);
    }
  }

  /**
   * As reserve() for hours: written, then every standing reimbursement added up; over the
   * budget, taken back and refused. Between instances two sent at once may then both be
   * refused, never both taken; within one instance they take turns, so the first is taken.
   */
  private async reserveSpend(employeeId: string, fiscalYear: number, id: string, cents: number, budgetCents?: number): Promise<void> {
    const spendKey = key.spend(employeeId, fiscalYear, id, cents);
    if (budgetCents === undefined) {
      await this.blobs.set(spendKey, '');
      return;
    }
    const turn = key.spends(employeeId, fiscalYear);
    const previous = this.#writing.get(turn) ?? Promise.resolve();
    const reserved = previous.then(async () => {
      await this.blobs.set(spendKey, '');
      // The others, and this one at its new amount: a resent one's old amount, still held, is not its own rival.
      const others = await this.spends(employeeId, fiscalYear);
      others.delete(id);
      const total = sum(others) + cents;
      if (total > budgetCents) {
        await this.blobs.delete(spendKey);
        throw new BudgetExceeded(total - cents);
      }
    });
    const settled = reserved.catch(() => undefined);
    this.#writing.set(turn, settled);
    void settled.then(() => this.#writing.get(turn) === settled && this.#writing.delete(turn));
    return reserved;
  }
}
