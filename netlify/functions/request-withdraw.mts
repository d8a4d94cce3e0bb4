import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { requesterActionHandler } from '../../src/lib/app/request-handlers.ts';

export default pageFunction('withdraw', (request, deps) => requesterActionHandler(request, deps, 'withdraw'));

export const config: Config = {
  path: ['/requests/withdraw', '/requests/withdraw/'],
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
