import { withCourses } from '../forms/pre-approval-courses.ts';
import { randomUUID } from 'node:crypto';
import { fiscalYearLabel, today } from '../program/calendar.ts';
import { hoursLeftUnderCap } from '../program/blocks.ts';
import { schemaProblems } from '../forms/errors.ts';
import { withoutDeclarations } from '../forms/walk.ts';
import type { AnyForm } from '../forms/form.ts';
import { claimsSoFar, formPage, formPerson, receiptNotFoundPage, receivedPage } from './form-pages.ts';
import { mayDecide, maySee, ownsRequest, rosterPerson } from './people.ts';
import type { Asking } from './sign-in.ts';
import { whoIsAsking } from './who.ts';
import { assignedPlanOpening } from './assign-handler.ts';
import { missingReviewerProblem, rosterAnswers } from '../forms/person.ts';
import type { StaffMember } from '../identity/roster.ts';
import { formById } from '../forms/registry.ts';
import { requestActContext, resendNotice, type SubmitDeps } from './submit.ts';
import { download, htmlAnswer, seeOther } from '../http/answers.ts';
import { BodyError, readForm } from '../http/body.ts';
import { originAllowed } from '../http/origin.ts';
import { page } from '../html/shell.ts';
import { html } from '../html/template.ts';
import type { Problem } from '../program/compensation.ts';
import { normaliseReceipt } from '../forms/receipt-format.ts';
import { safeFileName } from '../forms/file-names.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { act } from '../workflow/act.ts';
import { decisionForm, signForm, withdrawForm } from '../workflow/action-forms.ts';
import { verifyLink } from '../workflow/links.ts';
import { decisionPage, decisionRecordedPage, linkProblem, receiptNotFound, statusPage, statusPath } from '../workflow/pages.ts';
import { actionsFor, appealable, LINKED_STEPS, mayResend, startsAgain, type Status } from '../program/routing.ts';

/**
 * The requests' pages as web handlers, thin: read the request, look the record
 * up, let act() decide, answer. Every refusal is a page that says what to do.
 */
const NOTICES = new Map([
  ['withdrawn', 'You withdrew this request.'],
  ['signed', 'You signed your plan. It is now in progress.'],
]);

const refusedMethod = (allow: string) => new Response('Method not allowed', { status: 405, headers: { allow } });

function bodyProblem(deps: SubmitDeps, error: BodyError): Response {
  return htmlAnswer(
    error.status,
    page(deps.program, {
      title: 'Error: Your answer could not be read',
      path: '/requests/',
      body: html`<h1>Your answer could not be read</h1><p>${error.message}</p><p><a href="/requests/">Check a request</a></p>`,
    }),
  );
}

/** A receipt as a person typed it (cut to a length no receipt reaches), and its request. */
async function byTypedReceipt(deps: SubmitDeps, value: unknown): Promise<{ typed: string; record: StoredSubmission | null }> {
  const typed = typeof value === 'string' ? value.slice(0, 60) : '';
  return { typed, record: typed ? await deps.store.byReceipt(normaliseReceipt(typed)) : null };
}

/**
 * The request a decision link opens, while the step it was made for is still
 * open; or the page that says why the link cannot be used.
 */
async function openLink(deps: SubmitDeps, token: string, now: Date, who: StaffMember): Promise<{ record: StoredSubmission; signature: string } | Response> {
  const check = verifyLink(token.slice(0, 300), deps.links.secret, now.getTime());
  if (!check.ok) return problem(deps, check.reason);
  const record = await deps.store.byReceipt(check.claims.receipt);
  if (!record) return problem(deps, 'not-found');
  // A link decides only in the hands of the person it was sent to (or HR): a forwarded or guessed
  // link does nothing, and says nothing of the request, whatever became of it.
  if (!mayDecide(deps.program, who, record, check.claims.step)) return problem(deps, 'not-yours');
  // A link decides the step it was made for, once: a request that has moved on refuses it.
  if (record.status !== check.claims.step) return problem(deps, 'used', record);
  // Only the newest link of a step opens it: sending a new one revokes the one before.
  if (record.decisionLink && !record.decisionLink.url.endsWith(check.signature)) return problem(deps, 'replaced', record);
  return { record, signature: check.signature };
}

/** GET /forms/received/?receipt=: the confirmation after a form is sent, with the receipt it was given. */
export async function receivedHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusedMethod('GET');
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const { record } = await byTypedReceipt(deps, new URL(request.url).searchParams.get('receipt'));
  const form = record && formById(record.form);
  // Someone else's receipt looks exactly like one that does not exist. An anonymous answer belongs to
  // nobody on record, and its confirmation shows only the receipt and what happens next.
  const anonymous = record?.facts.employeeId === undefined;
  if (!record || !form || !(anonymous || maySee(deps.program, who, record))) return htmlAnswer(404, receiptNotFoundPage(deps.program));
  return htmlAnswer(200, receivedPage(deps.program, form, record, { name: who.name }));
}

/** GET /requests/status/?receipt=: where a request stands. */
export async function statusHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusedMethod('GET');
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const url = new URL(request.url);
  const { typed, record } = await byTypedReceipt(deps, url.searchParams.get('receipt'));
  // Someone else's receipt looks exactly like one that does not exist.
  if (!record || !maySee(deps.program, who, record)) return htmlAnswer(typed ? 404 : 400, receiptNotFound(deps.program, typed));
  // A Map holds only the notices listed: `done=constructor` names none of them.
  const notice = NOTICES.get(url.searchParams.get('done') ?? '');
  const related = (await deps.store.referring(record.receipt)).filter((r) => maySee(deps.program, who, r));
  const capLeft = await claimCapLeft(deps, record);
  const view = { record, related, signedIn: { name: who.name }, mine: ownsRequest(who, record), catalog: deps.catalog };
  return htmlAnswer(200, statusPage(deps.program, { ...view, ...(capLeft ? { capLeft } : {}), ...(notice ? { notice } : {}) }));
}

/** What is left of the yearly cap in a claim's fiscal year, by the cap's own count of hours sent. */
async function claimCapLeft(deps: SubmitDeps, record: StoredSubmission): Promise<{ hours: number; fiscalYear: string } | undefined> {
  const claim = record.facts.claim;
  if (!claim || !record.facts.employeeId) return undefined;
  const sent = await deps.store.hoursSubmitted(record.facts.employeeId, claim.fiscalYear);
  return { hours: hoursLeftUnderCap(sent, deps.program), fiscalYear: fiscalYearLabel(claim.fiscalYear, deps.program.fiscalYearStart) };
}

/** POST /requests/withdraw/ and /requests/sign/: the requester's own steps. */
export async function requesterActionHandler(request: Request, deps: SubmitDeps, which: 'withdraw' | 'sign', asking?: Asking): Promise<Response> {
  if (request.method !== 'POST') return refusedMethod('POST');
  if (!originAllowed(request, deps.allowedOrigins))
    return htmlAnswer(
      403,
      page(deps.program, {
        title: 'Error: Not sent from this site',
        path: '/requests/',
        body: html`<h1>Not sent from this site</h1><p>Requests can only be changed from this site’s pages.</p>`,
      }),
    );
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const data = await readForm(request);
  if (data instanceof BodyError) return bodyProblem(deps, data);
  const { typed, record } = await byTypedReceipt(deps, data['receipt']);
  // Only the requester withdraws or signs; to anyone else the request is not there.
  if (!record || !ownsRequest(who, record)) return htmlAnswer(404, receiptNotFound(deps.program, typed));
  const related = await deps.store.referring(record.receipt);
  const again = (status: number, problems: Problem[]) =>
    htmlAnswer(
      status,
      statusPage(deps.program, { record, related, problems, failed: which, values: data, signedIn: { name: who.name }, catalog: deps.catalog }),
    );

  const schema = which === 'withdraw' ? withdrawForm.schema : signForm.schema;
  const parsed = schema.safeParse(data);
  if (!parsed.success) return again(422, schemaProblems(parsed.error));
  const result = await act({ receipt: record.receipt, action: which, by: 'employee', name: who.name }, requestActContext(deps));
  if (!result.ok) return again(409, [{ field: '', message: result.message }]);
  return seeOther(`${statusPath(record.receipt)}&done=${which === 'withdraw' ? 'withdrawn' : 'signed'}`);
}

/** GET and POST /decide/: the page a signed link opens, and the decision it records. */
export async function decideHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST') return refusedMethod('GET, POST');
  let data: Record<string, unknown> = {};
  if (request.method === 'POST') {
    if (!originAllowed(request, deps.allowedOrigins)) return problem(deps, 'invalid');
    const read = await readForm(request);
    if (read instanceof BodyError) return bodyProblem(deps, read);
    data = read;
  }
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const token = request.method === 'GET' ? (new URL(request.url).searchParams.get('token') ?? '') : String(data['token'] ?? '');
  const ctx = requestActContext(deps);
  const opened = await openLink(deps, token, ctx.now, who);
  if (opened instanceof Response) return opened;
  const { record, signature } = opened;
  const role = LINKED_STEPS[record.status as Status]!;
  const decision = decisionForm(actionsFor(record.form, record.status, role), {
    data: record.data,
    today: today(ctx.now, ctx.timeZone),
    program: deps.program,
  });
  const { form, actions } = decision;
  const related = record.status === 'checkpoint-received' ? await deps.store.referring(record.receipt) : [];
  const view = { record, token, form, related, catalog: deps.catalog, signedIn: { name: who.name } };
  if (request.method === 'GET') return htmlAnswer(200, decisionPage(deps.program, { ...view, values: decision.values }));

  const parsed = form.schema.safeParse(data);
  if (!parsed.success) return htmlAnswer(422, decisionPage(deps.program, { ...view, problems: schemaProblems(parsed.error), values: data }));
  const chosen = parsed.data.decision;
  if (!actions.includes(chosen))
    return htmlAnswer(422, decisionPage(deps.program, { ...view, problems: [{ field: 'decision', message: 'Select your decision' }], values: data }));
  if (!(await deps.store.useLink(signature))) return problem(deps, 'used', record);
  const { changes, comment } = decision.changesOf(parsed.data);
  const step = { receipt: record.receipt, action: chosen, by: role, name: who.name, ...(comment ? { comment } : {}), ...(changes ? { changes } : {}) };
  // A link spent on a decision that was never recorded would leave the request stuck: give it back.
  const result = await act(step, ctx).catch(async (error: unknown) => {
    await deps.store.releaseLink(signature);
    throw error;
  });
  if (!result.ok) return problem(deps, 'used', result.record ?? record);
  return htmlAnswer(200, decisionRecordedPage(deps.program, result.record, { name: who.name }));
}

/**
 * GET /decide/file/?token=&file=: an evidence file of the request, for the
 * person deciding, while their link is open; with &from=RECEIPT, a file of a
 * request the decision page shows beside it (at the final conference, the
 * checkpoint's evidence). Sent as a download, never shown inline, so a file can
 * never run as a page of the site.
 */
export async function decisionFileHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (request.method !== 'GET') return refusedMethod('GET');
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const url = new URL(request.url);
  const opened = await openLink(deps, url.searchParams.get('token') ?? '', deps.now(), who);
  if (opened instanceof Response) return opened;
  const { record } = opened;
  const from = url.searchParams.get('from');
  const owner = from === null ? record : await shownBeside(deps, record, from);
  const stored = owner?.files[Number(url.searchParams.get('file'))];
  const bytes = stored ? await deps.store.file(stored) : null;
  if (!stored || !bytes) return problem(deps, 'not-found', record);
  return download(bytes, stored.type, safeFileName(stored.name, stored.type));
}

/**
 * A request the decision page shows beside the one its link opens, by receipt:
 * the checkpoints of a plan at its final conference, as decideHandler lists them.
 * Any other receipt is not there, so a link opens no one else's files.
 */
async function shownBeside(deps: SubmitDeps, record: StoredSubmission, receipt: string): Promise<StoredSubmission | undefined> {
  if (record.status !== 'checkpoint-received') return undefined;
  const wanted = normaliseReceipt(receipt.slice(0, 60));
  return (await deps.store.referring(record.receipt)).find((r) => r.receipt === wanted);
}

function problem(deps: SubmitDeps, kind: Parameters<typeof linkProblem>[1], record?: StoredSubmission): Response {
  const { status, body } = linkProblem(deps.program, kind, record);
  return htmlAnswer(status, body);
}

/**
 * GET /forms/<form>/from/?receipt=: a form filled in from an earlier request: a
 * denied request sent again, its appeal, or next year's focus plan.
 */
export async function prefillHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusedMethod('GET');
  const url = new URL(request.url);
  const target = formById(url.pathname.split('/')[2] ?? '');
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const { typed, record: source } = await byTypedReceipt(deps, url.searchParams.get('receipt'));
  // Only the requester starts a form from their request: its answers are theirs.
  if (!target || !source || !ownsRequest(who, source)) return htmlAnswer(404, receiptNotFound(deps.program, typed));
  if (target.id === source.form && mayResend(source.form, source.status)) return resendPage(deps, target, source, who);
  const values = prefillValues(target, source);
  if (!values) {
    return htmlAnswer(
      409,
      page(deps.program, {
        title: `Error: ${target.title}`,
        path: `/forms/${target.id}/`,
        body: html`<h1>${target.title}</h1><p>Request ${source.receipt} cannot start this form in its current status. <a href="${statusPath(source.receipt)}">See where it stands</a> or <a href="/forms/${target.id}/">start an empty form</a>.</p>`,
      }),
    );
  }
  const note = target.multipart ? ' Files are not copied: attach them again.' : '';
  const person = rosterPerson(await deps.roster(), who);
  return htmlAnswer(
    200,
    formPage(deps.program, target, {
      // The roster's facts as they are today, not as they were on the old request.
      values: { ...values, ...rosterAnswers(person), submissionId: randomUUID() },
      catalog: [...deps.catalog.values()],
      person: formPerson(who, deps.sessionSecret),
      notice: html`<div class="notice"><p>We filled this in from request ${source.receipt}. Check every answer before you send it.${note}</p></div>`,
      ...(await claimsSoFar(target, deps.program, (id, year) => deps.store.hoursSubmitted(id, year), person.employeeId, deps.now())),
    }),
  );
}

/**
 * The form of a request returned for changes, filled in from it: sent, it is the
 * same request again (the hidden receipt says which; submitForm checks it).
 */
async function resendPage(deps: SubmitDeps, form: AnyForm, source: StoredSubmission, who: StaffMember): Promise<Response> {
  const person = rosterPerson(await deps.roster(), who);
  return htmlAnswer(
    200,
    formPage(deps.program, form, {
      values: { ...withoutDeclarations(form, answersOf(source)), ...rosterAnswers(person), submissionId: randomUUID() },
      catalog: [...deps.catalog.values()],
      person: formPerson(who, deps.sessionSecret),
      notice: resendNotice(form, source),
      // Its own hours are not counted against what is left: sending it again replaces them.
      ...(await claimsSoFar(form, deps.program, (id, year) => deps.store.hoursSubmitted(id, year, source.id), person.employeeId, deps.now())),
    }),
  );
}

/** GET /forms/<form>/: the form, for the person signed in, with what HR's roster says about them. */
export async function formPageHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusedMethod('GET');
  const form = formById(new URL(request.url).pathname.split('/')[2] ?? '');
  if (!form) return htmlAnswer(404, receiptNotFoundPage(deps.program));
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const person = rosterPerson(await deps.roster(), who);
  const contact = deps.program.contacts[0]!;
  const noReviewer = missingReviewerProblem(form, person, `${contact.name} (${contact.email})`);
  // A focus plan the evaluator assigned on the site says so, and starts with the date they proposed.
  const assigned = form.id === 'focus-plan' ? await assignedPlanOpening(deps, who) : null;
  const warning = noReviewer && html`<div class="notice notice-warning"><p>${noReviewer.message}</p></div>`;
  return htmlAnswer(
    200,
    formPage(deps.program, form, {
      values: { ...assigned?.values, ...rosterAnswers(person), submissionId: randomUUID() },
      catalog: [...deps.catalog.values()],
      person: formPerson(who, deps.sessionSecret),
      ...(noReviewer || assigned ? { notice: html`${assigned?.notice}${warning}` } : {}),
      ...(await claimsSoFar(form, deps.program, (id, year) => deps.store.hoursSubmitted(id, year), person.employeeId, deps.now())),
    }),
  );
}

/** A request's answers in the form's present shape: a pre-approval stored before it listed courses becomes a list of one. */
const answersOf = (record: StoredSubmission) => (record.form === 'pre-approval' ? withCourses(record.data) : record.data);

function prefillValues(target: AnyForm, source: StoredSubmission): Record<string, unknown> | null {
  if (target.id === 'appeal' && appealable(source.form, source.status)) {
    return { receipt: source.receipt };
  }
  if (target.id === source.form && startsAgain(source.form, source.status)) {
    const { checkpointDate: _date, ...rest } = source.data;
    return withoutDeclarations(target, source.form === 'focus-plan' ? rest : answersOf(source));
  }
  return null;
}
