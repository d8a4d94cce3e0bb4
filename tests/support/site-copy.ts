import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The environment for a build or dev server of a copy: without the test runner's own
 * variables (NODE_ENV=test, VITEST...), which change how Astro behaves, and without a
 * developer's Airtable settings, so a test never reaches a real base by accident.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && k !== 'TEST' && !k.startsWith('VITEST') && !k.startsWith('AIRTABLE_')),
  );
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...extra };
}
const COPIED = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'netlify.toml', 'src', 'content', 'public', 'netlify', 'scripts'];

/** A throw-away copy of the site (sharing node_modules) that a test may edit and build. */
export class SiteCopy {
  readonly dir = mkdtempSync(join(tmpdir(), 'pg-site-'));

  constructor() {
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(this.dir, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
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

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
