import type { Config } from '@netlify/functions';
import { devOutboxHandler } from '../../src/lib/app/dev-outbox.ts';
import { pageFunction } from '../../src/lib/app/runtime.ts';

export default pageFunction('dev outbox', devOutboxHandler);

// A deployed site answers 404 here; the page is for `npm start` only.
export const config: Config = {
  path: ['/dev/outbox', '/dev/outbox/'],
  method: 'GET',
};
