import type { CatalogCourse } from '../catalog/files.ts';
import { answerPage } from './form-pages.ts';
import { json, html, seeOther, wantsJson } from '../http/answers.ts';
import { BodyError, parseBody, type BodyKind } from '../http/body.ts';
import { originAllowed } from '../http/origin.ts';
import { today as todayIn } from '../program/calendar.ts';
import { capProblem, type Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { AirtableClient } from '../airtable/client.ts';
import { syncNow } from '../airtable/drain.ts';
import { receiptFor } from '../store/receipts.ts';
import { CapExceeded, type SubmissionStore } from '../store/submissions.ts';
import { afterSubmission, opening } from '../workflow/act.ts';
import { schemaProblems } from '../forms/errors.ts';
import { checkFiles, withoutFiles } from '../forms/evidence.ts';
import { compactRepeats } from '../forms/fields.ts';
import { labelOf } from '../forms/walk.ts';
import type { AnyForm, RuleContext } from '../forms/form.ts';
import { HONEYPOT } from '../forms/render.ts';
import { submissionId } from '../forms/submission-id.ts';

export interface SubmitDeps {
  store: SubmissionStore;
  /** Set when Airtable is configured: each new submission is tried there once, then left to the drain. */
  airtable?: AirtableClient;
  program: Program;
  catalog: Map<string, CatalogCourse>;
  now?: () => Date;
  /** Origins besides the request's own that may post (the site's public addresses). */
  allowedOrigins?: string[];
  /** The key decision links are signed with, and the site's public address for them (the request's own when unset). */
  links: { secret: string; origin?: string };
}

export const receivedPath = (receipt: string) => `/forms/received/?receipt=${encodeURIComponent(receipt)}`;

/**
 * The write path of every form: parse, validate, apply the rules, queue durably,
 * answer. Each step refuses with a message a person can act on; nothing is stored
 * unless every step passed.
 */
export async function handleSubmission(request: Request, form: AnyForm, deps: SubmitDeps): Promise<Response> {
  let kind: BodyKind | null = null;
  const refuse = (status: number, message: string) =>
    wantsJson(request, kind)
      ? json(status, { error: message })
      : html(status, answerPage(deps.program, { title: 'Your form could not be sent', status, message, form }));

  if (request.method !== 'POST') {
    const answer = refuse(405, 'Send this form with POST.');
    answer.headers.set('allow', 'POST');
    return answer;
  }
  if (!originAllowed(request, deps.allowedOrigins)) {
    return refuse(403, 'Forms can only be sent from this site.');
  }

  let data: Record<string, unknown>;
  try {
    const parsed = await parseBody(request);
    kind = parsed.kind;
    data = parsed.data;
  } catch (error) {
    if (error instanceof BodyError) return refuse(error.status, error.message);
    throw error;
  }
  if (typeof data[HONEYPOT] === 'string' && data[HONEYPOT] !== '') {
    return refuse(400, 'This form could not be accepted. If you are a person, leave the hidden "Leave this empty" field empty.');
  }

  data = compactRepeats(form.schema.shape, data);
  const today = todayIn(deps.now?.() ?? new Date());
  const result = form.schema.safeParse(data);
  const checked = await checkFiles(result.success ? result.data : {}, (field) => labelOf(form, field));
  if (!result.success || checked.problems.length > 0) {
    return refused(request, kind, form, deps, data, [...(result.success ? [] : schemaProblems(result.error)), ...checked.problems]);
  }
  // A resend of a stored submission gets its first answer again, before the rules run:
  // its own hours are already counted against the cap.
  const id = submissionId(data['submissionId'], result.data);
  const existing = await deps.store.byId(form.id, id);
  if (existing) return accepted(request, kind, existing.receipt, existing.status, false);
  const problems = form.rules ? await form.rules(result.data, ruleContext(deps, today)) : [];
  if (problems.length > 0) return refused(request, kind, form, deps, data, problems);

  const facts = form.facts(result.data, { program: deps.program, today });
  const stored = form.redact ? form.redact(result.data) : result.data;
  const now = deps.now?.() ?? new Date();
  const flow = { store: deps.store, now, links: { secret: deps.links.secret, origin: deps.links.origin ?? new URL(request.url).origin } };
  const receipt = receiptFor(form.receiptPrefix, form.id, id);
  try {
    const { record, created } = await deps.store.save(
      {
        ...opening(receipt, form.initialStatus, stored['fullName'] ? String(stored['fullName']) : 'Anonymous', flow),
        id,
        form: form.id,
        receiptPrefix: form.receiptPrefix,
        status: form.initialStatus,
        submittedAt: (deps.now?.() ?? new Date()).toISOString(),
        submittedOn: today,
        facts,
        data: withoutFiles(stored) as Record<string, unknown>,
        files: checked.files,
      },
      facts.claim ? deps.program.yearlyCapHours : undefined,
    );
    if (created) await afterSubmission(record, flow);
    if (created && deps.airtable) await syncNow(deps.store, deps.airtable, record);
    return accepted(request, kind, record.receipt, record.status, created);
  } catch (error) {
    if (error instanceof CapExceeded && facts.claim) {
      // Another claim of the same employee was stored while this one was checked.
      const problem = capProblem('lines', facts.claim.hours, error.alreadySubmitted, today, deps.program)!;
      return refused(request, kind, form, deps, data, [problem]);
    }
    throw error;
  }
}

function ruleContext(deps: SubmitDeps, today: string): RuleContext {
  return {
    program: deps.program,
    today,
    course: (id) => deps.catalog.get(id),
    submissionByReceipt: (receipt) => deps.store.byReceipt(receipt),
    referring: (receipt) => deps.store.referring(receipt),
    hoursSubmitted: (employeeId, fiscalYear) => deps.store.hoursSubmitted(employeeId, fiscalYear),
  };
}

function accepted(request: Request, kind: BodyKind | null, receipt: string, status: string, created: boolean): Response {
  if (wantsJson(request, kind)) return json(created ? 201 : 200, { receipt, status });
  return seeOther(receivedPath(receipt));
}

function refused(request: Request, kind: BodyKind | null, form: AnyForm, deps: SubmitDeps, data: Record<string, unknown>, problems: Problem[]): Response {
  if (wantsJson(request, kind)) {
    return json(422, { error: 'Some answers need changing.', errors: problems });
  }
  return html(422, answerPage(deps.program, { title: form.title, status: 422, form, values: data, problems, catalog: [...deps.catalog.values()] }));
}
