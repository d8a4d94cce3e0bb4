import { readAirtableCatalog } from '../catalog/airtable-courses.ts';
import { readCatalog } from '../catalog/lookup.ts';
import { html } from '../http/answers.ts';
import { page } from '../html/shell.ts';
import { loadProgram } from '../program/settings.ts';
import { AirtableClient, airtableConfig } from '../store/airtable.ts';
import { SubmissionStore } from '../store/submissions.ts';
import type { AnyForm } from './form.ts';
import { handleSubmission, type SubmitDeps } from './submit.ts';

let deps: SubmitDeps | undefined;
let catalogReadAt = 0;
/** The catalog from Airtable is read again after this long, so an edit reaches the forms without a deploy. */
const CATALOG_TTL_MS = 5 * 60_000;

/** What a deployed function works with, read once per instance: settings, catalog and the queue. */
export async function runtimeDeps(): Promise<SubmitDeps> {
  const airtable = airtableConfig();
  if (deps && airtable && Date.now() - catalogReadAt > CATALOG_TTL_MS) {
    deps = { ...deps, catalog: await readAirtableCatalog(airtable, deps.program) };
    catalogReadAt = Date.now();
  }
  if (!deps) {
    const program = loadProgram();
    catalogReadAt = Date.now();
    deps = {
      program,
      // "On the catalog" is decided against the same data the site is built from.
      catalog: airtable ? await readAirtableCatalog(airtable, program) : readCatalog(program),
      store: SubmissionStore.fromEnvironment(),
      // A short timeout: the person is waiting, and the drain retries whatever this misses.
      ...(airtable ? { airtable: new AirtableClient(airtable, { timeoutMs: 3_000 }) } : {}),
      allowedOrigins: [process.env['URL'], process.env['DEPLOY_PRIME_URL'], process.env['DEPLOY_URL']].filter((u): u is string => !!u),
    };
  }
  return deps;
}

/** A form's function: the write path, and an honest answer if storage itself fails. */
export function submitFunction(form: AnyForm): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await handleSubmission(request, form, await runtimeDeps());
    } catch (error) {
      console.error(`form ${form.id}: could not store a submission`, error);
      return unavailable();
    }
  };
}

export function unavailable(): Response {
  const message = 'We could not save your form just now, and nothing was stored. Please try again in a few minutes.';
  const answer = html(
    503,
    page(loadProgram(), { title: 'Please try again', path: '/forms/', body: `<h1>Please try again</h1><p>${message}</p><p><a href="/forms/">Back to the forms</a></p>` }),
  );
  answer.headers.set('retry-after', '60');
  return answer;
}
