// @ts-check
import { defineConfig } from 'astro/config';
import netlify from '@astrojs/netlify';
import pagefind from 'astro-pagefind';

export default defineConfig({
  site: process.env.URL ?? 'https://pd.cedarvalley.example',
  output: 'static',
  // Not 'always': in development that would answer /api/... itself before the functions see it.
  trailingSlash: 'ignore',
  // Edge functions would need Deno and the network; pages, functions and blobs do not.
  adapter: netlify({ devFeatures: { edgeFunctions: false, images: false, environmentVariables: false } }),
  integrations: [pagefind()],
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  // The pages carry no client scripts except search, so nothing is prefetched.
  prefetch: false,
});
