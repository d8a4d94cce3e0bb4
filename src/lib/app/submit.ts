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
import { answerPage } from './form-pages.ts';

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
}

export const receivedPath = (receipt: string) => `/forms/received/?receipt=${encodeURIComponent(receipt)}`;

/** Links are signed for the site's public address, else the address the request was sent to. */
function linksFor(deps: SubmitDeps, request: Request): ActContext['links'] {
  return { secret: deps.links.secret, origin: deps.links.origin ?? new URL(request.url).origin };
}

/** What a change made by this request works with. */
export function requestActContext(deps: SubmitDeps, request: Request): ActContext {
  return actContext({ store: deps.store, now: deps.now, links: linksFor(deps, request) });
}

export function submitContext(deps: SubmitDeps, request: Request): SubmitContext {
  return {
    store: deps.store,
    program: deps.program,
    catalog: deps.catalog,
    now: deps.now,
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

  const outcome = await submitForm(form, data, submitContext(deps, request));
  if (wantsJson(request, kind)) {
    return outcome.ok
      ? json(outcome.created ? 201 : 200, { receipt: outcome.receipt, status: outcome.status })
      : json(422, { error: 'Some answers need changing.', errors: outcome.problems });
  }
  if (outcome.ok) return seeOther(receivedPath(outcome.receipt));
  return htmlAnswer(
    422,
    answerPage(deps.program, { title: form.title, status: 422, form, values: outcome.values, problems: outcome.problems, catalog: [...deps.catalog.values()] }),
  );
}
