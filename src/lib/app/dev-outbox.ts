import { htmlAnswer } from '../http/answers.ts';
import { isDeployed } from '../http/deployment.ts';
import { page } from '../html/shell.ts';
import { html } from '../html/template.ts';
import { OUTBOX_PATH, outboxPage } from '../mail/page.ts';
import { localMessages, mailTransport } from '../mail/transport.ts';
import { sendPending } from '../mail/outbox.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/** GET /dev/outbox/: the local outbox on a development machine; on a deployed site, a page that is not there. */
export async function devOutboxHandler(request: Request, deps: { program: Program; store: SubmissionStore }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: { allow: 'GET' } });
  // The same answer as any missing page: a deployed site shows no sign the page exists.
  if (isDeployed()) {
    return htmlAnswer(
      404,
      page(deps.program, {
        title: 'Page not found',
        path: OUTBOX_PATH,
        // The site's own 404 words.
        body: html`<h1>Page not found</h1><p>If you typed the address, check it is correct. If you followed a link, the page may have moved.</p><ul><li><a href="/">Go to the home page</a></li><li><a href="/handbook/">Read the handbook</a></li><li><a href="/courses/">Browse the course catalog</a></li><li><a href="/policies/">Read the board policies</a></li></ul>`,
      }),
    );
  }
  // Schedules do not run on a development machine: opening the outbox sends what the scheduled run would have sent.
  await sendPending(deps.store, mailTransport(process.env, deps.store, false), { now: () => new Date() });
  return htmlAnswer(200, outboxPage(deps.program, await localMessages(deps.store)));
}
