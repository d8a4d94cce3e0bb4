import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { signInLinkHandler } from '../../src/lib/app/sign-in.ts';

export default pageFunction('sign-in link', signInLinkHandler);

export const config: Config = {
  path: ['/sign-in/link', '/sign-in/link/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
