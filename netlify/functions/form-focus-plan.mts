import type { Config } from '@netlify/functions';
import { focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { submitFunction } from '../../src/lib/app/runtime.ts';

export default submitFunction(focusPlan);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/focus-plan',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
