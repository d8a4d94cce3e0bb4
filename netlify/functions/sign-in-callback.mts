import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { oidcCallbackHandler } from '../../src/lib/app/sign-in.ts';

export default pageFunction('sign-in callback', oidcCallbackHandler);

export const config: Config = {
  path: ['/sign-in/callback', '/sign-in/callback/'],
  method: 'GET',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
