import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const COPIED = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'content', 'public'];

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
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' },
      timeout: 200_000,
    });
    return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
