import type { AirtableClient } from '../airtable/client.ts';
import { syncNow } from '../airtable/drain.ts';
import type { CatalogCourse } from '../catalog/files.ts';
import type { AnyForm } from '../forms/form.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { ADD_ROW, HONEYPOT } from '../forms/render.ts';
import { withRosterAnswers } from '../forms/person.ts';
import { formFields } from '../forms/walk.ts';
import { json, htmlAnswer, seeOther, wantsJson } from '../http/answers.ts';
import { BodyError, parseBody, type BodyKind } from '../http/body.ts';
import { originAllowed } from '../http/origin.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { actContext, type ActContext } from '../workflow/act.ts';
import { submitForm, type SubmitContext } from '../workflow/submit.ts';
import { answerPage, claimsSoFar, formPage, formPerson } from './form-pages.ts';
import { rosterPerson } from './people.ts';
import { askingOf, signInRedirect, type Asking } from './sign-in.ts';
import type { RosterPerson } from '../forms/person.ts';
import type { OidcSettings } from '../identity/oidc.ts';
import type { Roster } from '../identity/roster.ts';
import type { MailTransport } from '../mail/message.ts';
import { notifyChange } from '../workflow/notify.ts';
import { historyOf } from '../workflow/act.ts';
import { RESENDS } from '../workflow/resend.ts';
import { html, type Markup } from '../html/template.ts';
import { normaliseReceipt } from '../forms/receipt-format.ts';
import { ownsRequest } from './people.ts';

/** What every function is wired with (runtime.ts reads it from the environment; tests build their own). */
export interface SubmitDeps {
  store: SubmissionStore;
  /** Set when Airtable is configured: each new submission is tried there once, then left to the drain. */
  airtable?: AirtableClient;
  program: Program;
  catalog: Map<string, CatalogCourse>;
  now: () => Date;
  /** Origins besides the request's own that may post (the site's public addresses). */
  allowedOrigins?: string[];
  /** The key decision links are signed with. */
  links: { secret: string };
  /** HR's staff roster as this instance last read it (a snapshot beside the queue, refreshed by the scheduled run). */
  roster: () => Promise<Roster>;
  /** The key sessions and sign-in links are sealed with. */
  sessionSecret: string;
  /** Sends the sign-in link at once; everything else goes through the outbox. */
  mail: MailTransport;
  /** The district's identity provider, when one is configured; else only email links. */
  oidc: OidcSettings | null;
  /**
   * The site's public address (http/deployment.ts siteOrigin): every link the site makes or
   * emails, and sign-in's redirect address. Never a request's Host header, which its sender chooses.
   */
  origin: string;
}

/**
 * Above the form of a returned request: why it came back, what happens to its
 * files, and the hidden receipt that makes the post a resend of it (tied to the
 * form by its id, as the form's own fields are).
 */
export function resendNotice(form: AnyForm, record: StoredSubmission): Markup {
  const note = historyOf(record).findLast((h) => h.action === 'return')?.comment;
  const files = form.multipart ? html` The files you sent stay with it unless you attach new ones in their place.` : '';
  return html`<div class="notice"><p>You are changing ${form.name.toLowerCase()} ${record.receipt}, returned to you for changes. Sending this form sends the same request again.${files}</p>${note && html`<p>The note with it:</p><blockquote class="timeline-comment">“${note}”</blockquote>`}<input type="hidden" name="${RESENDS}" value="${record.receipt}" form="form-start"></div>`;
}

export const receivedPath = (receipt: string) => `/forms/received/?receipt=${encodeURIComponent(receipt)}`;

/** Decision links: signed with the site's key, for the site's own address. */
const linksOf = (deps: SubmitDeps): ActContext['links'] => ({ secret: deps.links.secret, origin: deps.origin });

/** How a change made on the site is told to the people concerned. */
function notifier(deps: SubmitDeps): (record: StoredSubmission) => Promise<void> {
  return (record) =>
    notifyChange(record, {
      store: deps.store,
      program: deps.program,
      origin: deps.origin,
      now: deps.now(),
      person: async (employeeId) => (await deps.roster()).byId(employeeId),
    });
}

/** What a change made on the site works with. */
export function requestActContext(deps: SubmitDeps): ActContext {
  return actContext({
    store: deps.store,
    now: deps.now,
    program: deps.program,
    links: linksOf(deps),
    notify: notifier(deps),
    course: (id) => deps.catalog.get(id),
  });
}

export function submitContext(deps: SubmitDeps, person: RosterPerson): SubmitContext {
  return {
    store: deps.store,
    program: deps.program,
    catalog: deps.catalog,
    now: deps.now,
    person,
    notify: notifier(deps),
    links: linksOf(deps),
    ...(deps.airtable ? { afterQueued: (record: StoredSubmission) => syncNow(deps.store, deps.airtable!, record) } : {}),
  };
}

/**
 * Whether the field people never see was filled in, which gives software away: any answer but
 * none or an empty one, whatever its type (a JSON object, array, number, boolean or null too).
 */
function honeypotFilled(data: Record<string, unknown>): boolean {
  const value = Object.hasOwn(data, HONEYPOT) ? data[HONEYPOT] : undefined;
  return value !== undefined && value !== '';
}

/**
 * A form's endpoint: the HTTP around submitForm. Checks the method, the origin,
 * the body and the honeypot, then answers a script with JSON and a browser with
 * a redirect to the receipt or the form again with every problem.
 */
export async function handleSubmission(request: Request, form: AnyForm, deps: SubmitDeps, asking: Asking = askingOf(request, deps)): Promise<Response> {
  let kind: BodyKind | null = null;
  const refuse = (status: number, message: string) =>
    wantsJson(request, kind)
      ? json(status, { error: message })
      : htmlAnswer(status, answerPage(deps.program, { title: 'Your form could not be sent', status, message, form }));

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
    ({ kind, data } = await parseBody(request));
  } catch (error) {
    if (error instanceof BodyError) return refuse(error.status, error.message);
    throw error;
  }
  if (honeypotFilled(data)) {
    return refuse(400, 'This form could not be accepted. If you are a person, leave the hidden "Leave this empty" field empty.');
  }
  const signedIn = await asking();
  if (!signedIn) {
    if (wantsJson(request, kind)) return json(401, { error: 'Sign in first: forms are sent as the person signed in.' });
    return signInRedirect(request, `/forms/${form.id}/`);
  }
  const roster = await deps.roster();
  const person = rosterPerson(roster, signedIn.person);
  // A claim's page shows its running total, with what is left of this year's cap.
  const soFar = () => claimsSoFar(form, deps.program, (id, year) => deps.store.hoursSubmitted(id, year), person.employeeId, deps.now());

  // "Add another course" without JavaScript: the same form one row longer, with the answers kept; nothing checked or stored.
  const adding = data[ADD_ROW];
  if (typeof adding === 'string' && formFields(form).some((f) => f.kind === 'repeat' && f.name === adding)) {
    const resent = typeof data[RESENDS] === 'string' ? await deps.store.byReceipt(normaliseReceipt(data[RESENDS].slice(0, 60))) : null;
    const resend = resent && resent.form === form.id && ownsRequest(signedIn.person, resent) && resendNotice(form, resent);
    const files = form.multipart && html`<p class="notice">Files are not kept when a row is added: select your files again before you send the form.</p>`;
    return htmlAnswer(
      200,
      formPage(deps.program, form, {
        values: withRosterAnswers(form, data, person),
        catalog: [...deps.catalog.values()],
        person: formPerson(signedIn.person, deps.sessionSecret),
        addRow: adding,
        notice: html`${resend || ''}${files}`,
        ...(await soFar()),
      }),
    );
  }

  const outcome = await submitForm(form, data, submitContext(deps, person));
  if (wantsJson(request, kind)) {
    return outcome.ok
      ? json(outcome.created ? 201 : 200, { receipt: outcome.receipt, status: outcome.status })
      : json(422, { error: 'Some answers need changing.', errors: outcome.problems });
  }
  if (outcome.ok) return seeOther(receivedPath(outcome.receipt));
  // A refused resend is shown again as a resend, so that sending it again still changes the same request.
  const resent = typeof data[RESENDS] === 'string' ? await deps.store.byReceipt(normaliseReceipt(data[RESENDS].slice(0, 60))) : null;
  if (resent && resent.form === form.id && ownsRequest(signedIn.person, resent)) {
    return htmlAnswer(
      422,
      formPage(deps.program, form, {
        values: outcome.values,
        problems: outcome.problems,
        catalog: [...deps.catalog.values()],
        person: formPerson(signedIn.person, deps.sessionSecret),
        notice: resendNotice(form, resent),
        ...(await soFar()),
      }),
    );
  }
  return htmlAnswer(
    422,
    answerPage(deps.program, {
      title: form.title,
      status: 422,
      form,
      values: outcome.values,
      problems: outcome.problems,
      catalog: [...deps.catalog.values()],
      person: formPerson(signedIn.person, deps.sessionSecret),
      ...(await soFar()),
    }),
  );
}
