import type { SubmissionFacts } from '../forms/record.ts';
import { REIMBURSED_AMOUNT } from '../forms/reimbursement.ts';
import { budgetProblem } from '../program/budget.ts';
import type { IsoDate } from '../program/calendar.ts';
import { capProblem, type Problem } from '../program/compensation.ts';
import { AlreadyClaimed, BudgetExceeded, CapExceeded } from '../store/submissions.ts';
import { senderAllocationCents, type SubmitContext } from './submit-context.ts';

/**
 * The store's last word on a first send or a resend, as the problem the person reads:
 * another request of theirs was stored while this one was checked and took the course,
 * the hours or the money this one needed. The words are the rules' own. Null for any
 * other error, which the caller throws on.
 */
export function storeRefusal(error: unknown, facts: SubmissionFacts, ctx: Pick<SubmitContext, 'program' | 'person'>, today: IsoDate): Problem | null {
  if (error instanceof AlreadyClaimed) {
    return { field: 'lines', message: `A course on this claim is already claimed in ${error.receipt}; a completion is paid once` };
  }
  if (error instanceof CapExceeded && facts.claim) {
    return capProblem('lines', facts.claim.hours, error.alreadySubmitted, today, ctx.program);
  }
  if (error instanceof BudgetExceeded && facts.reimbursement) {
    return budgetProblem(REIMBURSED_AMOUNT, facts.reimbursement.cents, error.alreadyReserved, senderAllocationCents(ctx));
  }
  return null;
}
