import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('Airtable file', async () => (await import('../../src/lib/app/airtable-file.ts')).airtableFileHandler);

export const config: Config = {
  path: ['/airtable/file', '/airtable/file/'],
  method: 'GET',
  // Airtable fetches a burst's files from a few addresses: room for a drain run's worth (about 10 a second).
  rateLimit: { windowLimit: 1200, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
