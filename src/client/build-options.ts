import type { BuildOptions } from 'esbuild';

/**
 * How the form pages' script, /scripts/forms.js, is built: astro.config.mjs
 * writes it before every dev server and build, and bench/page-weight.ts weighs
 * it with the same options, so the benchmark measures what ships. Paths are
 * from the repository's root.
 */
export const FORM_SCRIPT_BUILD: BuildOptions = {
  entryPoints: ['src/client/forms-page.ts'],
  outfile: 'public/scripts/forms.js',
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  logLevel: 'warning',
};
