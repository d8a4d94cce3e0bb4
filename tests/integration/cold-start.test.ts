import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPageFunction } from '../../src/lib/app/entry.ts';
import { FUNCTION_BUNDLE, packagesAtImport } from '../../support/function-bundle.ts';
import { jsonRequest, preApprovalAnswers } from '../../support/submissions.ts';
import { netlifyBlobsContext } from '../support/netlify-context.ts';

/**
 * A new instance imports its function before it can answer, and Netlify starts one
 * for every burst: a function file loads only its entry, and the runtime, the
 * handler and their packages load with the first request (bench/cold-start.ts
 * measures what that saves).
 */
const root = resolve(import.meta.dirname, '../..');
const functionFiles = readdirSync(join(root, 'netlify/functions'))
  .filter((f) => f.endsWith('.mts'))
  .map((f) => join(root, 'netlify/functions', f));

// Every function file imported in one fresh node, recording each file Node loads.
const LIST_LOADS = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
for (const file of process.argv.slice(1)) {
  const module = await import(file);
  if (typeof module.default !== 'function') throw new Error(file + ' exports no handler');
}
process.stdout.write(JSON.stringify([...loaded]));
`;

describe('a function file', () => {
  it('loads nothing but its entry when it is imported: no handler, store, mail, Airtable or package', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', LIST_LOADS, ...functionFiles.map((f) => pathToFileURL(f).href)],
      {
        cwd: root,
      },
    );
    const files = (JSON.parse(stdout) as string[])
      .filter((url) => url.startsWith('file:'))
      .map((url) => fileURLToPath(url))
      .filter((file) => !functionFiles.includes(file))
      .map((file) => file.slice(root.length + 1))
      .sort();
    expect(files).toEqual(['src/lib/app/entry.ts', 'src/lib/http/deployment.ts']);
  });
});

describe('a function as Netlify bundles it', () => {
  /**
   * The packages still loaded with the import: their callers are synchronous (zod's schemas
   * at the top of their modules, yaml under loadProgram and readCatalog, csv-parse under
   * parseRosterCsv). Every other package loads on the path that uses it.
   */
  const AT_IMPORT = ['csv-parse/sync', 'yaml', 'zod'];

  it('imports at its top no package but zod, yaml and csv-parse: the store, the form parser, Airtable, mail and sign-in load with the request that needs them', async () => {
    const { metafile } = await build({ ...FUNCTION_BUNDLE, entryPoints: functionFiles, outdir: 'bundle', absWorkingDir: root, write: false });
    const byFunction = new Map(
      Object.entries(metafile.outputs)
        .filter(([, output]) => output.entryPoint)
        .map(([file, output]) => [output.entryPoint!, packagesAtImport(metafile, file)]),
    );
    expect(byFunction.size).toBe(functionFiles.length);
    for (const [entry, packages] of byFunction)
      expect(
        packages.filter((p) => !AT_IMPORT.includes(p)),
        entry,
      ).toEqual([]);
    // A package listed that no bundle imports any more: the list, and so this claim, shrinks with it.
    expect([...new Set([...byFunction.values()].flat())].sort()).toEqual(AT_IMPORT);
  });
});

describe('a function whose handler loads with its first request', () => {
  netlifyBlobsContext('cold');
  afterEach(() => vi.restoreAllMocks());

  it('answers the first request as the handler does', async () => {
    const signIn = (await import('../../netlify/functions/sign-in.mts')).default;
    const answer = await signIn(new Request('http://localhost/sign-in/'));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<h1>Sign in</h1>');
  });

  it('sends a form through the write path it loads: a script not signed in is told to sign in', async () => {
    const send = (await import('../../netlify/functions/form-pre-approval.mts')).default;
    const answer = await send(jsonRequest('/api/forms/pre-approval', preApprovalAnswers()));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: 'Sign in first: forms are sent as the person signed in.' });
  });

  it('answers a handler that cannot load as a page that failed, and loads it again on the next request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let loads = 0;
    const page = lazyPageFunction('flaky', async () => {
      if (++loads === 1) throw new Error('a module missing from the deploy');
      return async () => new Response('loaded');
    });
    const first = await page(new Request('http://localhost/flaky/'));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('60');
    const second = await page(new Request('http://localhost/flaky/'));
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('loaded');
    expect(loads).toBe(2);
  });
});
