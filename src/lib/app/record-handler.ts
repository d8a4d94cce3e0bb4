import { htmlAnswer } from '../http/answers.ts';
import { myRecord } from '../reports/my-record.ts';
import { recordPage, TRANSCRIPT_PATH, transcriptPage } from '../workflow/record-page.ts';
import type { SubmitDeps } from './submit.ts';
import type { Asking } from './sign-in.ts';
import { whoIsAsking } from './who.ts';

/** GET /my/record/ and /my/record/transcript/: the signed-in person's own record, and its transcript laid out to print. */
export async function myRecordHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (!['GET', 'HEAD'].includes(request.method)) return new Response('Method not allowed', { status: 405, headers: { allow: 'GET' } });
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const view = await myRecord(who, { store: deps.store, program: deps.program, catalog: deps.catalog, now: deps.now() });
  const transcript = new URL(request.url).pathname.replace(/\/?$/, '/') === TRANSCRIPT_PATH;
  return htmlAnswer(200, transcript ? transcriptPage(deps.program, view) : recordPage(deps.program, view));
}
