import { formById } from '../forms/registry.ts';
import { courseOutcomes, outcomesText } from '../forms/pre-approval-courses.ts';
import type { HistoryEntry, StoredSubmission } from '../forms/record.ts';
import { decisionWaitingMessage, statusChangedMessage } from '../mail/templates.ts';
import { enqueue } from '../mail/outbox.ts';
import { appealable, LINKED_STEPS, mayResend, statusLabel } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { approvedHoursOf, type SubmissionStore } from '../store/submissions.ts';
import { formatCents } from '../program/budget.ts';
import { decisionDueOn, historyOf } from './act.ts';

/**
 * Who hears about a change: the requester, at every change of status after the
 * first; the supervisor or evaluator a step now waits on, with their link.
 * Messages go to the outbox in Blobs (sent by the scheduled run), each event
 * once: the same change told twice is the same message.
 */
export interface NotifyContext {
  store: SubmissionStore;
  program: Program;
  /** The site's address, for links to the request's page. */
  origin: string;
  now: Date;
  /** A person the roster knows, by employee ID: where a reviewer's message goes. */
  person(employeeId: string): Promise<{ name: string; email: string } | undefined>;
}

const STEP_KIND = { supervisor: 'decide', evaluator: 'review' } as const;

/**
 * What the requester reads with a change: the comment (a return's note says what
 * to change; the request's page links to the form), with fewer hours approved,
 * how many, and with a decision on several courses, each course's.
 */
function noteOf(record: StoredSubmission, last: HistoryEntry | undefined): string | undefined {
  const approved = approvedHoursOf(record.facts.claim);
  if (last?.action === 'reduce' && approved !== undefined) {
    return `Human Resources approved ${approved} of the ${record.facts.claim!.hours} hours you claimed.${last.comment ? ` The reason: ${last.comment}` : ''}`;
  }
  const asked = record.facts.reimbursement;
  if (last?.action === 'reduce' && asked?.approvedCents !== undefined) {
    return `Human Resources approved ${formatCents(asked.approvedCents)} of the ${formatCents(asked.cents)} you asked for.${last.comment ? ` The reason: ${last.comment}` : ''}`;
  }
  // A request of several courses, decided: what became of each, with the reason for each denial.
  const outcomes = record.form === 'pre-approval' && (record.status === 'approved' || record.status === 'denied') ? courseOutcomes(record) : [];
  if (outcomes.length > 1) return outcomesText(outcomes);
  return last?.comment;
}

export async function notifyChange(record: StoredSubmission, ctx: NotifyContext): Promise<void> {
  const history = historyOf(record);
  const formName = formById(record.form)?.name ?? 'Request';
  const statusUrl = `${ctx.origin.replace(/\/$/, '')}/requests/status/?receipt=${encodeURIComponent(record.receipt)}`;
  const requester = typeof record.data['email'] === 'string' ? record.data['email'] : undefined;
  const requesterName = typeof record.data['fullName'] === 'string' ? record.data['fullName'] : 'A colleague';
  const changeUrl = `${ctx.origin.replace(/\/$/, '')}/forms/${record.form}/from/?receipt=${encodeURIComponent(record.receipt)}`;
  const last = history.at(-1);

  if (history.length > 1 && requester && record.facts.employeeId) {
    await enqueue(
      ctx.store,
      statusChangedMessage(ctx.program, {
        to: requester,
        name: requesterName,
        formName,
        receipt: record.receipt,
        statusLabel: statusLabel(record.status),
        ...(noteOf(record, last) ? { comment: noteOf(record, last)! } : {}),
        denied: record.status === 'denied',
        statusUrl,
        // Only a denial the task force can overturn offers an appeal (not a reimbursement's, say).
        ...(appealable(record.form, record.status)
          ? { appealUrl: `${ctx.origin.replace(/\/$/, '')}/forms/appeal/from/?receipt=${encodeURIComponent(record.receipt)}` }
          : {}),
        ...(mayResend(record.form, record.status) ? { changeUrl } : {}),
        now: ctx.now,
        version: history.length,
      }),
    );
  }

  const role = LINKED_STEPS[record.status];
  const reviewerId = role === 'supervisor' ? record.facts.supervisorId : role === 'evaluator' ? record.facts.evaluatorId : undefined;
  const reviewer = reviewerId ? await ctx.person(reviewerId) : undefined;
  if (role && reviewer && record.decisionLink) {
    await enqueue(
      ctx.store,
      decisionWaitingMessage(ctx.program, {
        to: reviewer.email,
        reviewerName: reviewer.name,
        requesterName,
        formName,
        receipt: record.receipt,
        summary: record.facts.summary,
        step: record.status === 'checkpoint-received' ? 'checkpoint' : STEP_KIND[role],
        url: record.decisionLink.url,
        dueOn: decisionDueOn(record, ctx.program),
        now: ctx.now,
      }),
    );
  }
}
