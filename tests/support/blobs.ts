import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';
import { readCatalog } from '../../src/lib/catalog/lookup.ts';
import type { SubmitDeps } from '../../src/lib/forms/submit.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { SubmissionStore } from '../../src/lib/store/submissions.ts';

/** Netlify's own local Blobs server on a throw-away folder, and a store client pointed at it. */
export async function startBlobs(): Promise<{ store: SubmissionStore; url: string; stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'pg-blobs-'));
  const token = 'test-token';
  const server = new BlobsServer({ directory, token, port: 0 });
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}`;
  const blobs = getStore({ name: 'submissions', siteID: 'test-site', token, edgeURL: url, uncachedEdgeURL: url, consistency: 'strong' });
  return {
    store: new SubmissionStore(blobs),
    url,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** What the handlers need, with the repository's settings and catalog and a fixed clock. */
export function testDeps(store: SubmissionStore, today = '2026-11-24'): SubmitDeps {
  const program = loadProgram();
  return { store, program, catalog: readCatalog(program), now: () => new Date(`${today}T18:00:00Z`) };
}
