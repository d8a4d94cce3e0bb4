import { getStore } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';
import { SubmissionStore } from './submissions.ts';

/** Where `astro dev` (Netlify's local emulation) keeps Blobs, and the site ID it files them under. */
export const LOCAL_BLOBS_DIR = '.netlify/blobs-serve';
const LOCAL_SITE_ID = '0';

/**
 * The submissions of a local Blobs folder, through Netlify's own Blobs server:
 * for command-line tools beside `npm start`, and for tests on a folder of their own.
 */
export async function openLocalStore(
  directory = LOCAL_BLOBS_DIR,
  siteID = LOCAL_SITE_ID,
): Promise<{ store: SubmissionStore; url: string; stop: () => Promise<void> }> {
  const token = `local-${process.pid}`;
  const server = new BlobsServer({ directory, token, port: 0 });
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}`;
  const blobs = getStore({ name: 'submissions', siteID, token, edgeURL: url, uncachedEdgeURL: url, consistency: 'strong' });
  return { store: new SubmissionStore(blobs), url, stop: () => server.stop() };
}

/**
 * The store HR's command-line tools work on: the deployed site's own Blobs when
 * NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN are set (a personal access token from
 * Netlify), else the local folder `npm start` writes to.
 */
export async function openOperatorStore(
  env: Record<string, string | undefined> = process.env,
): Promise<{ store: SubmissionStore; where: string; deployed: boolean; stop: () => Promise<void> }> {
  const siteID = env['NETLIFY_SITE_ID'];
  const token = env['NETLIFY_AUTH_TOKEN'];
  if (siteID && token) {
    const blobs = getStore({ name: 'submissions', siteID, token, consistency: 'strong' });
    return { store: new SubmissionStore(blobs), where: `the site ${siteID}`, deployed: true, stop: async () => {} };
  }
  const local = await openLocalStore();
  return { store: local.store, where: `the local store (${LOCAL_BLOBS_DIR})`, deployed: false, stop: local.stop };
}
