import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { decideHandler } from '../../src/lib/app/request-handlers.ts';

export default pageFunction('decide', decideHandler);

export const config: Config = {
  path: ['/decide', '/decide/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
