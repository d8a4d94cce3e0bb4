import { liveAirtableCatalog } from '../airtable/live-catalog.ts';
import { readCatalog } from '../catalog/files.ts';
import { htmlAnswer, json, wantsJson } from '../http/answers.ts';
import { bodyKind } from '../http/body.ts';
import { page } from '../html/shell.ts';
import { html } from '../html/template.ts';
import { loadProgram } from '../program/settings.ts';
import { AirtableClient, airtableConfig } from '../airtable/client.ts';
import { SubmissionStore } from '../store/submissions.ts';
import { isDeployed, missingSecrets, secret, siteOrigin } from '../http/deployment.ts';
import { oidcSettings, OidcSettingsError } from '../identity/oidc.ts';
import { loadSampleRoster } from '../identity/roster.ts';
import { currentRoster } from '../identity/roster-store.ts';
import { mailTransport } from '../mail/transport.ts';
import { linkSecret } from '../workflow/links.ts';
import type { AnyForm } from '../forms/form.ts';
import type { SubmitDeps } from './submit.ts';
import { askingOf, withSession, type Asking } from './sign-in.ts';
import { attemptOf, unavailableMessage, type Attempt, type Cause } from './unavailable.ts';

let deps: SubmitDeps | undefined;
let catalogReadAt = 0;
/** The catalog from Airtable is read again after this long, so an edit reaches the forms without a deploy. */
const CATALOG_TTL_MS = 5 * 60_000;

/** What a deployed function works with, read once per instance: settings, catalog and the queue. */
export async function runtimeDeps(): Promise<SubmitDeps> {
  const airtable = airtableConfig();
  if (deps && airtable && Date.now() - catalogReadAt > CATALOG_TTL_MS) {
    catalogReadAt = Date.now();
    // A failed refresh keeps the catalog this instance already has.
    const catalog = await liveAirtableCatalog(airtable, deps.program, deps.store).catch(() => deps!.catalog);
    deps = { ...deps, catalog };
  }
  if (!deps) {
    const program = loadProgram();
    const store = await SubmissionStore.fromEnvironment();
    const deployed = isDeployed();
    catalogReadAt = Date.now();
    deps = {
      program,
      // "On the catalog" is decided against the same data the site is built from.
      catalog: airtable ? await liveAirtableCatalog(airtable, program, store) : readCatalog(program),
      store,
      now: () => new Date(),
      // A short timeout: the person is waiting, and the drain retries whatever this misses.
      ...(airtable ? { airtable: new AirtableClient(airtable, { timeoutMs: 3_000 }) } : {}),
      allowedOrigins: [process.env['URL'], process.env['DEPLOY_PRIME_URL'], process.env['DEPLOY_URL']].filter((u): u is string => !!u),
      links: { secret: linkSecret() },
      // Links point at the site's main address (Netlify's URL), whichever deploy made them; never at a Host header.
      origin: siteOrigin(),
      // The snapshot the scheduled run keeps; a development machine falls back on the sample roster,
      // a deployed site on nobody (so a site whose roster was never imported lets no one in).
      roster: () => currentRoster(store, deployed ? null : () => loadSampleRoster(), { now: new Date() }),
      sessionSecret: secret('SESSION_SECRET'),
      mail: mailTransport(process.env, store, deployed),
      oidc: oidcSettings(process.env),
    };
  }
  return deps;
}

/**
 * A deployed function missing a secret (or the site's address) does nothing: it
 * answers 503 and names the variable in the log, so a forgotten setting never
 * means forgeable links or guessable receipts.
 */
function notSetUp(request: Request, attempt?: Attempt): Response | null {
  const missing: string[] = missingSecrets();
  // A deployed site sends mail for real and links to its own address: without these it would promise messages it cannot send.
  if (isDeployed()) missing.push(...['URL', 'SMTP_URL', 'MAIL_FROM'].filter((name) => !process.env[name]));
  // A half-configured identity provider is named too, rather than failing every page without a word.
  const provider = oidcProblem();
  if (missing.length === 0 && !provider) return null;
  if (missing.length)
    console.error(`Refusing to run: ${missing.join(', ')} not set (secrets need at least 32 characters) in the site's environment variables.`);
  if (provider) console.error(`Refusing to run: ${provider}`);
  return unavailable(request, 'not-set-up', attempt);
}

function oidcProblem(): string | null {
  try {
    oidcSettings(process.env);
    return null;
  } catch (error) {
    if (error instanceof OidcSettingsError) return error.message;
    throw error;
  }
}

/** A form's function: the write path, and an honest answer if storage itself fails. */
export function submitFunction(form: AnyForm): (request: Request) => Promise<Response> {
  return async (request) => {
    const refused = notSetUp(request, 'form');
    if (refused) return refused;
    try {
      const deps = await runtimeDeps();
      // The write path loads with the first post: the page functions that share this module never need it.
      const { handleSubmission } = await import('./submit.ts');
      const asking = askingOf(request, deps);
      return await keepSignedIn(await handleSubmission(request, form, deps, asking), asking, deps);
    } catch (error) {
      console.error(`form ${form.id}: could not store a submission`, error);
      return unavailable(request, 'failed', 'form');
    }
  };
}

/** A page's function (status, decision, prefilled form, receipt): its handler, and the same honest answer if storage fails. */
export function pageFunction(
  name: string,
  handler: (request: Request, deps: SubmitDeps, asking: Asking) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const refused = notSetUp(request);
    if (refused) return refused;
    try {
      const deps = await runtimeDeps();
      // The cookie is opened once, for the handler and for the idle clock after it.
      const asking = askingOf(request, deps);
      return await keepSignedIn(await handler(request, deps, asking), asking, deps);
    } catch (error) {
      console.error(`${name}: could not answer`, error);
      return unavailable(request, 'failed');
    }
  };
}

/**
 * A session is idle-limited: any page a signed-in person opens moves its idle
 * clock on (re-sealed at most every few minutes). Answers that set their own
 * cookie (signing in or out) are left as they are.
 */
async function keepSignedIn(response: Response, asking: Asking, deps: SubmitDeps): Promise<Response> {
  if (response.headers.has('set-cookie')) return response;
  const current = await asking();
  return current ? withSession(response, current.session, deps) : response;
}

/** 503 in the caller's language (JSON for a script, a page for a browser), saying only what is true of what it was doing. */
export function unavailable(request: Request, cause: Cause, attempt: Attempt = attemptOf(request)): Response {
  const message = unavailableMessage(cause, attempt);
  const answer = wantsJson(request, bodyKind(request.headers.get('content-type')))
    ? json(503, { error: message })
    : htmlAnswer(
        503,
        page(loadProgram(), {
          title: 'Please try again',
          path: '/forms/',
          body: html`<h1>Please try again</h1><p>${message}</p><p><a href="/">Go to the home page</a></p>`,
        }),
      );
  answer.headers.set('retry-after', '60');
  return answer;
}
