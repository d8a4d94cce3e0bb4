import type { Config } from '@netlify/functions';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { submitFunction } from '../../src/lib/app/runtime.ts';

export default submitFunction(appeal);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/appeal',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
