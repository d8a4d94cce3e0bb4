import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { signOutHandler } from '../../src/lib/app/sign-in.ts';

export default pageFunction('sign-out', signOutHandler);

// POST signs out; GET only shows that it is done, so a link elsewhere cannot sign anyone out.
export const config: Config = {
  path: ['/sign-out', '/sign-out/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
