import { beforeEach, describe, expect, it } from 'vitest';
import { decisionFileHandler, requesterActionHandler } from '../../src/lib/app/request-handlers.ts';
import type { SubmitDeps } from '../../src/lib/app/submit.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { checkpointAnswers, focusPlanAnswers, formRequest, multipartRequest, pdf } from '../../support/submissions.ts';
import { signedInEachTest, tokenOf, type Who } from '../support/send.ts';

/**
 * At the final conference the evaluator opens the plan's link: the page shows the
 * checkpoint beside the plan, and its evidence file downloads through the same link.
 * Jordan, a teacher, is evaluated by Priya (the sample roster).
 */
const world = signedInEachTest();
const { signedIn, submit, openLink, decide } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

/** Jordan's plan, signed by Priya and by Jordan, and his checkpoint with an evidence file: the plan waits on the final conference. */
async function planAtConference(evidenceName: string) {
  const plan = await submit(focusPlan, focusPlanAnswers({ track: 'learner' }), 'jordan');
  await decide(tokenOf(plan), { decision: 'sign' }, 'priya');
  await requesterActionHandler(await signedIn('jordan', formRequest('/requests/sign/', { receipt: plan.receipt, agree: 'yes' })), deps, 'sign');
  const answers = checkpointAnswers(plan.receipt, { evidenceFile: pdf(evidenceName) });
  const sent = await submit(checkpoint, multipartRequest('/api/forms/focus-plan-checkpoint', answers), 'jordan');
  const waiting = (await store.byReceipt(plan.receipt))!;
  expect(waiting.status).toBe('checkpoint-received');
  return { plan: waiting, checkpoint: sent };
}

const download = async (who: Who, query: Record<string, string>) =>
  decisionFileHandler(await signedIn(who, new Request(`http://localhost/decide/file/?${new URLSearchParams(query)}`)), deps);

describe('the evaluator at the final conference', () => {
  it('downloads the checkpoint’s evidence file through the plan’s link, under a name without bidi controls', async () => {
    const { plan, checkpoint: sent } = await planAtConference('tally\u202Efdp.exe');
    const file = await download('priya', { token: tokenOf(plan), from: sent.receipt, file: '0' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="tallyfdp.exe.pdf"; filename*=UTF-8''tallyfdp.exe.pdf`);
    expect(await file.text()).toBe(await pdf().text());
  });

  it('downloads a PDF sent as “certificate.html” as a .pdf, its bidi isolates gone and its punctuation encoded in filename*', async () => {
    const { plan, checkpoint: sent } = await planAtConference("Ana's (final)\u2066 certificate\u2069.html");
    const file = await download('priya', { token: tokenOf(plan), from: sent.receipt, file: '0' });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Ana_s _final_ certificate.html.pdf"; filename*=UTF-8''Ana%27s%20%28final%29%20certificate.html.pdf`,
    );
  });

  it('finds a link to the checkpoint’s evidence on the decision page, and the link downloads it', async () => {
    const { plan, checkpoint: sent } = await planAtConference('tally.pdf');
    const page = await (await openLink(tokenOf(plan), 'priya')).text();
    const href = page.match(/href="(\/decide\/file\/\?[^"]*from=[^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toContain(`from=${sent.receipt}`);
    const file = await decisionFileHandler(await signedIn('priya', new Request(`http://localhost${href}`)), deps);
    expect(file.status).toBe(200);
  });

  it('opens only the files of what the page shows, for the person the link was sent to, while the step is open', async () => {
    const { plan, checkpoint: sent } = await planAtConference('tally.pdf');
    const token = tokenOf(plan);
    // The plan has no file of its own; another request's receipt is not beside it.
    expect((await download('priya', { token, file: '0' })).status).toBe(404);
    expect((await download('priya', { token, from: plan.receipt, file: '0' })).status).toBe(404);
    expect((await download('priya', { token, from: sent.receipt, file: '1' })).status).toBe(404);
    const colleague = await download('kevin', { token, from: sent.receipt, file: '0' });
    expect(colleague.status).toBe(403);
    await decide(token, { decision: 'close' }, 'priya');
    expect((await download('priya', { token, from: sent.receipt, file: '0' })).status).toBe(409);
  });
});
