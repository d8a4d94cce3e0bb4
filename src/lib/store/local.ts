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
export async function openLocalStore(directory = LOCAL_BLOBS_DIR, siteID = LOCAL_SITE_ID): Promise<{ store: SubmissionStore; url: string; stop: () => Promise<void> }> {
  const token = `local-${process.pid}`;
  const server = new BlobsServer({ directory, token, port: 0 });
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}`;
  const blobs = getStore({ name: 'submissions', siteID, token, edgeURL: url, uncachedEdgeURL: url, consistency: 'strong' });
  return { store: new SubmissionStore(blobs), url, stop: () => server.stop() };
}
