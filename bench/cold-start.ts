// Cold start of the functions: what a new instance pays before it can answer.
// Netlify starts one for every burst of concurrency, and each imports its function
// afresh. Each function is imported in a fresh `node` several times, two ways:
// "sources" as Node 24 runs the repository's files (type stripping, no flags), and
// "bundled" as Netlify packages a function (esbuild: our files in one module, npm
// packages left to node_modules, the same CJS shim; support/function-bundle.ts), with
// the packages each bundle imports at its top: they load before any of our code runs.
// Then, for a few page functions, the first request: import plus the first answer to
// a simple GET (a person signed in where the page needs one), with Netlify's own Blobs
// server as the store.
// Usage: npm run bench:cold [-- --runs 5 --only request-status,form-page --no-bundled --no-first]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BlobsServer } from '@netlify/blobs/server';
import { build } from 'esbuild';
import { secret } from '../src/lib/http/deployment.ts';
import { loadSampleRoster } from '../src/lib/identity/roster.ts';
import { newSession, sealSession, SESSION_COOKIE } from '../src/lib/identity/session.ts';
import { FUNCTION_BUNDLE, packagesAtImport } from '../support/function-bundle.ts';
import { STAFF } from '../support/people.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-bundled': { type: 'boolean', default: false },
    'no-first': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const root = resolve(import.meta.dirname, '..');
const functionsDir = join(root, 'netlify/functions');
const only = values.only?.split(',');
const functions = readdirSync(functionsDir)
  .filter((f) => f.endsWith('.mts'))
  .map((f) => basename(f, '.mts'))
  .filter((name) => !only || only.includes(name))
  .sort();

/** The first requests measured: a form to fill in, a request's status (a receipt nobody has), the sign-in page. */
const FIRST_REQUESTS: { name: string; path: string; signedIn: boolean }[] = [
  { name: 'form-page', path: '/forms/pre-approval/', signedIn: true },
  { name: 'request-status', path: '/requests/status/?receipt=PA-7K2M9Q4XAB', signedIn: true },
  { name: 'sign-in', path: '/sign-in/', signedIn: false },
];

// What the child runs: one import, timed, and optionally the first request; nothing else loaded before it.
const CHILD = `
const [file, url, cookie] = process.argv.slice(1);
const started = performance.now();
const cpu = process.cpuUsage();
const module = await import(file);
const imported = performance.now() - started;
const used = process.cpuUsage(cpu);
let answered = null, status = null, totalCpu = null;
if (url) {
  const asked = performance.now();
  const response = await module.default(new Request(url, { headers: cookie ? { cookie } : {} }));
  await response.arrayBuffer();
  answered = performance.now() - asked;
  status = response.status;
  const all = process.cpuUsage(cpu);
  totalCpu = (all.user + all.system) / 1000;
}
process.stdout.write(JSON.stringify({ imported, cpu: (used.user + used.system) / 1000, answered, status, totalCpu }));
process.exit(0);
`;

interface Sample {
  imported: number;
  /** CPU time of the import (user and system): steadier than the clock on a busy machine. */
  cpu: number;
  answered: number | null;
  status: number | null;
  /** CPU time of the import and the first answer together. */
  totalCpu: number | null;
}

function measure(file: string, env: NodeJS.ProcessEnv, request?: { url: string; cookie: string }): Promise<Sample> {
  return new Promise((done, fail) => {
    const args = ['--input-type=module', '-e', CHILD, pathToFileURL(file).href, ...(request ? [request.url, request.cookie] : [])];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`${basename(file)} exited with ${code}: ${err}`));
      done(JSON.parse(out) as Sample);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);
const ms = (x: number) => Math.round(x);

/** Wall-clock median and max of the import, and the median CPU time it took. */
function columns(kind: string, samples: Sample[]): Record<string, number> {
  const wall = samples.map((s) => s.imported);
  return { [`${kind} median ms`]: ms(median(wall)), [`${kind} max ms`]: ms(max(wall)), [`${kind} cpu ms`]: ms(median(samples.map((s) => s.cpu))) };
}

/** Where the bundles go: inside node_modules, so their package imports resolve as they would beside a deployed function. */
const outdir = join(root, 'node_modules/.cache/cold-start');

/** Each function as Netlify's bundler packages it, and the packages each bundle imports at its top. */
async function bundled(): Promise<Map<string, { file: string; packages: string[] }>> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const files = new Map<string, { file: string; packages: string[] }>();
  for (const name of functions) {
    const file = join(outdir, `${name}.mjs`);
    const { metafile } = await build({ ...FUNCTION_BUNDLE, entryPoints: [join(functionsDir, `${name}.mts`)], outfile: file, absWorkingDir: root });
    files.set(name, { file, packages: packagesAtImport(metafile, relative(root, file)) });
  }
  return files;
}

const directory = mkdtempSync(join(tmpdir(), 'bench-cold-'));
const blobsToken = 'bench-cold-start';
const blobs = new BlobsServer({ directory, token: blobsToken, port: 0 });
const blobsUrl = `http://127.0.0.1:${(await blobs.start()).port}`;
// The child's store is this Blobs server, given as Netlify gives a function its context; the rest is a development machine's.
const env: NodeJS.ProcessEnv = {
  PATH: process.env['PATH'],
  HOME: process.env['HOME'],
  NETLIFY_BLOBS_CONTEXT: Buffer.from(JSON.stringify({ edgeURL: blobsUrl, uncachedEdgeURL: blobsUrl, siteID: 'bench', token: blobsToken })).toString('base64'),
};
try {
  const sources = new Map(functions.map((name) => [name, join(functionsDir, `${name}.mts`)]));
  const packaged = values['no-bundled'] ? null : await bundled();

  const imports = [];
  for (const name of functions) {
    const row: Record<string, string | number> = { function: name };
    const fromSources: Sample[] = [];
    const fromBundle: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      fromSources.push(await measure(sources.get(name)!, env));
      if (packaged) fromBundle.push(await measure(packaged.get(name)!.file, env));
    }
    Object.assign(row, columns('sources', fromSources), packaged ? columns('bundled', fromBundle) : {});
    // What the bundle loads before anything of ours runs: the packages it imports at its top.
    if (packaged) row['bundled packages at import'] = packaged.get(name)!.packages.join(' ');
    imports.push(row);
  }
  console.log(`Import of each function in a fresh node ${process.version}, ${runs} runs each`);
  console.table(imports);

  if (!values['no-first']) {
    const ana = loadSampleRoster().byId(STAFF.ana)!;
    // The development key a function uses when SESSION_SECRET is not set, as on this machine.
    const cookie = `${SESSION_COOKIE}=${await sealSession(newSession(ana, 'email', Date.now()), secret('SESSION_SECRET', {}, false))}`;
    const first = [];
    for (const { name, path, signedIn } of FIRST_REQUESTS.filter((r) => functions.includes(r.name))) {
      const request = { url: `http://localhost${path}`, cookie: signedIn ? cookie : '' };
      for (const [kind, file] of [['sources', sources.get(name)!], ...(packaged ? [['bundled', packaged.get(name)!.file]] : [])] as [string, string][]) {
        const samples: Sample[] = [];
        for (let run = 0; run < runs; run++) samples.push(await measure(file, env, request));
        first.push({
          function: name,
          as: kind,
          request: `GET ${path}`,
          status: [...new Set(samples.map((s) => s.status))].join(','),
          'import median ms': ms(median(samples.map((s) => s.imported))),
          'first answer median ms': ms(median(samples.map((s) => s.answered!))),
          'total median ms': ms(median(samples.map((s) => s.imported + s.answered!))),
          'total max ms': ms(max(samples.map((s) => s.imported + s.answered!))),
          'total cpu ms': ms(median(samples.map((s) => s.totalCpu!))),
        });
      }
    }
    console.log(`First request of a fresh instance: import, then one GET (${runs} runs each)`);
    console.table(first);
  }
} finally {
  await blobs.stop();
  rmSync(directory, { recursive: true, force: true });
  rmSync(outdir, { recursive: true, force: true });
}
