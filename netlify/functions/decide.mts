import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('decide', async () => (await import('../../src/lib/app/request-handlers.ts')).decideHandler);

export const config: Config = {
  path: ['/decide', '/decide/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
