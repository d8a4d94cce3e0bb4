import { inputId } from '../forms/errors.ts';
import { errorSummaryHtml } from '../forms/render.ts';
import { errorMessage, errorMessageId } from '../html/error-message.ts';
import { hint, hintId } from '../html/hint.ts';
import { label } from '../html/label.ts';
import { page } from '../html/shell.ts';
import { html, type Markup } from '../html/template.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import { SIGN_IN_LINK_MINUTES, SIGN_IN_LINK_PATH } from './email-link.ts';
import type { OidcProblem } from './oidc.ts';
import { OIDC_PENDING_SECONDS } from './session.ts';

/**
 * The pages of signing in and out. Every form is a plain POST that works
 * without JavaScript; every refusal says what happened and what to do next.
 */
export const SIGN_IN_PATH = '/sign-in/';
export const SIGN_OUT_PATH = '/sign-out/';
const PATH = SIGN_IN_PATH;

const signInAgain = (next = '/') => `${SIGN_IN_PATH}${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;

function contactHtml(program: Program): Markup {
  const c = program.contacts[0]!;
  return html`${c.name}, ${c.role}, at <a href="mailto:${c.email}">${c.email}</a> or ${c.phone}`;
}

/** The domain of HR's own address: the example in the email hint is then the district's. */
const workDomain = (program: Program) => program.contacts[0]!.email.split('@')[1] ?? 'example.org';

function messagePage(program: Program, { title, error, body }: { title: string; error?: boolean; body: Markup }): string {
  return page(program, { title: error ? `Error: ${title}` : title, path: PATH, body: html`<h1>${title}</h1>${body}` });
}

export interface SignInView {
  next: string;
  /** Set when a district identity provider is configured: the button's "Sign in with <name>". */
  oidcName?: string | undefined;
  problems?: Problem[];
  values?: Record<string, unknown>;
}

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function emailField(program: Program, value: string, problem: string | undefined): Markup {
  const id = inputId('email');
  const describedBy = problem ? `${hintId(id)} ${errorMessageId(id)}` : hintId(id);
  const text = `The address HR has for you, like name@${workDomain(program)}. The link works once, for ${SIGN_IN_LINK_MINUTES} minutes.`;
  const input = html`<input class="input" type="email" id="${id}" name="email" value="${value}" autocomplete="email" spellcheck="false" aria-describedby="${describedBy}"${problem && html` aria-invalid="true"`}>`;
  return html`<div class="${problem ? 'field field-error' : 'field'}">${label({ fieldId: id, text: 'Work email address' })}${hint({ fieldId: id, text })}${problem && errorMessage({ fieldId: id, text: problem })}${input}</div>`;
}

export function signInPage(program: Program, view: SignInView): string {
  const problems = view.problems ?? [];
  const emailProblem = problems.find((p) => p.field === 'email')?.message;
  const typed = typeof view.values?.['email'] === 'string' ? view.values['email'].slice(0, 254) : '';
  const provider =
    view.oidcName &&
    html`<form class="form" method="post" action="${SIGN_IN_PATH}">${hidden('provider', 'oidc')}${hidden('next', view.next)}<button type="submit" class="button">Sign in with ${view.oidcName}</button></form><h2>No district account? Get a sign-in link by email</h2>`;
  const emailForm = html`<form class="form" method="post" action="${SIGN_IN_PATH}" novalidate>${hidden('next', view.next)}${emailField(program, typed, emailProblem)}<button type="submit" class="${view.oidcName ? 'button button-secondary' : 'button'}">Email me a sign-in link</button></form>`;
  return page(program, {
    title: problems.length ? 'Error: Sign in' : 'Sign in',
    path: PATH,
    body: html`<h1>Sign in</h1>${errorSummaryHtml(problems)}<p>Sign in to send forms, follow your requests and make decisions.</p>${provider}${emailForm}`,
  });
}

/** The answer to "email me a link", the same words whether or not the address is on the staff list. */
export function checkEmailPage(program: Program, { email, next }: { email: string; next: string }): string {
  return messagePage(program, {
    title: 'Check your email',
    body: html`<p>If ${email} is a work address on the district’s staff list, we have sent a sign-in link to it.</p><p>The link works once, for ${SIGN_IN_LINK_MINUTES} minutes.</p><p>No message after a few minutes? Check your junk mail folder, or <a href="${signInAgain(next)}">ask for a new link</a>. Still nothing? Contact ${contactHtml(program)}.</p>`,
  });
}

/** The page a sign-in link opens: signing in happens only when the person presses the button, never on the visit a mail scanner makes. */
export function continueSignInPage(program: Program, { token, email }: { token: string; email: string }): string {
  // The address is shown so a person handed someone else's link notices before they press on.
  return messagePage(program, {
    title: 'Continue signing in',
    body: html`<p>You opened a sign-in link for ${program.programName}. It signs in ${email}.</p><form class="form" method="post" action="${SIGN_IN_LINK_PATH}">${hidden('token', token)}<button type="submit" class="button">Continue signing in</button></form>`,
  });
}

export type NotOnRoster = 'unknown' | 'inactive';

export function notOnRosterPage(program: Program, email: string, reason: NotOnRoster): string {
  const what =
    reason === 'unknown'
      ? html`<p>${email} is not on the district’s staff list, so it cannot be used to sign in here.</p>`
      : html`<p>${email} is on the district’s staff list, but not as a current employee, so it cannot be used to sign in here.</p>`;
  return messagePage(program, {
    title: 'We cannot sign you in',
    error: true,
    body: html`${what}<p>If you work for the district and this is wrong, contact ${contactHtml(program)}. Tell them the address above.</p>`,
  });
}

export type LinkProblem = 'invalid' | 'expired' | 'used';

const LINK_PROBLEMS: Record<LinkProblem, { title: string; text: string }> = {
  invalid: {
    title: 'This sign-in link does not work',
    text: 'The link is not complete or was changed. Copy the whole link from the message, or ask for a new one.',
  },
  expired: { title: 'This sign-in link has expired', text: `A sign-in link works for ${SIGN_IN_LINK_MINUTES} minutes. Ask for a new one.` },
  used: { title: 'This sign-in link has been used', text: 'A sign-in link works once. If you are not signed in, ask for a new one.' },
};

export function signInLinkProblemPage(program: Program, reason: LinkProblem): string {
  const { title, text } = LINK_PROBLEMS[reason];
  return messagePage(program, { title, error: true, body: html`<p>${text}</p><p><a href="${SIGN_IN_PATH}">Get a new sign-in link</a></p>` });
}

/** When the round trip to the identity provider went wrong, or it vouched for an address it has not verified. */
export type OidcRefusal = OidcProblem | { kind: 'unverified'; email: string } | { kind: 'no-round-trip' } | { kind: 'unreachable' };

export function oidcProblemPage(program: Program, refusal: OidcRefusal, providerName: string): string {
  const again = html`<p><a href="${SIGN_IN_PATH}">Start signing in again</a>. You can also sign in with a link sent to your work email.</p>`;
  const say = (title: string, text: string | Markup, extra: Markup = again) => messagePage(program, { title, error: true, body: html`<p>${text}</p>${extra}` });
  switch (refusal.kind) {
    case 'no-round-trip':
      return say(
        'Your sign-in took too long',
        `The sign-in page was open more than ${OIDC_PENDING_SECONDS / 60} minutes, or this browser did not keep the site’s cookie. Cookies are needed to sign in.`,
      );
    case 'state':
      return say('This sign-in does not match', 'The answer from the sign-in page is for another sign-in, perhaps one started in another tab.');
    case 'provider':
      return refusal.error === 'access_denied'
        ? say('You did not sign in', `Signing in with ${providerName} was cancelled or not allowed.`)
        : say('Your sign-in could not be completed', `Signing in with ${providerName} did not work (it answered “${refusal.error}”).`);
    case 'exchange':
      return say('Your sign-in could not be completed', `The sign-in with ${providerName} could not be confirmed, perhaps because this page was opened twice.`);
    case 'no-email':
      return say('We cannot sign you in', html`${providerName} did not share your email address, which we need to find you on the staff list.`);
    case 'unverified':
      return say('We cannot sign you in', html`${providerName} has not verified ${refusal.email}, so it cannot be used to sign in here.`);
    case 'unreachable':
      return say('We could not reach the sign-in service', `${providerName} did not answer just now. Try again in a few minutes.`);
  }
}

/** A POST from a page of another site: nothing was changed. */
export function notFromThisSitePage(program: Program): string {
  return messagePage(program, {
    title: 'Not sent from this site',
    error: true,
    body: html`<p>Signing in and out works only from this site’s own pages.</p><p><a href="${SIGN_IN_PATH}">Go to the sign-in page</a></p>`,
  });
}

export function unreadablePage(program: Program, message: string): string {
  return messagePage(program, {
    title: 'Your answer could not be read',
    error: true,
    body: html`<p>${message}</p><p><a href="${SIGN_IN_PATH}">Go to the sign-in page</a></p>`,
  });
}

/** For the address of a provider callback when no provider is configured. */
export function oidcNotOfferedPage(program: Program): string {
  return messagePage(program, {
    title: 'This sign-in is not offered',
    error: true,
    body: html`<p>This site does not use a district sign-in service. <a href="${SIGN_IN_PATH}">Sign in with a link sent to your work email</a>.</p>`,
  });
}

/** The button every signed-in page can show: a POST, so no link or image elsewhere can sign a person out. */
export function signOutButton(): Markup {
  return html`<form class="form" method="post" action="${SIGN_OUT_PATH}"><button type="submit" class="button button-secondary">Sign out</button></form>`;
}

/** GET /sign-out/ while still signed in: the button, since only a POST signs out. */
export function signOutPage(program: Program): string {
  return messagePage(program, {
    title: 'Sign out',
    body: html`<p>You are signed in. Sign out when you have finished, above all on a shared computer.</p>${signOutButton()}`,
  });
}

export function signedOutPage(program: Program): string {
  return messagePage(program, {
    title: 'You are signed out',
    body: html`<p>You have signed out of ${program.programName}.</p><p>If you signed in with a district account, you are still signed in to that account in this browser. On a shared computer, sign out of it too, or close the browser.</p><p><a href="${SIGN_IN_PATH}">Sign in again</a></p>`,
  });
}

export function wrongMethodPage(program: Program): string {
  return messagePage(program, {
    title: 'This page cannot do that',
    error: true,
    body: html`<p>This address takes only the site’s own sign-in forms.</p><p><a href="${SIGN_IN_PATH}">Go to the sign-in page</a></p>`,
  });
}
