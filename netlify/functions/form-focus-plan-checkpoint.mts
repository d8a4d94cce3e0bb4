import type { Config } from '@netlify/functions';
import { lazySubmitFunction } from '../../src/lib/app/entry.ts';

export default lazySubmitFunction(async () => (await import('../../src/lib/forms/focus-plan.ts')).checkpoint);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/focus-plan-checkpoint',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
