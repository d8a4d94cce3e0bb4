import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('form page', async () => (await import('../../src/lib/app/request-handlers.ts')).formPageHandler);

// One address per form (not a pattern), so /forms/received/ and the static forms list stay their own.
export const config: Config = {
  path: [
    '/forms/pre-approval',
    '/forms/pre-approval/',
    '/forms/compensation',
    '/forms/compensation/',
    '/forms/reimbursement',
    '/forms/reimbursement/',
    '/forms/staff-survey',
    '/forms/staff-survey/',
    '/forms/exit-survey',
    '/forms/exit-survey/',
    '/forms/appeal',
    '/forms/appeal/',
    '/forms/focus-plan',
    '/forms/focus-plan/',
    '/forms/focus-plan-checkpoint',
    '/forms/focus-plan-checkpoint/',
  ],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
