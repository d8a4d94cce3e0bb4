import type { CatalogCourse } from '../catalog/files.ts';
import { coursesOf } from '../forms/pre-approval-courses.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { approvedBy } from '../program/routing.ts';
import { catalogCompletion, CompletionStore, type Completion } from '../store/completions.ts';
import { normaliseReceipt } from '../forms/receipt-format.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/** What recording a claim's completions reads: the catalog (when the caller has it) and the program's fiscal year. */
export interface ClaimCompletionsContext {
  store: SubmissionStore;
  course?: ((id: string) => CatalogCourse | undefined) | undefined;
  fiscalYearStart?: { month: number; day: number } | undefined;
}

interface ClaimLine {
  courseId?: string;
  preApprovalReceipt?: string;
  preApprovalCourse?: number;
  completionDate: string;
  hours: number;
}

/**
 * Once HR has approved a claim, each of its courses is a completion on the person's
 * record. Recording is idempotent, so a status change seen twice records nothing new.
 */
export async function recordClaimCompletions(record: StoredSubmission, ctx: ClaimCompletionsContext): Promise<void> {
  const employeeId = record.facts.employeeId;
  if (!employeeId || !record.facts.claim || !approvedBy(record.form, 'hr').includes(record.status)) return;
  const completions = new CompletionStore(ctx.store.blobStore, ctx.fiscalYearStart ? { fiscalYearStart: ctx.fiscalYearStart } : undefined);
  const lines = Array.isArray(record.data['lines']) ? (record.data['lines'] as ClaimLine[]) : [];
  for (const line of lines) {
    const completion = await completionOf(line, { employeeId, reference: record.receipt }, ctx);
    if (completion) await completions.record(completion);
  }
}

async function completionOf(line: ClaimLine, at: { employeeId: string; reference: string }, ctx: ClaimCompletionsContext): Promise<Completion | null> {
  const base = { employeeId: at.employeeId, completedOn: line.completionDate, hours: Number(line.hours), source: 'claim' as const, reference: at.reference };
  if (line.courseId) {
    const course = ctx.course?.(line.courseId);
    // Without the catalog at hand the code stands for the title: the record is still the person's.
    return catalogCompletion(course ?? { id: line.courseId, title: line.courseId, hours: base.hours, countsFor: [], renewalAreas: [] }, base);
  }
  if (!line.preApprovalReceipt) return null;
  const request = await ctx.store.byReceipt(normaliseReceipt(line.preApprovalReceipt));
  const course = request ? coursesOf(request.data).find((c) => c.number === (line.preApprovalCourse ?? 1)) : undefined;
  return {
    ...base,
    courseId: '',
    title: course?.courseTitle || `Pre-approved course (${line.preApprovalReceipt})`,
    provider: course?.provider ?? '',
    clockHours: base.hours,
    requiredTraining: false,
  };
}
