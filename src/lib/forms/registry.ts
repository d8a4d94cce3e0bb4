import { appeal } from './appeal.ts';
import { compensation } from './compensation.ts';
import { exitSurvey } from './exit-survey.ts';
import { checkpoint, focusPlan } from './focus-plan.ts';
import type { AnyForm } from './form.ts';
import { preApproval } from './pre-approval.ts';
import { reimbursement } from './reimbursement.ts';
import { staffSurvey } from './staff-survey.ts';

/** Every form of the program, in the order the forms page lists them. */
export const FORMS: AnyForm[] = [preApproval, compensation, reimbursement, exitSurvey, appeal, focusPlan, checkpoint, staffSurvey];

export function formById(id: string): AnyForm | undefined {
  return FORMS.find((f) => f.id === id);
}
