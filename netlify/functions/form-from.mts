import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { prefillHandler } from '../../src/lib/app/request-handlers.ts';

export default pageFunction('prefilled form', prefillHandler);

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
  ],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
