import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('withdraw', async () => {
  const { requesterActionHandler } = await import('../../src/lib/app/request-handlers.ts');
  return (request, deps, asking) => requesterActionHandler(request, deps, 'withdraw', asking);
});

export const config: Config = {
  path: ['/requests/withdraw', '/requests/withdraw/'],
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
