import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { signInHandler } from '../../src/lib/app/sign-in.ts';

export default pageFunction('sign-in', signInHandler);

// A literal, read by Netlify without running the file. The limit per address is in
// the store (five links an hour); this one keeps anyone from asking by the thousand.
export const config: Config = {
  path: ['/sign-in', '/sign-in/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
