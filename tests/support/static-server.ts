import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { headersFor, readHeadersFile } from '../../support/netlify-headers.ts';

export const DIST = resolve(import.meta.dirname, '../../dist');

/** Serves the built site as a static host does: files, folder index pages, and 404.html for anything else. */
export async function serveDist(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/ has no built site: run `npm run build` first (npm run test:e2e does).');
  }
  const notFound = readFileSync(join(DIST, '404.html'));
  const files = sirv(DIST, { dev: true, etag: false });
  // The site's own _headers, as Netlify sends them: the browser tests see the same CSP a visitor's browser enforces.
  const rules = readHeadersFile(join(DIST, '_headers'));
  const server: Server = createServer((req, res) => {
    for (const [name, value] of headersFor(rules, new URL(req.url ?? '/', 'http://site').pathname)) res.setHeader(name, value);
    files(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(notFound);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
