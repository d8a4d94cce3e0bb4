import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { headersFor, readHeadersFile } from './netlify-headers.ts';

export const DIST = resolve(import.meta.dirname, '../dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
/** Pagefind's own files are compressed already (and read as bytes by its script). */
const OTHER_TYPE = 'application/octet-stream';

/** What Netlify sends for a static file when `_headers` says nothing of caching: always ask again, answer 304 when unchanged. */
const NETLIFY_CACHE = 'public, max-age=0, must-revalidate';

/** A function's answer to a request, or null where no function answers (the static file, then 404.html). */
export type FunctionRoute = (request: Request) => Promise<Response> | null;

/**
 * Serves the built site as Netlify does: its `_headers`, Netlify's cache header,
 * text compressed with brotli or gzip as the browser asks, folder index pages,
 * 404.html for anything else, and, before any of it, the functions' answers.
 */
export async function serveLikeNetlify(functions: FunctionRoute = () => null): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ has no built site: run `npm run build` first.');
  const rules = readHeadersFile(join(DIST, '_headers'));
  const server: Server = createServer((req, res) => {
    answer(req, res, rules, functions).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, rules: ReturnType<typeof readHeadersFile>, functions: FunctionRoute): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://site');
  const fromFunction = functions(await toRequest(req, url));
  if (fromFunction) {
    const response = await fromFunction;
    const headers: [string, string][] = [...response.headers];
    send(req, res, response.status, headers, Buffer.from(await response.arrayBuffer()));
    return;
  }
  const file = fileFor(url.pathname);
  const headers: [string, string][] = [['cache-control', NETLIFY_CACHE], ...headersFor(rules, url.pathname)];
  if (!file) {
    send(req, res, 404, [...headers, ['content-type', TYPES['.html']!]], readFileSync(join(DIST, '404.html')));
    return;
  }
  send(req, res, 200, [...headers, ['content-type', TYPES[extname(file)] ?? OTHER_TYPE]], readFileSync(file));
}

async function toRequest(req: IncomingMessage, url: URL): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const method = req.method ?? 'GET';
  return new Request(new URL(url.pathname + url.search, `http://${req.headers.host ?? 'site'}`), {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
}

/** The file a path stands for: itself, or its folder's index.html; never outside dist/. */
function fileFor(pathname: string): string | null {
  const path = normalize(join(DIST, decodeURIComponent(pathname)));
  if (!path.startsWith(DIST)) return null;
  for (const candidate of [path, join(path, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: [string, string][], body: Buffer): void {
  const type = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const accepts = String(req.headers['accept-encoding'] ?? '');
  let encoded = body;
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 0;
  if (compressible && /\bbr\b/.test(accepts)) {
    encoded = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    headers.push(['content-encoding', 'br'], ['vary', 'Accept-Encoding']);
  } else if (compressible && /\bgzip\b/.test(accepts)) {
    encoded = gzipSync(body);
    headers.push(['content-encoding', 'gzip'], ['vary', 'Accept-Encoding']);
  }
  res.writeHead(status, [...headers.filter(([name]) => name.toLowerCase() !== 'content-length'), ['content-length', String(encoded.length)]].flat());
  res.end(req.method === 'HEAD' ? undefined : encoded);
}
