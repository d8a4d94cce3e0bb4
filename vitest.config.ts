import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One file per core (Vitest's default leaves one core free): most integration files
    // wait on child processes and local servers, so a 2-core machine runs two at once.
    maxWorkers: '100%',
    projects: [
      {
        // Pure code; src/lib/policies.ts reads Astro's collections, which a test fills in (tests/support/astro-content.ts).
        resolve: { alias: { 'astro:content': fileURLToPath(new URL('./tests/support/astro-content.ts', import.meta.url)) } },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        // Whole builds of a copy of the site: slow, so few and generous.
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 240_000 },
      },
      {
        // A real browser against the built site; one file at a time keeps one Chromium running.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The functions as Netlify packages them (`netlify serve`): needs tests/bundle's own
        // node_modules (netlify-cli, Deno), which `npm run test:bundle` installs first.
        test: { name: 'bundle', include: ['tests/bundle/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
