import type { Config } from '@netlify/functions';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';

export default lazyPageFunction('dev outbox', async () => (await import('../../src/lib/app/dev-outbox.ts')).devOutboxHandler);

// A deployed site answers 404 here; the page is for `npm start` only.
export const config: Config = {
  path: ['/dev/outbox', '/dev/outbox/'],
  method: 'GET',
};
