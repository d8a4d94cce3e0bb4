import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('sign-in link', async () => (await import('../../src/lib/app/sign-in.ts')).signInLinkHandler);

export const config: Config = {
  path: ['/sign-in/link', '/sign-in/link/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
