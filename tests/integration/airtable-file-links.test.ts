import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableFor } from '../../src/lib/airtable/fields.ts';
import { drain, LINK_WAIT_MS } from '../../src/lib/airtable/drain.ts';
import { airtableFileHandler } from '../../src/lib/app/airtable-file.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { FILE_LINK_LIFETIME_MS, fileLinker, fileLinkToken, type FileLinker } from '../../src/lib/workflow/file-links.ts';
import type { Attachment } from '../../support/airtable-server.ts';
import { TEST_LINK_SECRET } from '../../support/blobs.ts';
import { serveHandler } from '../../support/handler-server.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { catalogLine, compensationAnswers, multipartRequest, pdf } from '../../support/submissions.ts';
import { airtableWorldEachTest } from '../support/airtable-world.ts';

/**
 * A claim's evidence going into Airtable as links in its record's write, which the
 * stand-in Airtable fetches from the site's file function over the network, as
 * Airtable fetches from a deployed site: no upload request per file.
 */
const world = airtableWorldEachTest();
const CLAIMS = tableFor(compensation);
const EVIDENCE = 'Evidence of completion (attached)';
const GROWTH_PLAN = 'Growth-plan-and-record form (attached)';

let site: Awaited<ReturnType<typeof serveHandler>>;
beforeEach(async () => {
  site = await serveHandler((request) => airtableFileHandler(request, world.deps));
});
afterEach(() => site.stop());

/** Links to the file function on `origin`, signed with the site's key, on the site's clock. */
const linksTo = (origin: string): FileLinker =>
  fileLinker({ AIRTABLE_FILES_BY_LINK: 'on', URL: origin, DECISION_LINK_SECRET: TEST_LINK_SECRET }, () => world.deps.now().getTime(), false)!;

const run = (fileLink: FileLinker) =>
  drain(world.blobs.store, world.client, { penaltyMs: 350, budgetMs: 10_000, maxBackoffMs: 200, now: world.clock.now, sleep: world.clock.sleep, fileLink });

/** Ana claims a catalog course with its evidence and her growth-plan form. */
async function claimWithTwoFiles(): Promise<string> {
  const line = { ...catalogLine('paraeducator-academy', 6), evidence: pdf('transcript.pdf') };
  const request = multipartRequest('/api/forms/compensation', compensationAnswers([line], { permitHolder: 'yes', growthPlan: pdf('plan.pdf') }));
  const response = await handleSubmission(as(await sessionFor(world.deps, STAFF.ana), request), compensation, world.deps);
  const body = (await response.json()) as { receipt: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.receipt;
}

const cell = (receipt: string, column: string) =>
  (world.airtable.records(CLAIMS).find((r) => r.fields['Receipt'] === receipt)?.fields[column] as Attachment[] | undefined) ?? [];
const uploads = () => world.airtable.log.filter((l) => l.path.endsWith('/uploadAttachment')).length;

describe('evidence into Airtable by link', () => {
  it('sends a claim’s files as links in its record’s write; Airtable fetches them from the site, and the claim leaves the queue without an upload', async () => {
    const receipt = await claimWithTwoFiles();
    const first = await run(linksTo(site.url));
    expect(first).toMatchObject({ requests: 1, attached: 0, linked: 2, rateLimited: 0 });
    expect(uploads()).toBe(0);
    await world.airtable.attachmentsFetched();
    expect(world.airtable.fetches.map((f) => f.status)).toEqual([200, 200]);
    // Airtable holds its own copy, the same bytes under the name the site gave.
    const [plan] = cell(receipt, GROWTH_PLAN);
    expect(plan).toMatchObject({ filename: 'plan.pdf', type: 'application/pdf', size: pdf('plan.pdf').size });
    expect(await (await fetch(plan!.url)).text()).toBe(await pdf('plan.pdf').text());
    expect(cell(receipt, EVIDENCE).map((a) => a.filename)).toEqual(['Course 1 - transcript.pdf']);
    // Fetched, so it leaves the queue without asking Airtable anything more: in the run that
    // linked it, when the fetch came while it looked again, or else in the next.
    const before = world.airtable.log.length;
    const second = await run(linksTo(site.url));
    expect(second).toMatchObject({ left: 0, requests: 0 });
    expect(first.synced + second.synced).toBe(1);
    expect(world.airtable.log.length).toBe(before);
    expect(await world.blobs.store.pending()).toEqual([]);
  });

  it('keeps a claim queued while Airtable has not fetched its files, and uploads them once the wait is over, each once', async () => {
    const receipt = await claimWithTwoFiles();
    // An address Airtable cannot reach: nothing answers there.
    const unreachable = linksTo('http://127.0.0.1:9');
    await run(unreachable);
    await world.airtable.attachmentsFetched();
    expect(world.airtable.fetches.map((f) => f.status)).toEqual([0, 0]);
    expect(cell(receipt, GROWTH_PLAN)).toEqual([]);
    // Within the wait: still queued, and not sent again.
    const during = await run(unreachable);
    expect(during).toMatchObject({ synced: 0, left: 1, requests: 0 });
    world.clock.advance(LINK_WAIT_MS);
    const after = await run(unreachable);
    expect(after).toMatchObject({ synced: 1, attached: 2, linked: 0, left: 0 });
    expect(cell(receipt, GROWTH_PLAN).map((a) => a.filename)).toEqual(['plan.pdf']);
    expect(cell(receipt, EVIDENCE).map((a) => a.filename)).toEqual(['Course 1 - transcript.pdf']);
  });

  it('a change to a claim after its files arrived links them again, and it leaves the queue only once they are fetched again', async () => {
    const receipt = await claimWithTwoFiles();
    await run(linksTo(site.url));
    await world.airtable.attachmentsFetched();
    await run(linksTo(site.url));
    await world.blobs.store.setStatus(receipt, 'with-hr');
    world.airtable.fetchAttachments = false;
    const relinked = await run(linksTo(site.url));
    expect(relinked).toMatchObject({ requests: 1, linked: 2, left: 1 });
    // The fetch of the version before does not count for this one.
    const waiting = await run(linksTo(site.url));
    expect(waiting).toMatchObject({ synced: 0, left: 1, requests: 0 });
  });
});

describe('the file link', () => {
  const fileOf = async (receipt: string) => (await world.blobs.store.byReceipt(receipt))!.files[0]!;
  const get = (token: string, method = 'GET') => fetch(`${site.url}/airtable/file/?t=${encodeURIComponent(token)}`, { method });

  it('opens the file it names as a download of its type, and notes the fetch', async () => {
    const file = await fileOf(await claimWithTwoFiles());
    const url = linksTo(site.url)(file);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await world.blobs.store.fetchedAt(file.key)).toBeNull();
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await answer.arrayBuffer()).length).toBe(file.size);
    expect(await world.blobs.store.fetchedAt(file.key)).not.toBeNull();
  });

  it('opens nothing for a changed, expired, foreign-keyed or unsigned link', async () => {
    const file = await fileOf(await claimWithTwoFiles());
    const now = world.deps.now().getTime();
    const good = fileLinkToken({ key: file.key, type: file.type, expires: now + 60_000 }, TEST_LINK_SECRET);
    const [payload, expires, signature] = good.split('.') as [string, string, string];
    const other = Buffer.from(JSON.stringify({ k: `${file.key.slice(0, -1)}x`, t: file.type })).toString('base64url');
    const refused = [
      `${other}.${expires}.${signature}`,
      `${payload}.${Number(expires) + 1}.${signature}`,
      fileLinkToken({ key: file.key, type: file.type, expires: now - 1_000 }, TEST_LINK_SECRET),
      fileLinkToken({ key: file.key, type: file.type, expires: now + FILE_LINK_LIFETIME_MS * 2 }, TEST_LINK_SECRET),
      fileLinkToken({ key: `submission/compensation/${file.key.split('/')[2]}`, type: 'application/json', expires: now + 60_000 }, TEST_LINK_SECRET),
      fileLinkToken({ key: file.key, type: file.type, expires: now + 60_000 }, 'another-key'),
      `${payload}.${expires}`,
      '',
      'x'.repeat(5_000),
    ];
    for (const token of refused) {
      const answer = await get(token);
      expect(answer.status, token.slice(0, 80)).toBe(404);
      expect(await answer.text()).toBe('This file link is not valid, or it has expired.');
    }
    expect((await get(good)).status).toBe(200);
    expect((await get(good, 'POST')).status).toBe(405);
  });
});

describe('whether the site sends files by link', () => {
  const deployed = { SITE_ID: 'site', URL: 'https://growth.cedarvalley.example', DECISION_LINK_SECRET: 'k'.repeat(40) };

  it('does on a deployed site at an https address, and not on a development machine', () => {
    expect(fileLinker(deployed, Date.now, true)).not.toBeNull();
    expect(fileLinker({}, Date.now, false)).toBeNull();
    expect(fileLinker({ URL: 'http://localhost:4321' }, Date.now, false)).toBeNull();
  });

  it('follows AIRTABLE_FILES_BY_LINK when it is set, off or on', () => {
    expect(fileLinker({ ...deployed, AIRTABLE_FILES_BY_LINK: 'off' }, Date.now, true)).toBeNull();
    const link = fileLinker({ AIRTABLE_FILES_BY_LINK: 'on', URL: 'http://localhost:4321' }, () => 0, false)!;
    expect(link({ field: 'growthPlan', key: 'file/compensation/abc/growthPlan', name: 'plan.pdf', type: 'application/pdf', size: 10 })).toMatch(
      /^http:\/\/localhost:4321\/airtable\/file\/\?t=[\w-]+\.\d+\.[\w-]+$/,
    );
  });
});
