import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/forms/runtime.ts';
import { decisionFileHandler } from '../../src/lib/workflow/handlers.ts';

export default pageFunction('decision file', decisionFileHandler);

export const config: Config = {
  path: ['/decide/file', '/decide/file/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
