import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('sign-out', async () => (await import('../../src/lib/app/sign-in.ts')).signOutHandler);

// POST signs out; GET only shows that it is done, so a link elsewhere cannot sign anyone out.
export const config: Config = {
  path: ['/sign-out', '/sign-out/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
