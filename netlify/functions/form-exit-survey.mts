import type { Config } from '@netlify/functions';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { submitFunction } from '../../src/lib/app/runtime.ts';

export default submitFunction(exitSurvey);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/exit-survey',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
