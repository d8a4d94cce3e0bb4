import { expect } from 'vitest';
import { decideHandler, statusHandler } from '../../src/lib/app/request-handlers.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { freshStoreEachTest } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { formRequest, jsonRequest } from '../../support/submissions.ts';

/** Someone of support/people.ts by name, or anyone on the sample roster by employee ID. */
export type Who = keyof typeof STAFF | `${number}`;

const employeeIdOf = (who: Who): string => (who in STAFF ? STAFF[who as keyof typeof STAFF] : who);

/** The problems a refused form is answered with. */
export const errorsOf = async (response: Response) => ((await response.json()) as { errors: { field: string; message: string }[] }).errors;
/** The receipt an accepted form is answered with. */
export const receiptOf = async (response: Response) => ((await response.json()) as { receipt: string }).receipt;
/** The token of a request's decision link. */
export const tokenOf = (record: StoredSubmission) => new URL(record.decisionLink!.url).searchParams.get('token')!;

/**
 * For a test file of the site's requests: an empty store each test, and requests sent
 * as someone signed in (Ana unless the test says otherwise). Each takes other
 * dependencies (another day, say) as its last argument; the test's own otherwise.
 */
export function signedInEachTest() {
  const fresh = freshStoreEachTest();
  const signedIn = async (who: Who, request: Request, deps: SubmitDeps = fresh.deps) => as(await sessionFor(deps, employeeIdOf(who)), request);
  /** A form sent: answers as a script sends them (JSON), a request as it is. */
  const send = async (form: AnyForm, sent: Record<string, unknown> | Request, who: Who = 'ana', deps: SubmitDeps = fresh.deps) =>
    handleSubmission(await signedIn(who, sent instanceof Request ? sent : jsonRequest(`/api/forms/${form.id}`, sent), deps), form, deps);
  const record = async (receipt: string) => (await fresh.store.byReceipt(receipt))!;
  /** A form sent as `send` sends it, and accepted: the request as stored. */
  const submit = async (
    form: AnyForm,
    answers: Record<string, unknown> | Request,
    who: Who = 'ana',
    deps: SubmitDeps = fresh.deps,
  ): Promise<StoredSubmission> => {
    const response = await send(form, answers, who, deps);
    const body = (await response.json()) as { receipt?: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return record(body.receipt!);
  };
  /** The answer of a request's status page (its status and its text). */
  const statusResponse = async (receipt: string, who: Who = 'ana', deps: SubmitDeps = fresh.deps) =>
    statusHandler(await signedIn(who, new Request(`http://localhost/requests/status/?receipt=${encodeURIComponent(receipt)}`), deps), deps);
  return {
    get store(): SubmissionStore {
      return fresh.store;
    },
    get deps(): SubmitDeps {
      return fresh.deps;
    },
    signedIn,
    send,
    submit,
    record,
    /** The test's dependencies on another day, at the same hour as its own. */
    at: (day: string): SubmitDeps => ({ ...fresh.deps, now: () => new Date(`${day}T18:00:00Z`) }),
    /** A decision link opened by the reviewer (Ana's supervisor unless the test says otherwise). */
    openLink: async (token: string, who: Who = 'sam', deps: SubmitDeps = fresh.deps) =>
      decideHandler(await signedIn(who, new Request(`http://localhost/decide/?token=${encodeURIComponent(token)}`), deps), deps),
    /** A decision posted from the page of a link, as a browser posts it. */
    decide: async (token: string, fields: Record<string, unknown>, who: Who = 'sam', deps: SubmitDeps = fresh.deps) =>
      decideHandler(await signedIn(who, formRequest('/decide/', { token, ...fields }), deps), deps),
    statusResponse,
    /** The text of a request's status page. */
    statusPage: async (receipt: string, who: Who = 'ana', deps: SubmitDeps = fresh.deps) => (await statusResponse(receipt, who, deps)).text(),
  };
}
