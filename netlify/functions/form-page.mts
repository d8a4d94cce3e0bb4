import type { Config } from '@netlify/functions';
import { pageFunction } from '../../src/lib/app/runtime.ts';
import { formPageHandler } from '../../src/lib/app/request-handlers.ts';

export default pageFunction('form page', formPageHandler);

// One address per form (not a pattern), so /forms/received/ and the static forms list stay their own.
export const config: Config = {
  path: [
    '/forms/pre-approval',
    '/forms/pre-approval/',
    '/forms/compensation',
    '/forms/compensation/',
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
