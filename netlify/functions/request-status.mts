import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { statusHandler } from '../../src/lib/app/request-handlers.ts';

export default pageFunction('request status', statusHandler);

// Netlify reads this object without running the file, so it stays a literal. The
// limit keeps anyone from trying receipts by the thousand.
export const config: Config = {
  path: ['/requests/status', '/requests/status/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
