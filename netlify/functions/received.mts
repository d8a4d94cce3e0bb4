import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('received', async () => (await import('../../src/lib/app/request-handlers.ts')).receivedHandler);

export const config: Config = {
  path: ['/forms/received', '/forms/received/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
