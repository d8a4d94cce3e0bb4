import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devSurvey, startDevServer, type DevServer } from '../../support/dev-server.ts';
import { SiteCopy } from '../../support/site-copy.ts';
import { STAFF } from '../../support/people.ts';

// `npm start` as a developer leaves it running: astro dev restarts itself when its
// configuration changes, and the functions and the local Blobs store must come back with it.
const SESSION_SECRET = randomBytes(36).toString('base64url');
const RESTARTED = 'server restarted.';

let site: SiteCopy;
let server: DevServer;

beforeAll(async () => {
  site = new SiteCopy();
  server = await startDevServer(site.dir, { SESSION_SECRET });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  site?.remove();
});

const send = async (answers: { employeeId: string; courseId: string; submissionId: string }) => {
  const response = await fetch(await devSurvey(server.url, SESSION_SECRET, answers));
  const text = await response.text();
  // Anything but JSON (an error page of the emulator) is kept as text, for the failure to show.
  const body = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : text;
  return { status: response.status, body };
};

describe('the local server (npm start) while a developer edits the site', () => {
  it('keeps accepting forms into the same local store after the Astro config changes', async () => {
    const first = { employeeId: STAFF.ana, courseId: 'first-aid-and-cpr-certification', submissionId: randomUUID() };
    const before = await send(first);
    expect(before).toMatchObject({ status: 201, body: { receipt: expect.any(String) } });

    const restarts = server.output().split(RESTARTED).length - 1;
    site.edit('astro.config.mjs', (text) => `${text}\n// Touched by a test to make astro dev restart.\n`);
    await server.printed(RESTARTED, restarts);

    const after = await send({ employeeId: STAFF.kevin, courseId: 'first-aid-and-cpr-certification', submissionId: randomUUID() });
    expect(after, server.output()).toMatchObject({ status: 201, body: { receipt: expect.any(String) } });
    // The same submission again is found in the store kept before the restart: the same receipt, nothing new.
    const receipt = (before.body as { receipt: string }).receipt;
    expect(await send(first)).toEqual({ status: 200, body: { receipt, status: 'received' } });
  });

  it('answers with the new code of a function once a file it imports changes, without a restart', async () => {
    const answers = { employeeId: STAFF.jordan, courseId: 'mandated-reporter-training', submissionId: randomUUID() };
    expect((await send(answers)).status).toBe(201);
    const again = () => send({ ...answers, submissionId: randomUUID() });
    expect(await again()).toMatchObject({ status: 422, body: { errors: [{ message: expect.stringContaining('each person answers once per course') }] } });

    site.edit('src/lib/forms/exit-survey.ts', (text) => text.replace('each person answers once per course', 'one survey per person and course'));
    // The emulator rebuilds the function when a file it imports changes; until then the old code answers.
    const deadline = Date.now() + 60_000;
    let answer = await again();
    while (!JSON.stringify(answer.body).includes('one survey per person and course') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await again();
    }
    expect(answer, server.output()).toMatchObject({
      status: 422,
      body: { errors: [{ message: expect.stringContaining('one survey per person and course') }] },
    });
  });
});
