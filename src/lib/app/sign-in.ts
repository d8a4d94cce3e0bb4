import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { htmlAnswer, seeOther } from '../http/answers.ts';
import { BodyError, readForm } from '../http/body.ts';
import { originAllowed } from '../http/origin.ts';
import {
  checkSignInToken,
  countSignInRequest,
  SIGN_IN_LINK_MINUTES,
  signInLinkToken,
  signInLinkUrl,
  signInTokenUsed,
  useSignInToken,
} from '../identity/email-link.ts';
import { finishOidc, oidcConfig, startOidc, type OidcSettings } from '../identity/oidc.ts';
import {
  checkEmailPage,
  continueSignInPage,
  notFromThisSitePage,
  notOnRosterPage,
  oidcNotOfferedPage,
  oidcProblemPage,
  type OidcRefusal,
  SIGN_IN_PATH,
  SIGN_OUT_PATH,
  signedOutPage,
  signInLinkProblemPage,
  signInPage,
  signOutPage,
  unreadablePage,
  wrongMethodPage,
} from '../identity/pages.ts';
import type { Roster, StaffMember } from '../identity/roster.ts';
import {
  clearedPendingCookie,
  clearedSessionCookie,
  cookieValue,
  needsRoll,
  newSession,
  openPending,
  openSession,
  pendingCookie,
  rolled,
  safeNextPath,
  sealPending,
  sealSession,
  SESSION_COOKIE,
  sessionCookie,
  type Session,
} from '../identity/session.ts';
import type { MailTransport } from '../mail/message.ts';
import { signInLinkMessage } from '../mail/templates.ts';
import { sendNow } from '../mail/transport.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/**
 * Signing in and out as web handlers: with the district's identity provider
 * (OpenID Connect) or a link sent to the roster's work email; both end in a
 * sealed session cookie for a person on HR's roster. Thin: read, check, answer;
 * the work is in identity/.
 */
export interface SignInDeps {
  program: Program;
  store: SubmissionStore;
  now: () => Date;
  roster: () => Promise<Roster>;
  sessionSecret: string;
  /** How a sign-in link is sent: at once (a link is no use late), never through the outbox. */
  mail: MailTransport;
  /** Null when no identity provider is configured: then only email links are offered. */
  oidc: OidcSettings | null;
  /** The site's public address (http/deployment.ts siteOrigin): the provider's redirect URI and sign-in links use it. */
  origin: string;
  /** Origins besides the request's own that may post (the site's public addresses). */
  allowedOrigins?: string[];
  /** How "email me a link" waits out its time budget: a real timer unless a test passes its own. */
  wait?: (ms: number) => Promise<void>;
}

export const CALLBACK_PATH = '/sign-in/callback/';

/**
 * Every answer to "email me a link" takes at least this long, sent or not, so the
 * time it takes does not tell whether an address is on the roster: sending a
 * message takes a mail server a few hundred milliseconds, looking a name up does not.
 */
export const LINK_ANSWER_BUDGET_MS = 1_500;

const emailSchema = z
  .string({ error: 'Enter your work email address' })
  .trim()
  .min(1, 'Enter your work email address')
  .max(254, 'Enter an email address of 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }));

const page = (status: number, body: string) => htmlAnswer(status, body);

function wrongMethod(deps: Pick<SignInDeps, 'program'>, allow: string): Response {
  const answer = page(405, wrongMethodPage(deps.program));
  answer.headers.set('allow', allow);
  return answer;
}

/** The site's own origin, from its configured address: links and the redirect URI never follow a Host header. */
function siteOrigin(deps: Pick<SignInDeps, 'origin'>): string {
  return new URL(deps.origin).origin;
}

function postAllowed(request: Request, deps: SignInDeps): boolean {
  return originAllowed(request, [...(deps.allowedOrigins ?? []), new URL(deps.origin).origin]);
}

/** A POST's form, or the page that refuses it (another site's page, an unreadable body). */
async function postedForm(request: Request, deps: SignInDeps): Promise<Record<string, unknown> | Response> {
  if (!postAllowed(request, deps)) return page(403, notFromThisSitePage(deps.program));
  const data = await readForm(request);
  return data instanceof BodyError ? page(data.status, unreadablePage(deps.program, data.message)) : data;
}

/** The answer that signs a person in: their session cookie, and on to where they were going. */
async function signedIn(deps: SignInDeps, person: StaffMember, via: Session['via'], next: string): Promise<Response> {
  const session = newSession(person, via, deps.now().getTime());
  const answer = seeOther(safeNextPath(next));
  answer.headers.append('set-cookie', sessionCookie(await sealSession(session, deps.sessionSecret)));
  return answer;
}

/** The roster's person for an address a provider or a link vouched for, or the page that says why not. */
async function rosterPerson(deps: SignInDeps, email: string): Promise<StaffMember | Response> {
  const person = (await deps.roster()).byEmail(email);
  if (!person) return page(403, notOnRosterPage(deps.program, email, 'unknown'));
  if (!person.active) return page(403, notOnRosterPage(deps.program, email, 'inactive'));
  return person;
}

/** GET and POST /sign-in/: the page; a request for a link; the start of signing in with the provider. */
export async function signInHandler(request: Request, deps: SignInDeps): Promise<Response> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const next = safeNextPath(new URL(request.url).searchParams.get('next'));
    return page(200, signInPage(deps.program, { next, oidcName: deps.oidc?.name }));
  }
  if (request.method !== 'POST') return wrongMethod(deps, 'GET, POST');
  const data = await postedForm(request, deps);
  if (data instanceof Response) return data;
  const next = safeNextPath(data['next']);
  return data['provider'] === 'oidc' ? startWithProvider(deps, next) : askForLink(deps, data, next);
}

async function askForLink(deps: SignInDeps, data: Record<string, unknown>, next: string): Promise<Response> {
  const parsed = emailSchema.safeParse(data['email']);
  if (!parsed.success) {
    const problems = [{ field: 'email', message: parsed.error.issues[0]!.message }];
    return page(422, signInPage(deps.program, { next, oidcName: deps.oidc?.name, problems, values: data }));
  }
  const started = performance.now();
  await sendLinkIfAllowed(deps, parsed.data, next);
  const left = LINK_ANSWER_BUDGET_MS - (performance.now() - started);
  if (left > 0) await (deps.wait ?? sleep)(left);
  return page(200, checkEmailPage(deps.program, { email: parsed.data, next }));
}

/**
 * Sends a link when the address is an active person's on the roster and it has
 * not had too many this hour. Every request is counted, known address or not,
 * and a failed send is only logged: the answer is the same whatever happened.
 */
async function sendLinkIfAllowed(deps: SignInDeps, email: string, next: string): Promise<void> {
  const now = deps.now();
  const allowed = await countSignInRequest(deps.store, email, now);
  const person = (await deps.roster()).byEmail(email);
  if (!allowed || !person?.active) return;
  const token = await signInLinkToken({ email: person.email, next }, deps.sessionSecret, now.getTime());
  const url = signInLinkUrl(siteOrigin(deps), token);
  try {
    await sendNow(deps.mail, signInLinkMessage(deps.program, { to: person.email, url, expiresInMinutes: SIGN_IN_LINK_MINUTES, now }));
  } catch (error) {
    console.error(`sign-in: a link could not be sent through ${deps.mail.describe}`, error);
  }
}

/** The provider's configuration, or the page that says it could not be reached. */
async function providerConfig(deps: SignInDeps, settings: OidcSettings) {
  try {
    return await oidcConfig(settings);
  } catch (error) {
    console.error(`sign-in: could not read the identity provider's configuration from ${settings.issuer}`, error);
    return page(502, oidcProblemPage(deps.program, { kind: 'unreachable' }, settings.name));
  }
}

async function startWithProvider(deps: SignInDeps, next: string): Promise<Response> {
  if (!deps.oidc) return page(404, oidcNotOfferedPage(deps.program));
  const config = await providerConfig(deps, deps.oidc);
  if (config instanceof Response) return config;
  const { url, pending } = await startOidc(config, `${siteOrigin(deps)}${CALLBACK_PATH}`, next);
  const answer = seeOther(url.href);
  answer.headers.append('set-cookie', pendingCookie(await sealPending(pending, deps.sessionSecret, deps.now().getTime())));
  return answer;
}

/** GET /sign-in/callback/: where the provider sends the browser back with a code. */
export async function oidcCallbackHandler(request: Request, deps: SignInDeps): Promise<Response> {
  if (request.method !== 'GET') return wrongMethod(deps, 'GET');
  if (!deps.oidc) return page(404, oidcNotOfferedPage(deps.program));
  const answer = await finishCallback(request, deps, deps.oidc);
  // The round trip is over whatever happened: its cookie never opens a second one.
  answer.headers.append('set-cookie', clearedPendingCookie());
  return answer;
}

async function finishCallback(request: Request, deps: SignInDeps, settings: OidcSettings): Promise<Response> {
  const refuse = (status: number, refusal: OidcRefusal) => page(status, oidcProblemPage(deps.program, refusal, settings.name));
  const pending = await openPending(request.headers.get('cookie'), deps.sessionSecret, deps.now().getTime());
  if (!pending) return refuse(400, { kind: 'no-round-trip' });
  const config = await providerConfig(deps, settings);
  if (config instanceof Response) return config;
  // Rebuilt on the redirect URI's own origin and path: openid-client sends it back to the provider as the redirect_uri.
  const current = new URL(`${CALLBACK_PATH}${new URL(request.url).search}`, siteOrigin(deps));
  const outcome = await finishOidc(config, current, pending);
  if (!outcome.ok) {
    if (outcome.problem.kind === 'exchange') console.warn(`sign-in: the provider's answer was refused: ${outcome.problem.detail}`);
    return refuse(outcome.problem.kind === 'no-email' ? 403 : 400, outcome.problem);
  }
  if (!outcome.emailVerified) return refuse(403, { kind: 'unverified', email: outcome.email });
  const person = await rosterPerson(deps, outcome.email);
  if (person instanceof Response) return person;
  return signedIn(deps, person, 'oidc', pending.next);
}

/**
 * GET and POST /sign-in/link/: the link from the message. Mail scanners open
 * links to look at them, so the GET only shows a button; the POST it sends uses
 * the token, once, and signs the person in.
 */
export async function signInLinkHandler(request: Request, deps: SignInDeps): Promise<Response> {
  const refuse = (reason: 'invalid' | 'expired' | 'used') => page(reason === 'invalid' ? 400 : 410, signInLinkProblemPage(deps.program, reason));
  if (request.method === 'GET' || request.method === 'HEAD') {
    const token = new URL(request.url).searchParams.get('token');
    const check = await checkSignInToken(token, deps.sessionSecret, deps.now().getTime());
    if (!check.ok) return refuse(check.reason);
    if (await signInTokenUsed(deps.store, check.jti)) return refuse('used');
    return page(200, continueSignInPage(deps.program, { token: token!, email: check.email }));
  }
  if (request.method !== 'POST') return wrongMethod(deps, 'GET, POST');
  const data = await postedForm(request, deps);
  if (data instanceof Response) return data;
  const check = await checkSignInToken(data['token'], deps.sessionSecret, deps.now().getTime());
  if (!check.ok) return refuse(check.reason);
  const person = await rosterPerson(deps, check.email);
  if (person instanceof Response) return person;
  if (!(await useSignInToken(deps.store, check.jti))) return refuse('used');
  return signedIn(deps, person, 'email', check.next);
}

/** POST /sign-out/ ends the session; GET shows that it has ended (or the button, while it has not). */
export async function signOutHandler(request: Request, deps: SignInDeps): Promise<Response> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const session = await openSession(request.headers.get('cookie'), deps.sessionSecret, deps.now().getTime());
    return page(200, session ? signOutPage(deps.program) : signedOutPage(deps.program));
  }
  if (request.method !== 'POST') return wrongMethod(deps, 'GET, POST');
  if (!postAllowed(request, deps)) return page(403, notFromThisSitePage(deps.program));
  const answer = seeOther(SIGN_OUT_PATH);
  answer.headers.append('set-cookie', clearedSessionCookie());
  // Form drafts are kept in the browser's storage, perhaps on a shared computer: they go with the session.
  answer.headers.set('clear-site-data', '"storage"');
  return answer;
}

export interface Current {
  session: Session;
  person: StaffMember;
}

/** Who sent this request: their session and their roster entry, while they are still an active employee; null otherwise. */
export async function currentSession(request: Request, deps: Pick<SignInDeps, 'sessionSecret' | 'now' | 'roster'>): Promise<Current | null> {
  const session = await openSession(request.headers.get('cookie'), deps.sessionSecret, deps.now().getTime());
  if (!session) return null;
  const person = (await deps.roster()).byId(session.employeeId);
  return person?.active ? { session, person } : null;
}

/** Who sent a request, asked of its cookie once: the page and the session's idle clock share the one opening. */
export type Asking = () => Promise<Current | null>;

/** The request's `Asking`: the cookie is opened on the first ask, and later asks get the same answer. */
export function askingOf(request: Request, deps: Pick<SignInDeps, 'sessionSecret' | 'now' | 'roster'>): Asking {
  let opened: Promise<Current | null> | undefined;
  return () => (opened ??= currentSession(request, deps));
}

/**
 * To the sign-in page, coming back here afterwards (or to `next`). A session
 * cookie the request still carries is cleared: it was too old, or its person
 * has left the roster, so they are signed out.
 */
export function signInRedirect(request: Request, next?: string): Response {
  const url = new URL(request.url);
  const back = safeNextPath(next ?? `${url.pathname}${url.search}`);
  const answer = seeOther(back === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(back)}`);
  if (cookieValue(request.headers.get('cookie'), SESSION_COOKIE) !== null) answer.headers.append('set-cookie', clearedSessionCookie());
  return answer;
}

/** The answer, with the session sealed again when it was last sealed over five minutes ago: the idle clock restarts while the person works. */
export async function withSession(response: Response, session: Session, deps: Pick<SignInDeps, 'sessionSecret' | 'now'>): Promise<Response> {
  const nowMs = deps.now().getTime();
  if (!needsRoll(session, nowMs)) return response;
  // A copy: some answers' headers cannot be changed (Response.redirect's).
  const answer = new Response(response.body, response);
  answer.headers.append('set-cookie', sessionCookie(await sealSession(rolled(session, nowMs), deps.sessionSecret)));
  return answer;
}
