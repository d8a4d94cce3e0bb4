import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('assign focus plans', async () => (await import('../../src/lib/app/assign-handler.ts')).assignPlansHandler);

// Netlify reads this object without running the file, so it stays a literal. An
// evaluator posts a handful of times at most; the limit stops a script, not them.
export const config: Config = {
  path: ['/focus-plans/assign', '/focus-plans/assign/'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
