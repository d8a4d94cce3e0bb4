import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { decisionFileHandler } from '../../src/lib/app/request-handlers.ts';

export default pageFunction('decision file', decisionFileHandler);

export const config: Config = {
  path: ['/decide/file', '/decide/file/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
