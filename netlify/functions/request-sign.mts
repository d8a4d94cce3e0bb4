import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('sign', async () => {
  const { requesterActionHandler } = await import('../../src/lib/app/request-handlers.ts');
  return (request, deps, asking) => requesterActionHandler(request, deps, 'sign', asking);
});

export const config: Config = {
  path: ['/requests/sign', '/requests/sign/'],
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
