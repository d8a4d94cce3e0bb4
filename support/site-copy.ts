import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * netlify-cli and Deno (the npm packages) live apart from the site's own packages, in
 * tests/bundle's node_modules: only netlify-bundle.test.ts needs them, and `npm run
 * test:bundle` installs them.
 */
const BUNDLE_BIN = join(ROOT, 'tests/bundle/node_modules/.bin');

/**
 * The environment for a build or dev server of a copy: without the test runner's own
 * variables (NODE_ENV=test, VITEST...), which change how Astro behaves, and without a
 * developer's Airtable settings, so a test never reaches a real base by accident.
 * Vitest also mirrors import.meta.env into the environment (PROD='' among them), and a
 * build reads those back, so a test build would otherwise run its pages as in development.
 */
const RUNNER_ONLY = new Set(['NODE_ENV', 'TEST', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']);
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !RUNNER_ONLY.has(k) && !k.startsWith('VITEST') && !k.startsWith('AIRTABLE_')));
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...extra };
}
const COPIED = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'netlify.toml', 'src', 'content', 'public', 'netlify', 'scripts'];

/**
 * A node_modules of the copy's own whose files are hard links to the repository's:
 * about a second, no extra disk. Top-level caches (.vite, .astro...) are left out, so
 * the copy's tools write theirs anew instead of into the shared files.
 */
function linkTree(from: string, to: string, top = true): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (top && entry.isDirectory() && entry.name.startsWith('.') && entry.name !== '.bin') continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target, false);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch (error) {
        // Another file system (a tmpfs /tmp): copy instead, slower but the same.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        copyFileSync(source, target);
      }
    }
  }
}

/** A port nothing listens on now, for servers that must be told theirs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export interface NetlifyServer {
  url: string;
  /** Everything netlify-cli printed so far: the build, the functions bundling, each request. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A throw-away copy of the site (sharing node_modules) that a test may edit and build. */
export class SiteCopy {
  readonly dir = mkdtempSync(join(tmpdir(), 'pg-site-'));

  /**
   * `ownNodeModules`: a real node_modules folder (hard links) instead of a symlink to the
   * repository's. Netlify's bundler zips a symlinked node_modules as the link itself, so
   * a function would run on the repository's files instead of on what it was packaged with.
   */
  constructor(options: { ownNodeModules?: boolean } = {}) {
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(this.dir, entry), { recursive: true });
    if (options.ownNodeModules) linkTree(join(ROOT, 'node_modules'), join(this.dir, 'node_modules'));
    else symlinkSync(join(ROOT, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  write(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  edit(path: string, change: (text: string) => string): void {
    const before = this.read(path);
    const after = change(before);
    if (after === before) throw new Error(`edit of ${path} changed nothing`);
    this.write(path, after);
  }

  /** Runs `astro build` in the copy with the same Node that runs the tests. */
  build(): { ok: boolean; output: string } {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: this.dir,
      encoding: 'utf8',
      env: cleanEnv(),
      timeout: 200_000,
    });
    return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
  }

  /** The same build without blocking this process, for tests that serve something the build reads (a stand-in Airtable). */
  buildAsync(env: Record<string, string> = {}): Promise<{ ok: boolean; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
        cwd: this.dir,
        env: cleanEnv(env),
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ ok: code === 0, output }));
    });
  }

  /** Starts `astro dev` in the copy (pages, functions and local Blobs, as `npm start` does) and waits until it answers. */
  async serve(): Promise<{ url: string; stop: () => Promise<void> }> {
    const port = 4500 + Math.floor(Math.random() * 400);
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: this.dir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`astro dev stopped:\n${output}`);
      try {
        if ((await fetch(`${url}/forms/`, { signal: AbortSignal.timeout(20_000) })).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`astro dev did not answer in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    return {
      url,
      stop: async () => {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      },
    };
  }

  /**
   * Runs `netlify serve --offline` in the copy (it needs its own node_modules), with
   * tests/bundle's netlify-cli and Deno: Netlify's build runs the build command, packages
   * the functions as for a deploy and serves the site and those packages. `env` reaches
   * the build and the functions.
   */
  async netlifyServe(env: Record<string, string> = {}, timeoutMs = 180_000): Promise<NetlifyServer> {
    for (const tool of ['netlify', 'deno']) {
      if (!existsSync(join(BUNDLE_BIN, tool)))
        throw new Error(`no ${tool} in ${BUNDLE_BIN}: run \`npm run test:bundle\` (or \`npm install --prefix tests/bundle\`) first`);
    }
    // A home of its own: netlify-cli never sees a developer's login or linked site, keeps its
    // state here, and has telemetry off; the update check is off too.
    const home = join(this.dir, '.netlify-home');
    mkdirSync(join(home, 'config', 'netlify'), { recursive: true });
    writeFileSync(join(home, 'config', 'netlify', 'config.json'), JSON.stringify({ telemetryDisabled: true }));
    const base = Object.fromEntries(Object.entries(cleanEnv(env)).filter(([k]) => !k.startsWith('NETLIFY_')));
    const [port, functionsPort, staticPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      [
        // The script behind .bin/netlify, run by the Node that runs the tests (24), whatever `node` PATH has.
        realpathSync(join(BUNDLE_BIN, 'netlify')),
        'serve',
        '--offline',
        '--port',
        String(port),
        '--functions-port',
        String(functionsPort),
        '--staticServerPort',
        String(staticPort),
      ],
      {
        cwd: this.dir,
        env: {
          ...base,
          ...env,
          // The copy's tools (Node 24 among them) for the build command, then netlify and Deno
          // (the npm package): without a deno on PATH netlify-cli downloads one.
          PATH: [join(this.dir, 'node_modules/.bin'), BUNDLE_BIN, process.env['PATH'] ?? ''].join(delimiter),
          XDG_CONFIG_HOME: join(home, 'config'),
          XDG_CACHE_HOME: join(home, 'cache'),
          XDG_DATA_HOME: join(home, 'data'),
          NO_UPDATE_NOTIFIER: '1',
          BROWSER: 'none',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // A process group of its own, so stop() ends the build's and the edge runtime's children too.
        detached: true,
      },
    );
    const { output, stop } = processGroup(child);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        await stop();
        throw new Error(`netlify serve stopped (${child.exitCode ?? child.signalCode}):\n${output()}`);
      }
      if (output().includes('Local dev server ready')) {
        try {
          if ((await fetch(`${url}/forms/`, { signal: AbortSignal.timeout(20_000) })).ok) break;
        } catch {
          // the proxy is not listening yet
        }
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`netlify serve did not answer within ${timeoutMs / 1000} s:\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    return { url, output, stop };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A server started detached, in a process group of its own: what it printed, and a stop
 * that ends the whole group (TERM, KILL after 10 s, KILL again for children that outlived
 * it), also when the test process exits first.
 */
export function processGroup(child: ChildProcess): { output: () => string; stop: () => Promise<void> } {
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    killGroup('SIGKILL');
  };
  return { output: () => output, stop };
}
