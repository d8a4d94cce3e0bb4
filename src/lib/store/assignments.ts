import { planAssignmentSchema, type PlanAssignment } from '../forms/assignment.ts';
import { receiptFor } from './receipts.ts';
import type { SubmissionStore } from './submissions.ts';

/**
 * Focus-plan assignments on the queue's Blobs store, one key per teacher and
 * school year: the key is the lock, so the same teacher cannot be assigned twice
 * in a year, even by two evaluators at the same moment.
 */
const key = (schoolYear: number, teacherId: string) => `assignment/${schoolYear}/${encodeURIComponent(teacherId.toWellFormed())}`;

/** The assignment's reference: a keyed hash of teacher and year, so it cannot be guessed and never changes. */
export function assignmentId(schoolYear: number, teacherId: string): string {
  return receiptFor('FA', 'focus-plan-assignment', `${schoolYear}/${teacherId}`);
}

export async function assignmentOf(store: SubmissionStore, schoolYear: number, teacherId: string): Promise<PlanAssignment | null> {
  const parsed = planAssignmentSchema.safeParse(await store.blobStore.get(key(schoolYear, teacherId), { type: 'json' }));
  return parsed.success ? parsed.data : null;
}

/** Stores a new assignment; when the teacher already has one this school year, that one is returned and nothing is written. */
export async function saveAssignment(store: SubmissionStore, assignment: PlanAssignment): Promise<{ created: boolean; assignment: PlanAssignment }> {
  const checked = planAssignmentSchema.parse(assignment);
  const { modified } = await store.blobStore.setJSON(key(checked.schoolYear, checked.teacherId), checked, { onlyIfNew: true });
  if (modified) return { created: true, assignment: checked };
  const existing = await assignmentOf(store, checked.schoolYear, checked.teacherId);
  return { created: false, assignment: existing ?? checked };
}

/** Every assignment of a school year, for HR's report. */
export async function assignmentsIn(store: SubmissionStore, schoolYear: number): Promise<PlanAssignment[]> {
  const { blobs } = await store.blobStore.list({ prefix: `assignment/${schoolYear}/` });
  const read = await Promise.all(blobs.map(async (b) => planAssignmentSchema.safeParse(await store.blobStore.get(b.key, { type: 'json' }))));
  return read.flatMap((r) => (r.success ? [r.data] : []));
}
