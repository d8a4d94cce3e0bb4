// `astro dev` serves the search index from the last build; on a fresh checkout there is none yet, so build once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/pagefind/pagefind-entry.json')) {
  console.log('No search index yet: building the site once so that catalog search works in development.');
  const run = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
