import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobsServer } from '@netlify/blobs/server';
import { afterAll, beforeAll, vi } from 'vitest';

/**
 * For a test file (or a describe): a Blobs server, given to the code under test the
 * way Netlify gives a deployed function its store (NETLIFY_BLOBS_CONTEXT), so the
 * functions' own runtime finds it without being told; the rest is a development machine's.
 */
export function netlifyBlobsContext(siteID: string): void {
  const directory = mkdtempSync(join(tmpdir(), `pg-${siteID}-`));
  const token = `${siteID}-test`;
  const blobs = new BlobsServer({ directory, token, port: 0 });
  beforeAll(async () => {
    const url = `http://127.0.0.1:${(await blobs.start()).port}`;
    vi.stubEnv('NETLIFY_BLOBS_CONTEXT', Buffer.from(JSON.stringify({ edgeURL: url, uncachedEdgeURL: url, siteID, token })).toString('base64'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await blobs.stop();
    rmSync(directory, { recursive: true, force: true });
  });
}
