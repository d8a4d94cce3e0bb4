import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('request status', async () => (await import('../../src/lib/app/request-handlers.ts')).statusHandler);

// Netlify reads this object without running the file, so it stays a literal. The
// limit keeps anyone from trying receipts by the thousand.
export const config: Config = {
  path: ['/requests/status', '/requests/status/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
