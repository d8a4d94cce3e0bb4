import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
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
    ],
  },
});
