import type { Store } from '@netlify/blobs';
import { z } from 'zod';
import type { CatalogCourse } from '../catalog/files.ts';
import { fiscalYearOf, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';

export const COMPLETION_SOURCES = ['claim', 'exit-survey', 'import'] as const;

/** A finished course, recorded against the person: the transcript, clock hours and required training are read from these. */
export const completionSchema = z.object({
  employeeId: z.string(),
  /** The catalog's id for the course (what the forms send), or '' for a course not on the list. */
  courseId: z.string(),
  title: z.string(),
  provider: z.string(),
  completedOn: z.iso.date(),
  hours: z.number(),
  /** The same as hours unless the catalog says otherwise. */
  clockHours: z.number(),
  renewalArea: z.string().optional(),
  salaryLaneCredit: z.boolean().optional(),
  /** From the catalog's "counts for". */
  requiredTraining: z.boolean(),
  source: z.enum(COMPLETION_SOURCES),
  /** A receipt, or the import file's name and row; never an anonymous answer's receipt. */
  reference: z.string(),
});

export type Completion = z.infer<typeof completionSchema>;

/** A completion of a catalog course, with what the catalog says of it. */
export function catalogCompletion(
  course: Pick<CatalogCourse, 'id' | 'title' | 'hours' | 'countsFor' | 'renewalAreas'> & { provider?: string },
  at: { employeeId: string; completedOn: IsoDate; hours?: number; source: Completion['source']; reference: string },
): Completion {
  const hours = at.hours ?? course.hours;
  const renewalArea = course.countsFor.includes('licence-renewal') ? course.renewalAreas.join(', ') : '';
  return {
    employeeId: at.employeeId,
    courseId: course.id,
    title: course.title,
    provider: course.provider ?? '',
    completedOn: at.completedOn,
    hours,
    clockHours: hours,
    ...(renewalArea ? { renewalArea } : {}),
    ...(course.countsFor.includes('salary-lane') ? { salaryLaneCredit: true } : {}),
    requiredTraining: course.countsFor.includes('required-training'),
    source: at.source,
    reference: at.reference,
  };
}

/** What makes two completions the same, whatever their source: the course (its title when off the list) and the date. */
export function sameCompletionKey(c: Pick<Completion, 'courseId' | 'title' | 'completedOn'>): string {
  const course = c.courseId ? `course:${c.courseId}` : `title:${c.title.trim().toLowerCase().replace(/\s+/g, ' ')}`;
  return `${course}|${c.completedOn}`;
}

const personPart = (employeeId: string) => encodeURIComponent(employeeId.toWellFormed());

const key = {
  // One JSON list per person and fiscal year: a year's report reads one blob a person, not one a completion.
  year: (fiscalYear: number) => `completion-record/${fiscalYear}/`,
  personYear: (fiscalYear: number, employeeId: string) => `completion-record/${fiscalYear}/${personPart(employeeId)}`,
  // Which fiscal years a person has completions in, so their record is found without listing every year.
  personYears: (employeeId: string) => `completion-years/${personPart(employeeId)}/`,
  personYearMark: (employeeId: string, fiscalYear: number) => `completion-years/${personPart(employeeId)}/${fiscalYear}`,
};

const listSchema = z.array(completionSchema);
const READS_AT_ONCE = 64;
const WRITE_ATTEMPTS = 20;

/**
 * Completions on the queue's Blobs store, one list per person and fiscal year,
 * written with conditional writes so two sources recording at once cannot lose
 * each other's entry.
 */
export class CompletionStore {
  private readonly blobs: Store;
  private readonly fiscalYearStart: Program['fiscalYearStart'];
  /** Writes of one list from this instance wait their turn: Netlify's local server does not make conditional writes atomic. */
  readonly #writing = new Map<string, Promise<unknown>>();

  constructor(blobs: Store, program: Pick<Program, 'fiscalYearStart'> = { fiscalYearStart: { month: 7, day: 1 } }) {
    this.blobs = blobs;
    this.fiscalYearStart = program.fiscalYearStart;
  }

  /** Idempotent: one completion per person, course (or title when off-list) and date, whatever the source. */
  async record(c: Completion): Promise<'added' | 'duplicate'> {
    const [outcome] = await this.recordMany([c]);
    return outcome!;
  }

  /** Many at once (an import): one read and one write per person and year; the outcomes are in the order given. */
  async recordMany(list: readonly Completion[]): Promise<('added' | 'duplicate')[]> {
    const checked = list.map((c) => completionSchema.parse(c));
    const groups = Map.groupBy(checked.keys(), (i) => {
      const c = checked[i]!;
      return JSON.stringify([fiscalYearOf(c.completedOn, this.fiscalYearStart), c.employeeId]);
    });
    const outcomes: ('added' | 'duplicate')[] = [];
    const work = [...groups].map(([group, indexes]) => async () => {
      const [fiscalYear, employeeId] = JSON.parse(group) as [number, string];
      const added = await this.inTurn(key.personYear(fiscalYear, employeeId), (listKey) =>
        this.add(
          listKey,
          indexes.map((i) => checked[i]!),
        ),
      );
      indexes.forEach((i, n) => (outcomes[i] = added[n]!));
      if (added.includes('added')) await this.blobs.set(key.personYearMark(employeeId, fiscalYear), '');
    });
    for (let i = 0; i < work.length; i += READS_AT_ONCE) await Promise.all(work.slice(i, i + READS_AT_ONCE).map((w) => w()));
    return outcomes;
  }

  private inTurn<T>(listKey: string, write: (listKey: string) => Promise<T>): Promise<T> {
    const previous = this.#writing.get(listKey) ?? Promise.resolve();
    const done = previous.then(() => write(listKey));
    const settled = done.catch(() => undefined);
    this.#writing.set(listKey, settled);
    void settled.then(() => this.#writing.get(listKey) === settled && this.#writing.delete(listKey));
    return done;
  }

  /** Adds those not yet on the list, written only if nobody changed the list since it was read; read again and retried if they did. */
  private async add(listKey: string, incoming: Completion[]): Promise<('added' | 'duplicate')[]> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      // Netlify's local Blobs server gives a blob's etag in a listing only: read it there first, so a change after it still fails the write.
      const listed = (await this.blobs.list({ prefix: listKey })).blobs.find((b) => b.key === listKey)?.etag;
      const found = await this.blobs.getWithMetadata(listKey, { type: 'json' });
      const etag = found?.etag ?? listed;
      const list = found ? listSchema.parse(found.data) : [];
      const seen = new Set(list.map(sameCompletionKey));
      const outcomes = incoming.map((c) => {
        const same = sameCompletionKey(c);
        if (seen.has(same)) return 'duplicate' as const;
        seen.add(same);
        list.push(c);
        return 'added' as const;
      });
      if (!outcomes.includes('added')) return outcomes;
      list.sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.title.localeCompare(b.title));
      const { modified } =
        found && etag ? await this.blobs.setJSON(listKey, list, { onlyIfMatch: etag }) : await this.blobs.setJSON(listKey, list, { onlyIfNew: true });
      if (modified) return outcomes;
    }
    throw new Error(`the completions in ${listKey} kept changing while some were added; try again`);
  }

  /** A person's completions, oldest first. */
  async ofPerson(employeeId: string): Promise<Completion[]> {
    const prefix = key.personYears(employeeId);
    const { blobs } = await this.blobs.list({ prefix });
    const years = blobs.map((b) => Number(b.key.slice(prefix.length))).filter(Number.isInteger);
    const lists = await Promise.all(years.map((y) => this.read(key.personYear(y, employeeId))));
    return lists.flat().sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.title.localeCompare(b.title));
  }

  /** Every completion dated in the fiscal year (all people), for reports. */
  async inFiscalYear(fiscalYear: number, program: Pick<Program, 'fiscalYearStart'>): Promise<Completion[]> {
    const start = program.fiscalYearStart;
    // The lists are filed by this store's fiscal year; another start takes in the years either side.
    const sameStart = start.month === this.fiscalYearStart.month && start.day === this.fiscalYearStart.day;
    const years = sameStart ? [fiscalYear] : [fiscalYear - 1, fiscalYear, fiscalYear + 1];
    const keys = (await Promise.all(years.map((y) => this.blobs.list({ prefix: key.year(y) })))).flatMap((l) => l.blobs.map((b) => b.key));
    const out: Completion[] = [];
    // In slices, side by side: one read after another is slow at thousands of people.
    for (let i = 0; i < keys.length; i += READS_AT_ONCE) {
      const lists = await Promise.all(keys.slice(i, i + READS_AT_ONCE).map((k) => this.read(k)));
      out.push(...lists.flat());
    }
    return sameStart ? out : out.filter((c) => fiscalYearOf(c.completedOn, start) === fiscalYear);
  }

  private async read(listKey: string): Promise<Completion[]> {
    const data = await this.blobs.get(listKey, { type: 'json' });
    return data ? listSchema.parse(data) : [];
  }
}
