// @ts-check
import { defineConfig } from 'astro/config';
import netlify from '@astrojs/netlify';
import pagefind from 'astro-pagefind';
import { buildSync } from 'esbuild';
import { FORM_SCRIPT_BUILD } from './src/client/build-options.ts';

/**
 * The form pages are answered by functions (they show the signed-in person), so
 * their script is built to a file of its own that those pages load by name:
 * no inline script, nothing for the CSP to allow. Built before every dev server and build.
 */
const formScript = {
  name: 'form-script',
  hooks: {
    'astro:config:setup': () => {
      buildSync(FORM_SCRIPT_BUILD);
    },
  },
};

export default defineConfig({
  site: process.env.URL ?? 'https://pd.cedarvalley.example',
  output: 'static',
  // Not 'always': in development that would answer /api/... itself before the functions see it.
  trailingSlash: 'ignore',
  // Edge functions would need Deno and the network; pages, functions and blobs do not. The site keeps
  // nothing in Netlify Database, whose local copy is a Postgres in the dev server (some 300 MB);
  // `database` is ours (patches/@astrojs+netlify+*.patch).
  adapter: netlify({ devFeatures: { edgeFunctions: false, images: false, environmentVariables: false, database: false } }),
  integrations: [formScript, pagefind()],
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  // The pages carry no client scripts except search, so nothing is prefetched.
  prefetch: false,
});
