import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('my record', async () => (await import('../../src/lib/app/record-handler.ts')).myRecordHandler);

// Netlify reads this object without running the file, so it stays a literal. A person
// opens their record a few times; the limit stops a script reading it in a loop.
export const config: Config = {
  path: ['/my/record', '/my/record/', '/my/record/transcript', '/my/record/transcript/'],
  method: 'GET',
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
