import { appeal } from './appeal.ts';
import { compensation } from './compensation.ts';
import { exitSurvey } from './exit-survey.ts';
import { checkpoint, focusPlan } from './focus-plan.ts';
import type { AnyForm } from './form.ts';
import { preApproval } from './pre-approval.ts';

/** Every form of the program, in the order the forms page lists them. */
export const FORMS: AnyForm[] = [preApproval, compensation, exitSurvey, appeal, focusPlan, checkpoint];

export function formById(id: string): AnyForm | undefined {
  return FORMS.find((f) => f.id === id);
}
