import type { z } from 'zod';
import type { CatalogCourse } from '../catalog/files.ts';
import type { IsoDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { Status } from '../program/routing.ts';
import type { StoredSubmission, SubmissionFacts } from './record.ts';
import type { PlanAssignment } from './assignment.ts';

/**
 * What parsed of a form: each field that passed its own schema, and of a list,
 * each row with the fields that passed theirs (rows keep their places, so a
 * problem still names the row the person sees).
 */
export type Parts<T> = {
  [K in keyof T]?: T[K] extends readonly (infer Row)[] ? (Row extends object ? Partial<Row>[] : T[K]) : T[K];
};

export interface ParsedParts<T> {
  parts: Parts<T>;
  /** The dotted paths the schema refused ("lines.1.hours", "lines"): a rule that needs one of them waits. */
  failed: ReadonlySet<string>;
}

/** What a form's rules may consult: settings, today's date, the catalog and earlier submissions. */
export interface RuleContext {
  program: Program;
  today: IsoDate;
  course(id: string): CatalogCourse | undefined;
  submissionByReceipt(receipt: string): Promise<StoredSubmission | null>;
  /** Requests that refer to a receipt: a request's appeals, a plan's checkpoints. */
  referring(receipt: string): Promise<StoredSubmission[]>;
  /** Hours this employee has already submitted for pay in a fiscal year. */
  hoursSubmitted(employeeId: string, fiscalYear: number): Promise<number>;
  /** The standing claims (receipts) of this employee that pay for an item (record.ts claimItem). */
  claimsOf(employeeId: string, item: string): Promise<string[]>;
  /** The focus plan this teacher's evaluator assigned them in the school year of `today`, if any. */
  planAssignment(employeeId: string): Promise<PlanAssignment | null>;
  /** The sender's PD budget of a fiscal year and what their standing reimbursements take from it, in cents. */
  budget(fiscalYear: number): Promise<{ allocationCents: number; reservedCents: number }>;
  /** Whether this person's completion of a course is already recorded from this source. */
  completed(employeeId: string, courseId: string, source: CompletionSource): Promise<boolean>;
}

/** Where a record of a finished course came from. */
export type CompletionSource = 'exit-survey';

export interface FormDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Address part: the page is /forms/<id>/, the endpoint /api/forms/<id>. */
  id: string;
  /** The page's heading, an action: "Request pre-approval for a course". */
  title: string;
  /** The record's name: "Pre-approval request". */
  name: string;
  receiptPrefix: string;
  intro: string[];
  schema: S;
  sections: { title?: string; intro?: string; fields: (keyof S['shape'] & string)[] }[];
  /** Forms with file fields post multipart. */
  multipart?: boolean;
  submitLabel: string;
  /** Rules beyond the schema, which may read earlier submissions. */
  rules?(data: z.infer<S>, ctx: RuleContext): Promise<Problem[]> | Problem[];
  /**
   * The same rules on what parsed of a form the schema refused (parts.ts), each run when the
   * fields it needs parsed: every problem is reported in one answer, not in rounds.
   */
  partRules?(parts: Parts<z.infer<S>>, ctx: RuleContext, failed: ReadonlySet<string>): Promise<Problem[]> | Problem[];
  /**
   * For a form without partRules: every field its rules read. When the schema refuses the
   * form but these parsed, the rules run on them too, so their problems come in the same answer.
   */
  ruleFields?: readonly (keyof S['shape'] & string)[];
  /** A list whose hours the page adds up as the person types (running-total.ts): its name and its rows' hours field. */
  runningTotal?: { list: keyof S['shape'] & string; hours: string };
  /** What the stored record carries beside the answers; may read earlier submissions (an appeal's decision date). */
  facts(data: z.infer<S>, ctx: RuleContext): SubmissionFacts | Promise<SubmissionFacts>;
  /** True when the person asked that nothing stored with the answers lead back to them. */
  anonymous?(data: z.infer<S>): boolean;
  /**
   * What a person may send once: a course this form shows they finished, or a yearly answer
   * (courseId then names the year). Recorded against them apart from the answers (which may be anonymous).
   */
  completion?(data: z.infer<S>, when: { today: IsoDate; program: Program }): { courseId: string; duplicate: Problem };
  /** What of the answers is kept, when that is less than all of them. */
  redact?(data: z.infer<S>): Record<string, unknown>;
  /** What happens next, shown with the receipt. */
  nextSteps: string[];
  /** Initial status of a stored submission. */
  initialStatus: Status;
}

/** Any form, whatever its fields: what the registry, the handler and the pages take. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each form's own type is checked where it is defined
export type AnyForm = FormDefinition<any>;

export function defineForm<S extends z.ZodObject>(form: FormDefinition<S>): FormDefinition<S> {
  return form;
}
