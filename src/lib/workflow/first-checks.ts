import type { z } from 'zod';
import { inPageOrder, schemaProblems } from '../forms/errors.ts';
import { checkFiles, type CheckedFile } from '../forms/evidence.ts';
import type { AnyForm, RuleContext } from '../forms/form.ts';
import { parseParts } from '../forms/parts.ts';
import { labelOf } from '../forms/walk.ts';
import type { Problem } from '../program/compensation.ts';

/**
 * The schema's and the files' checks of a send, and when either refuses it, the rules
 * on every part that parsed as well: a person hears of every problem in one answer, in
 * the order of the page, not in rounds. When both pass, the caller runs the rules itself
 * (a first send looks for an earlier copy of itself before them).
 */
export async function firstChecks(
  form: AnyForm,
  data: Record<string, unknown>,
  result: z.ZodSafeParseResult<Record<string, unknown>>,
  rules: RuleContext,
): Promise<{ problems: Problem[]; files: CheckedFile[] }> {
  const fieldLabel = (field: string) => labelOf(form, field);
  if (!result.success) {
    const { parts, failed } = parseParts(form.schema, data, result.error);
    const checked = await checkFiles(parts, fieldLabel);
    const ruled = form.partRules
      ? await form.partRules(parts, rules, failed)
      : form.rules && form.ruleFields?.every((field) => (parts as Record<string, unknown>)[field] !== undefined)
        ? await form.rules(parts as Record<string, unknown>, rules)
        : [];
    return { problems: inPageOrder(form, [...schemaProblems(result.error), ...checked.problems, ...ruled]), files: [] };
  }
  const checked = await checkFiles(result.data, fieldLabel);
  if (checked.problems.length === 0) return checked;
  const ruled = form.rules ? await form.rules(result.data, rules) : [];
  return { problems: inPageOrder(form, [...checked.problems, ...ruled]), files: [] };
}
