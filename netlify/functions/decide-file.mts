import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('decision file', async () => (await import('../../src/lib/app/request-handlers.ts')).decisionFileHandler);

export const config: Config = {
  path: ['/decide/file', '/decide/file/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
