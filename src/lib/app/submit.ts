import type { AirtableClient } from '../airtable/client.ts';
import { syncNow } from '../airtable/drain.ts';
import type { CatalogCourse } from '../catalog/files.ts';
import type { AnyForm } from '../forms/form.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { HONEYPOT } from '../forms/render.ts';
import { json, htmlAnswer, seeOther, wantsJson } from '../http/answers.ts';
import { BodyError, parseBody, type BodyKind } from '../http/body.ts';
import { originAllowed } from '../http/origin.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { actContext, type ActContext } from '../workflow/act.ts';
import { submitForm, type SubmitContext } from '../workflow/submit.ts';
import { answerPage, formPage } from './form-pages.ts';
import { rosterPerson } from './people.ts';
import { currentSession, signInRedirect } from './sign-in.ts';
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
  /** The key decision links are signed with, and the site's public address for them (the request's own when unset). */
  links: { secret: string; origin?: string };
  /** HR's staff roster as this instance last read it (a snapshot beside the queue, refreshed by the scheduled run). */
  roster: () => Promise<Roster>;
  /** The key sessions and sign-in links are sealed with. */
  sessionSecret: string;
  /** Sends the sign-in link at once; everything else goes through the outbox. */
  mail: MailTransport;
  /** The district's identity provider, when one is configured; else only email links. */
  oidc: OidcSettings | null;
  /** The site's public address (Netlify's URL), when known: sign-in's redirect address and every emailed link. */
  origin?: string;
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

/** Links are signed for the site's public address, else the address the request was sent to. */
function linksFor(deps: SubmitDeps, request: Request): ActContext['links'] {
  return { secret: deps.links.secret, origin: deps.links.origin ?? new URL(request.url).origin };
}

/** How a change made by this request is told to the people concerned. */
function notifier(deps: SubmitDeps, request: Request): (record: StoredSubmission) => Promise<void> {
  return (record) =>
    notifyChange(record, {
      store: deps.store,
      program: deps.program,
      origin: linksFor(deps, request).origin,
      now: deps.now(),
      person: async (employeeId) => (await deps.roster()).byId(employeeId),
    });
}

/** What a change made by this request works with. */
export function requestActContext(deps: SubmitDeps, request: Request): ActContext {
  return actContext({ store: deps.store, now: deps.now, program: deps.program, links: linksFor(deps, request), notify: notifier(deps, request) });
}

export function submitContext(deps: SubmitDeps, request: Request, person: RosterPerson): SubmitContext {
  return {
    store: deps.store,
    program: deps.program,
    catalog: deps.catalog,
    now: deps.now,
    person,
    notify: notifier(deps, request),
    links: linksFor(deps, request),
    ...(deps.airtable ? { afterQueued: (record: StoredSubmission) => syncNow(deps.store, deps.airtable!, record) } : {}),
  };
}

/**
 * A form's endpoint: the HTTP around submitForm. Checks the method, the origin,
 * the body and the honeypot, then answers a script with JSON and a browser with
 * a redirect to the receipt or the form again with every problem.
 */
export async function handleSubmission(request: Request, form: AnyForm, deps: SubmitDeps): Promise<Response> {
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
  // Anything but an empty answer in the field people never see gives software away, whatever its type.
  if (data[HONEYPOT] !== undefined && data[HONEYPOT] !== '') {
    return refuse(400, 'This form could not be accepted. If you are a person, leave the hidden "Leave this empty" field empty.');
  }
  const signedIn = await currentSession(request, deps);
  if (!signedIn) {
    if (wantsJson(request, kind)) return json(401, { error: 'Sign in first: forms are sent as the person signed in.' });
    return signInRedirect(request, `/forms/${form.id}/`);
  }
  const roster = await deps.roster();
  const person = rosterPerson(roster, signedIn.person);

  const outcome = await submitForm(form, data, submitContext(deps, request, person));
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
        person: signedIn.person,
        notice: resendNotice(form, resent),
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
      person: signedIn.person,
    }),
  );
}
