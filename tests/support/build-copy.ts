import { SiteCopy } from '../../support/site-copy.ts';

/**
 * A copy of the site to build whose build keeps its caches to itself. A copy's
 * node_modules is the repository's (a symlink), and Astro keeps its content store
 * (node_modules/.astro/data-store.json) and Vite its dependency cache there by default,
 * so two copies building at once (test files run side by side) would read each other's
 * content: an Airtable catalog build could come out with the Markdown catalog.
 */
export function buildCopy(): SiteCopy {
  const copy = new SiteCopy();
  copy.edit('astro.config.mjs', (text) =>
    text.replace(
      'export default defineConfig({',
      "export default defineConfig({\n  cacheDir: './.build-cache/astro/',\n  vite: { cacheDir: './.build-cache/vite/' },",
    ),
  );
  return copy;
}
