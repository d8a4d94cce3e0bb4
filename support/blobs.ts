import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCatalog } from '../src/lib/catalog/files.ts';
import type { SubmitDeps } from '../src/lib/app/submit.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { loadSampleRoster, type Roster } from '../src/lib/identity/roster.ts';
import { mailTransport } from '../src/lib/mail/transport.ts';
import { openLocalStore } from '../src/lib/store/local.ts';
import type { SubmissionStore } from '../src/lib/store/submissions.ts';

/** Netlify's own local Blobs server on a throw-away folder, and the submission store on it. */
export async function startBlobs(): Promise<{ store: SubmissionStore; url: string; stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'pg-blobs-'));
  const local = await openLocalStore(directory, 'test-site');
  return {
    ...local,
    stop: async () => {
      await local.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const TEST_LINK_SECRET = 'test-decision-links';
export const TEST_SESSION_SECRET = 'test-sessions-and-sign-in-links';

let sampleRoster: Roster | undefined;

/** What the handlers need, with the repository's settings, catalog and sample roster, mail kept in the local outbox, and a fixed clock. */
export function testDeps(store: SubmissionStore, today = '2026-11-24'): SubmitDeps {
  const program = loadProgram();
  sampleRoster ??= loadSampleRoster();
  const roster = sampleRoster;
  return {
    store,
    program,
    catalog: readCatalog(program),
    now: () => new Date(`${today}T18:00:00Z`),
    links: { secret: TEST_LINK_SECRET },
    // The site's address, as URL gives it deployed: the requests the tests send go to it too.
    origin: 'http://localhost',
    roster: async () => roster,
    sessionSecret: TEST_SESSION_SECRET,
    mail: mailTransport({}, store, false),
    oidc: null,
  };
}

/**
 * For a test file: an empty store and the handlers' dependencies for each test,
 * read through the getters once the test runs.
 */
export function freshStoreEachTest(): { readonly store: SubmissionStore; readonly deps: SubmitDeps } {
  let blobs: Awaited<ReturnType<typeof startBlobs>> | undefined;
  let deps: SubmitDeps | undefined;
  beforeEach(async () => {
    await blobs?.stop();
    blobs = await startBlobs();
    deps = testDeps(blobs.store);
  });
  afterAll(async () => blobs?.stop());
  return {
    get store() {
      return blobs!.store;
    },
    get deps() {
      return deps!;
    },
  };
}
