import type { Config } from '@netlify/functions';
import { lazySubmitFunction } from '../../src/lib/app/entry.ts';

export default lazySubmitFunction(async () => (await import('../../src/lib/forms/reimbursement.ts')).reimbursement);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/reimbursement',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
