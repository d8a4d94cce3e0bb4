// What the form pages' script weighs: /scripts/forms.js built in memory with the
// options the site builds it with, raw and gzip bytes, then the inputs that take
// the most of it. Target: at most 20 KB gzip (issue 12).
// "gzip alone" is an input minified and gzipped by itself: what it would cost on its own.
// Usage: npm run bench:weight [-- --top 12]
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildSync, transformSync, type Loader } from 'esbuild';
import { FORM_SCRIPT_BUILD } from '../src/client/build-options.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_GZIP = 20 * 1024;
const { values } = parseArgs({ options: { top: { type: 'string', default: '12' } } });

const built = buildSync({ ...FORM_SCRIPT_BUILD, absWorkingDir: ROOT, write: false, metafile: true });
const script = built.outputFiles.find((f) => f.path.endsWith('.js'))!;
const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint)!;

const gzip = (bytes: Uint8Array | string) => gzipSync(bytes).length;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** An input minified on its own, as the bundle minifies it. */
function minifiedAlone(path: string): string {
  const source = readFileSync(join(ROOT, path), 'utf8');
  const loader = (extname(path).slice(1) || 'js') as Loader;
  return transformSync(source, { loader, minify: true, target: FORM_SCRIPT_BUILD.target! }).code;
}

const scriptGzip = gzip(script.contents);
console.log(`\n/scripts/forms.js (${FORM_SCRIPT_BUILD.entryPoints!.toString()}, minified)`);
console.table([
  {
    file: '/scripts/forms.js',
    'raw bytes': script.contents.length,
    'gzip bytes': scriptGzip,
    'gzip KB': kb(scriptGzip),
    'target gzip KB': kb(TARGET_GZIP),
    'within target': scriptGzip <= TARGET_GZIP ? 'yes' : 'NO',
    inputs: Object.keys(output.inputs).length,
  },
]);

const inputs = Object.entries(output.inputs)
  .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
  .slice(0, Number(values.top))
  .map(([path, { bytesInOutput }]) => ({
    input: path,
    'bytes in script': bytesInOutput,
    'share of script': `${((bytesInOutput / script.contents.length) * 100).toFixed(1)}%`,
    'gzip alone': gzip(minifiedAlone(path)),
  }));
console.log(`\nLargest inputs (${inputs.length} of ${Object.keys(output.inputs).length})`);
console.table(inputs);
