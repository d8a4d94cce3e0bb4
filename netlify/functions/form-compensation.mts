import type { Config } from '@netlify/functions';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { submitFunction } from '../../src/lib/app/runtime.ts';

export default submitFunction(compensation);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/compensation',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
