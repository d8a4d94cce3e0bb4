import type { Config } from '@netlify/functions';
import { receivedHandler } from '../../src/lib/app/request-handlers.ts';
import { pageFunction } from '../../src/lib/app/runtime.ts';

export default pageFunction('received', receivedHandler);

export const config: Config = {
  path: ['/forms/received', '/forms/received/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
