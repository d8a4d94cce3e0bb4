import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One web handler (Request in, Response out) on a local port, for what must reach
 * the site over the network in a test or a benchmark: the stand-in Airtable
 * fetching a file link, as Airtable fetches it from a deployed function.
 */
export async function serveHandler(handler: (request: Request) => Promise<Response>): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const answer = await handler(toRequest(req, `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch (error) {
        console.error('handler server: the handler threw', error);
        res.writeHead(500).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A bodiless request as the handler sees it (what fetching a file sends). */
function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  return new Request(new URL(req.url ?? '/', origin), { method: req.method ?? 'GET', headers });
}
