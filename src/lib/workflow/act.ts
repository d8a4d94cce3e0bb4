import { addDays, addWorkingDays, today as todayIn, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import { formatCents, toCents } from '../program/budget.ts';
import type { HistoryEntry, StoredSubmission, SubmissionFacts } from '../forms/record.ts';
import type { CheckedFile } from '../forms/evidence.ts';
import { withApprovedHours, type SubmissionStore } from '../store/submissions.ts';
import { decisionUrl, LINK_LIFETIME_DAYS, signLink } from './links.ts';
import { recordClaimCompletions, type ClaimCompletionsContext } from './claim-completions.ts';
import { DECIDED, LINKED_STEPS, ROLE_LABELS, statusLabel, transitionFor, type Action, type Role, type Status } from '../program/routing.ts';

/**
 * Moves a stored request on by one of the program's transitions, and nothing
 * else: every change of status goes through here, whoever makes it (a signed
 * link, the requester, HR in Airtable, a command-line tool).
 */
export interface ActContext {
  store: SubmissionStore;
  now: Date;
  /** The district's time zone (program.yaml): a decision is dated, and a link expires, by the district's calendar. */
  timeZone: string;
  /** Hours in a block (program.yaml): HR approves fewer hours in whole blocks; unchecked where absent (tests of the table). */
  blockHours?: number;
  /** Signs the link of the next step, when it is one a person takes through a link. */
  links: { origin: string; secret: string };
  /** Tells the people concerned about a stored change (workflow/notify.ts); absent where nobody is told (tests of the table). */
  notify?: (record: StoredSubmission) => Promise<void>;
  /** The catalog, so an approved claim's courses go on the person's record by name; the fiscal year those records are filed by. */
  course?: ClaimCompletionsContext['course'];
  fiscalYearStart?: ClaimCompletionsContext['fiscalYearStart'];
}

/** The one way an ActContext is made, from whatever holds a store, a clock, the link settings and who to tell. */
export function actContext(deps: {
  store: SubmissionStore;
  now: () => Date;
  program: Pick<Program, 'timeZone'> & Partial<Pick<Program, 'blockHours' | 'fiscalYearStart'>>;
  links: ActContext['links'];
  notify?: ActContext['notify'];
  course?: ActContext['course'];
}): ActContext {
  return {
    store: deps.store,
    now: deps.now(),
    timeZone: deps.program.timeZone,
    ...(deps.program.blockHours ? { blockHours: deps.program.blockHours } : {}),
    links: deps.links,
    ...(deps.notify ? { notify: deps.notify } : {}),
    ...(deps.course ? { course: deps.course } : {}),
    ...(deps.program.fiscalYearStart ? { fiscalYearStart: deps.program.fiscalYearStart } : {}),
  };
}

/**
 * Tells people about a change already stored. A message that cannot be queued is
 * logged, never a reason to undo or refuse the change: the request's page still
 * shows where it stands, and HR can relink.
 */
export async function tell(record: StoredSubmission, ctx: Pick<ActContext, 'notify'>): Promise<void> {
  await ctx.notify?.(record).catch((error: unknown) => console.error(`${record.receipt}: changed; the message about it could not be queued`, error));
}

export interface ActRequest {
  receipt: string;
  action: Action;
  by: Role;
  /** Who acted, as they gave their name; the role's name when they did not. */
  name?: string;
  comment?: string;
  /** With `reduce`: the hours HR approves, whole blocks fewer than claimed. */
  approvedHours?: number;
  /** With `reduce` on a reimbursement: the dollars HR approves, less than asked. */
  approvedAmount?: number;
  /** With `resend`: the requester's changed answers, facts and files (kept ones included), and the cap or budget they are counted against. */
  revision?: Revision;
  /** Answers changed with the action, already checked by the caller against the form's rules (a plan's checkpoint date agreed at the meeting). */
  changes?: { data: Record<string, unknown>; summary?: string };
}

export interface Revision {
  data: Record<string, unknown>;
  facts: SubmissionFacts;
  files: CheckedFile[];
  capHours?: number;
  /** The requester's PD budget in cents, for a reimbursement. */
  budgetCents?: number;
}

export type ActResult =
  | { ok: true; record: StoredSubmission; followed?: StoredSubmission }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'comment-required' | 'hours'; message: string; record?: StoredSubmission };

const ACTION_WORDS: Record<Action, string> = {
  approve: 'approved',
  reduce: 'approved with fewer hours',
  deny: 'denied',
  return: 'returned for more information',
  resend: 'sent again',
  withdraw: 'withdrawn',
  pay: 'marked paid',
  overturn: 'overturned',
  uphold: 'upheld',
  sign: 'signed',
  checkpoint: 'given a checkpoint',
  close: 'closed',
  continue: 'continued',
};

export async function act(request: ActRequest, ctx: ActContext): Promise<ActResult> {
  const record = await ctx.store.byReceipt(request.receipt);
  if (!record) return { ok: false, reason: 'not-found', message: `No request has the receipt ${request.receipt}.` };
  const transition = transitionFor(record.form, record.status, request.action, request.by);
  if (!transition) {
    return {
      ok: false,
      reason: 'not-allowed',
      record,
      message: `${record.receipt} is ${statusLabel(record.status).toLowerCase()}: it cannot be ${ACTION_WORDS[request.action]} by ${ROLE_LABELS[request.by].toLowerCase()} now.`,
    };
  }
  const comment = request.comment?.trim();
  if (transition.commentRequired && !comment) {
    return { ok: false, reason: 'comment-required', record, message: 'Enter a reason: the requester is told why.' };
  }
  const changed = changesOf(record, request, ctx);
  if (typeof changed === 'string') return { ok: false, reason: 'hours', record, message: changed };
  const on = ctx.now.toISOString();
  const entry: HistoryEntry = {
    status: transition.to,
    action: request.action,
    on,
    by: request.name?.trim() || ROLE_LABELS[request.by],
    ...(comment ? { comment } : {}),
  };
  const { decisionLink: _previousLink, ...rest } = record;
  const next: StoredSubmission = {
    ...rest,
    ...changed,
    status: transition.to,
    history: [...historyOf(record), entry],
    ...(DECIDED.has(transition.to) ? { decidedOn: todayIn(ctx.now, ctx.timeZone) } : {}),
    ...linkFor(record.receipt, transition.to, ctx),
  };
  const revision = request.revision;
  const updated = await ctx.store.replace(record, next, revision && { files: revision.files, capHours: revision.capHours, budgetCents: revision.budgetCents });
  // An approved claim's courses go on the person's record; the record is written whatever becomes of the message.
  await recordClaimCompletions(updated, ctx);
  await tell(updated, ctx);
  const followed = await followUp(updated, ctx);
  return { ok: true, record: updated, ...(followed ? { followed } : {}) };
}

/**
 * What an action changes besides the status: a resend replaces the answers (the
 * store writes its files); answers changed with another action are merged in;
 * fewer hours are recorded on the claim, so the cap and the payroll file count
 * only those. A refusal is the sentence that says why.
 */
function changesOf(record: StoredSubmission, request: ActRequest, ctx: ActContext): Partial<StoredSubmission> | string {
  if (request.action === 'resend') {
    if (!request.revision) return 'A request is sent again with its changed answers.';
    return { data: request.revision.data, facts: request.revision.facts };
  }
  const summary = request.changes?.summary;
  const answers = request.changes ? { data: { ...record.data, ...request.changes.data }, ...(summary ? { facts: { ...record.facts, summary } } : {}) } : {};
  if (request.action !== 'reduce') return answers;
  const reimbursement = record.facts.reimbursement;
  if (reimbursement) {
    const problem = approvedAmountProblem(request.approvedAmount, reimbursement.cents);
    if (problem) return problem;
    return { ...answers, facts: { ...record.facts, reimbursement: { ...reimbursement, approvedCents: toCents(request.approvedAmount!) } } };
  }
  const claim = record.facts.claim;
  if (!claim) return `${record.receipt} claims no hours.`;
  const problem = approvedHoursProblem(request.approvedHours, claim.hours, ctx.blockHours);
  if (problem) return problem;
  return { ...answers, facts: { ...record.facts, claim: withApprovedHours(claim, request.approvedHours!) } };
}

/** Why the hours HR approves cannot be recorded: missing, not whole blocks, or not fewer than claimed; null when they can. */
export function approvedHoursProblem(hours: number | undefined, claimed: number, blockHours?: number): string | null {
  const blocks = blockHours ? `whole blocks of ${blockHours} hours` : 'whole hours';
  if (hours === undefined || !Number.isFinite(hours)) return `Enter the hours approved: ${blocks}, fewer than the ${claimed} claimed.`;
  if (hours <= 0 || !Number.isInteger(blockHours ? hours / blockHours : hours)) return `The hours approved must be ${blocks}; ${hours} is not.`;
  if (hours >= claimed) return `The hours approved must be fewer than the ${claimed} claimed; to pay them all, approve the claim.`;
  return null;
}

/** Why the amount HR approves cannot be recorded: missing, not dollars and cents, or not less than asked; null when it can. */
export function approvedAmountProblem(dollars: number | undefined, askedCents: number): string | null {
  if (dollars === undefined || !Number.isFinite(dollars)) return `Enter the amount approved: less than the ${formatCents(askedCents)} asked.`;
  if (dollars <= 0 || Math.abs(dollars * 100 - toCents(dollars)) > 1e-6) return `The amount approved must be dollars and cents above zero; ${dollars} is not.`;
  if (toCents(dollars) >= askedCents) return `The amount approved must be less than the ${formatCents(askedCents)} asked; to pay it all, approve the request.`;
  return null;
}

/** A new request's first history entry and the link of its first step. */
export function opening(receipt: string, status: Status, by: string, ctx: Omit<ActContext, 'store'>): Pick<StoredSubmission, 'history' | 'decisionLink'> {
  return {
    history: [{ status, on: ctx.now.toISOString(), by }],
    ...linkFor(receipt, status, ctx),
  };
}

/** The history of a request, including those stored before history was kept. */
export function historyOf(record: StoredSubmission): HistoryEntry[] {
  return record.history ?? [{ status: record.status, on: record.submittedAt, by: ROLE_LABELS.employee }];
}

/** When a supervisor's decision on a request waiting for one is due: the program's working days after it reached them. */
export function decisionDueOn(record: StoredSubmission, program: Program): IsoDate {
  return addWorkingDays(enteredOn(record, program.timeZone), program.decisionDeadlineDays);
}

/** When the request entered its current status, on the district's calendar. */
export function enteredOn(record: StoredSubmission, timeZone: string): IsoDate {
  const last = historyOf(record).findLast((h) => h.status === record.status);
  return todayIn(new Date(last?.on ?? record.submittedAt), timeZone);
}

function linkFor(receipt: string, status: Status, ctx: Omit<ActContext, 'store'>): Pick<StoredSubmission, 'decisionLink'> {
  if (!(status in LINKED_STEPS)) return {};
  const expiresOn = addDays(todayIn(ctx.now, ctx.timeZone), LINK_LIFETIME_DAYS);
  const expires = Math.floor(ctx.now.getTime() / 1000) + LINK_LIFETIME_DAYS * 86_400;
  const token = signLink({ receipt, step: status, expires }, ctx.links.secret);
  return { decisionLink: { step: status, url: decisionUrl(ctx.links.origin, token), expiresOn } };
}

/** A fresh link for the step a request waits on, when the first one expired or went astray. */
export async function reissueLink(receipt: string, ctx: ActContext): Promise<StoredSubmission | null> {
  const record = await ctx.store.byReceipt(receipt);
  if (!record || !(record.status in LINKED_STEPS)) return null;
  const updated = await ctx.store.replace(record, { ...record, ...linkFor(record.receipt, record.status, ctx) });
  await tell(updated, ctx);
  return updated;
}

/**
 * What one request's change does to another: an overturned appeal reopens the
 * denied request (a checkpoint moves its plan on when it is sent: afterSubmission).
 * Runs again harmlessly after a crash: the reopened request refuses a second overturn.
 */
async function followUp(record: StoredSubmission, ctx: ActContext): Promise<StoredSubmission | undefined> {
  const target = record.facts.refersTo;
  if (!target) return undefined;
  if (record.form === 'appeal' && record.status === 'overturned') {
    const result = await act({ receipt: target, action: 'overturn', by: 'task-force', comment: `Appeal ${record.receipt} upheld the request.` }, ctx);
    return result.ok ? result.record : undefined;
  }
  return undefined;
}

/** After a new submission is stored: the checkpoint form moves its focus plan on. */
export async function afterSubmission(record: StoredSubmission, ctx: ActContext): Promise<void> {
  if (record.form === 'focus-plan-checkpoint' && record.facts.refersTo) {
    await act({ receipt: record.facts.refersTo, action: 'checkpoint', by: 'employee', comment: `Checkpoint ${record.receipt}` }, ctx);
  }
}
