import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('sign-in', async () => (await import('../../src/lib/app/sign-in.ts')).signInHandler);

// A literal, read by Netlify without running the file. The limit per address is in
// the store (five links an hour); this one keeps anyone from asking by the thousand.
export const config: Config = {
  path: ['/sign-in', '/sign-in/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
