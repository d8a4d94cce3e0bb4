// Build benchmark: how the build scales with the catalog, and what each kind of page weighs.
// Usage: npm run bench:build [-- 100 1000 10000]
import { readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { repoProgram } from '../support/program.ts';
import { SiteCopy } from '../support/site-copy.ts';
import { AUDIENCES, DELIVERIES, RENEWAL_AREAS } from '../src/lib/catalog/schema.ts';

const counts = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizes = counts.length ? counts : [100, 1000, 10000];
const categories = repoProgram().categories.map((c) => c.id);

/** What a generated course counts for, within the catalog's rules (a required training is only that; certificated courses are not paid by the incentive). */
function generatedCounts(i: number, audience: string, area: string): string {
  if (i % 11 === 0) return 'countsFor: [required-training]';
  const counts = [
    ...(audience === 'certificated' ? [] : ['classified-incentive']),
    ...(i % 5 !== 0 ? ['clock-hours'] : []),
    ...(i % 3 === 0 ? ['licence-renewal'] : []),
  ];
  if (counts.length === 0) counts.push('clock-hours');
  return `countsFor: [${counts.join(', ')}]${counts.includes('licence-renewal') ? `\nrenewalAreas: [${area}]` : ''}`;
}

function generatedCourse(i: number): string {
  const pick = <T>(list: readonly T[]) => list[i % list.length]!;
  return `---
code: "GEN-${String(i).padStart(5, '0')}"
title: "Generated course number ${i}"
provider: "Benchmark Provider ${i % 37}"
category: ${pick(categories)}
hours: ${1 + (i % 24) * 1.5}
delivery: ${pick(DELIVERIES)}
audience: ${pick(AUDIENCES)}
${generatedCounts(i, pick(AUDIENCES), pick(RENEWAL_AREAS))}
status: ${i % 50 === 0 ? 'retired\nretiredOn: 2026-06-30' : 'active'}
summary: "A generated course used to measure how the build grows with the catalog (${i})."
---

## What you will learn

- Topic ${i} in practice, with examples from school settings.
- How to apply it on the job, and how completion is confirmed.

Participants receive a certificate of completion after the last session.
`;
}

function htmlCount(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).length;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** A module script and every chunk it imports statically, once each. */
function withImports(dist: string, entries: string[]): Buffer[] {
  const seen = new Set<string>();
  const queue = [...entries];
  const files: Buffer[] = [];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const file = readFileSync(join(dist, path));
    files.push(file);
    for (const m of file.toString('utf8').matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(new URL(m[1]!, `http://x${path}`).pathname);
    }
  }
  return files;
}

/** Compressed weight of a page and of the CSS and JS it links to (what a first visit downloads). */
function pageWeight(dist: string, path: string) {
  const html = readFileSync(join(dist, path, 'index.html'));
  const text = html.toString('utf8');
  const assets = (pattern: RegExp) => [...text.matchAll(pattern)].map((m) => readFileSync(join(dist, m[1]!)));
  const css = assets(/<link[^>]+rel="stylesheet"[^>]+href="(\/[^"]+)"/g);
  const js = withImports(
    dist,
    [...text.matchAll(/<script[^>]+src="(\/[^"]+)"/g)].map((m) => m[1]!),
  );
  const sum = (files: Buffer[], zip: (b: Buffer) => Buffer) => files.reduce((n, f) => n + zip(f).length, 0);
  return {
    page: path,
    'html gzip KB': kb(gzipSync(html).length),
    'html br KB': kb(brotliCompressSync(html).length),
    'css gzip KB': kb(sum(css, gzipSync)),
    'css br KB': kb(sum(css, brotliCompressSync)),
    'js gzip KB': kb(sum(js, gzipSync)),
    'js br KB': kb(sum(js, brotliCompressSync)),
  };
}

// Page weight, on the repository's own content.
const own = new SiteCopy();
const ownBuild = own.build();
if (!ownBuild.ok) throw new Error(ownBuild.output);
const dist = join(own.dir, 'dist');
const firstCourse = readdirSync(join(own.dir, 'content/courses'))[0]!.replace(/\.md$/, '');
console.log('\nCompressed size of each kind of page (repository content; CSS and JS are what the page links to; Pagefind loads its index on the first search)');
console.table([
  pageWeight(dist, ''),
  pageWeight(dist, 'handbook/compensation'),
  pageWeight(dist, 'courses'),
  pageWeight(dist, `courses/${firstCourse}`),
  pageWeight(dist, 'forms/compensation'),
]);
own.remove();

// Build time, with generated catalogs.
const rows = [];
for (const n of sizes) {
  const site = new SiteCopy();
  const dir = join(site.dir, 'content/courses');
  rmSync(dir, { recursive: true });
  mkdirSync(dir);
  for (let i = 1; i <= n; i++) writeFileSync(join(dir, `generated-${i}.md`), generatedCourse(i));
  const started = performance.now();
  const result = site.build();
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(result.output.slice(-3000));
  const pages = htmlCount(join(site.dir, 'dist'));
  rows.push({ courses: n, pages, 'build s': seconds.toFixed(1), 'ms per page': ((seconds * 1000) / pages).toFixed(2) });
  site.remove();
}
console.log('\nBuild time by catalog size (astro build + Pagefind index, cold cache)');
console.table(rows);
