import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('prefilled form', async () => (await import('../../src/lib/app/request-handlers.ts')).prefillHandler);

export const config: Config = {
  path: [
    '/forms/pre-approval/from',
    '/forms/pre-approval/from/',
    '/forms/compensation/from',
    '/forms/compensation/from/',
    '/forms/appeal/from',
    '/forms/appeal/from/',
    '/forms/focus-plan/from',
    '/forms/focus-plan/from/',
    '/forms/reimbursement/from',
    '/forms/reimbursement/from/',
  ],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
