import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('sign-in callback', async () => (await import('../../src/lib/app/sign-in.ts')).oidcCallbackHandler);

export const config: Config = {
  path: ['/sign-in/callback', '/sign-in/callback/'],
  method: 'GET',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
