import { isBuiltin } from 'node:module';
import type { BuildOptions, Metafile } from 'esbuild';

/** The lines Netlify's bundler puts before an ESM function, so a CommonJS package finds require, __filename and __dirname. */
const CJS_SHIM =
  'import {createRequire as ___nfyCreateRequire} from "module";\nimport {fileURLToPath as ___nfyFileURLToPath} from "url";\nimport {dirname as ___nfyPathDirname} from "path";\nlet __filename=___nfyFileURLToPath(import.meta.url);\nlet __dirname=___nfyPathDirname(___nfyFileURLToPath(import.meta.url));\nlet require=___nfyCreateRequire(import.meta.url);';

/**
 * A function as Netlify packages it (zip-it-and-ship-it, for a v2 function): our modules
 * in one file, npm packages left to node_modules. esbuild moves every package a bundled
 * module imports statically to the top of that file, however late the module itself is
 * first used: only a dynamic `import('package')` leaves a package to the first request.
 */
export const FUNCTION_BUNDLE = {
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node24',
  banner: { js: CJS_SHIM },
  metafile: true,
  logLevel: 'error',
} satisfies BuildOptions;

/** The packages an output of the bundle imports at its top, so loads with the function's import, sorted. */
export function packagesAtImport(metafile: Metafile, output: string): string[] {
  const imports = metafile.outputs[output]?.imports;
  if (!imports) throw new Error(`${output} is not an output of this bundle`);
  const packages = imports.filter((i) => i.external && i.kind === 'import-statement' && !isBuiltin(i.path)).map((i) => i.path);
  return [...new Set(packages)].sort();
}
