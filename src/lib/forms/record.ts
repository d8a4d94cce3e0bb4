import type { IsoDate } from '../program/calendar.ts';
import type { Status } from '../program/routing.ts';

// A submission as the site keeps it. The layers above the forms (the queue, Airtable,
// the workflow, the reports) all read these types, so they live here, below all of them.

/** Facts a stored submission carries beside its data, for lookups and the ledger of hours. */
export interface SubmissionFacts {
  /** The requester's employee ID as HR's roster writes it; absent on an anonymous answer. */
  employeeId?: string;
  /** Who decides the request's supervisor and evaluator steps, as the roster said when it was sent. */
  supervisorId?: string;
  evaluatorId?: string;
  /** Hours claimed for pay, counted against the yearly cap of `fiscalYear`. */
  claim?: {
    hours: number;
    fiscalYear: number;
    /**
     * What the claim pays for, each payable once: `course:<id>:<completion date>` for a
     * catalog course, `pre-approval:<receipt>[:<course number>]` for a pre-approved one (claimItem()).
     */
    items?: string[];
    /** Set when HR approved fewer hours than claimed (another program paid part): what counts against the cap and is paid. */
    approvedHours?: number;
  };
  /** A reimbursement asked from the person's PD budget of `fiscalYear`, in whole cents (program/budget.ts). */
  reimbursement?: {
    cents: number;
    fiscalYear: number;
    /** Set when HR approved less than asked: what counts against the budget and is paid. */
    approvedCents?: number;
  };
  /** A focus plan's: the assignment (FA-…) its teacher's evaluator made on the site, when there was one this school year. */
  assignment?: string;
  /** Another submission this one refers to (an appeal's request, a checkpoint's plan). */
  refersTo?: string;
  /** An appeal's: the day the decision it appeals was made. */
  appealedDecisionOn?: IsoDate;
  /** A checkpoint sent after its plan's checkpoint date: taken, not refused, and marked so HR sees it. */
  late?: true;
  summary: string;
}

/**
 * One thing a claim pays for: the same one in two claims would pay twice. A
 * pre-approved course is its request's receipt and its number there; the first
 * course keeps the receipt alone, as claims stored before a request listed several did.
 */
export function claimItem(line: {
  courseId?: string | undefined;
  preApprovalReceipt?: string | undefined;
  preApprovalCourse?: number | undefined;
  completionDate: string;
}): string {
  if (line.courseId) return `course:${line.courseId}:${line.completionDate}`;
  const number = line.preApprovalCourse && line.preApprovalCourse > 1 ? `:${line.preApprovalCourse}` : '';
  return `pre-approval:${line.preApprovalReceipt ?? ''}${number}`;
}

export interface StoredFile {
  /** The form field it was sent in, e.g. lines.0.evidence. */
  field: string;
  key: string;
  name: string;
  type: string;
  size: number;
}

/** One step of a request's life, for the status page and the record in Airtable. */
export interface HistoryEntry {
  status: Status;
  /** What moved it there; absent for the submission itself. */
  action?: string;
  on: string;
  by: string;
  comment?: string;
}

export interface StoredSubmission {
  id: string;
  form: string;
  receipt: string;
  status: Status;
  submittedAt: string;
  submittedOn: IsoDate;
  decidedOn?: IsoDate;
  facts: SubmissionFacts;
  /** The validated answers; files are listed in `files`, not here. */
  data: Record<string, unknown>;
  files: StoredFile[];
  /** Set once Airtable has confirmed the record. */
  syncedAt?: string;
  /** When this version went to Airtable with its files as links for Airtable to fetch (airtable/drain.ts). */
  filesLinkedAt?: string;
  /** Goes up with every change, so a sync confirms only the version it sent. */
  version?: number;
  history?: HistoryEntry[];
  /** The signed link of the step the request waits on, for an Airtable automation to email. */
  decisionLink?: { step: Status; url: string; expiresOn: IsoDate };
}
