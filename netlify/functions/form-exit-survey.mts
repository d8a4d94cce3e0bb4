import type { Config } from '@netlify/functions';
import { lazySubmitFunction } from '../../src/lib/app/entry.ts';

export default lazySubmitFunction(async () => (await import('../../src/lib/forms/exit-survey.ts')).exitSurvey);

// Netlify reads this object without running the file, so it stays a literal.
export const config: Config = {
  path: '/api/forms/exit-survey',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
