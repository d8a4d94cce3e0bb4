import { readdirSync } from 'node:fs';
import { DIST } from './static-server.ts';

/** Every page of the built site as a path, from its HTML files (the search index is not a page). */
export function builtPages(): string[] {
  return readdirSync(DIST, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'))
    .map((file) => {
      const path = `/${file.replace(/\\/g, '/')}`;
      if (path === '/404.html') return path;
      return path.replace(/index\.html$/, '');
    })
    .sort();
}
