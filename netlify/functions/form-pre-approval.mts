import type { Config } from '@netlify/functions';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { submitFunction } from '../../src/lib/app/runtime.ts';

export default submitFunction(preApproval);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/pre-approval',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
