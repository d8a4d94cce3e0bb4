// Lighthouse, mobile, on one page of each kind, served as Netlify serves the site
// (compressed, with public/_headers) and the form page answered for a person signed in.
// Usage: npm run build && npm run bench:lighthouse [-- 3]   (runs per page; the table shows the median)
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { formPageHandler } from '../src/lib/app/request-handlers.ts';
import { startBlobs, testDeps } from '../support/blobs.ts';
import { serveLikeNetlify } from '../support/netlify-site.ts';
import { sessionFor, STAFF } from '../support/people.ts';

const runs = Math.max(1, Number(process.argv[2] ?? 3));

const PAGES = [
  { kind: 'home', path: '/' },
  { kind: 'handbook page', path: '/handbook/compensation/' },
  { kind: 'catalog', path: '/courses/' },
  { kind: 'course page', path: '/courses/paraeducator-academy/' },
  { kind: 'compensation form', path: '/forms/compensation/' },
];

const blobs = await startBlobs();
const deps = testDeps(blobs.store);
// Ana may claim the incentive: the form shows her as HR's roster has her.
const cookie = await sessionFor(deps, STAFF.ana);
const site = await serveLikeNetlify((request) => (/^\/forms\/[a-z-]+\/?$/.test(new URL(request.url).pathname) ? formPageHandler(request, deps) : null));
const chrome = await chromeLauncher.launch({
  chromePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

interface Scores {
  /** Audits that cost a category points, for the notes under the table. */
  lost: string[];
  performance: number;
  accessibility: number;
  'best-practices': number;
  seo: number;
  lcp: number;
  tbt: number;
  cls: number;
}

async function measure(path: string): Promise<Scores> {
  const result = await lighthouse(
    site.url + path,
    { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: path.startsWith('/forms/') ? { Cookie: cookie } : {} },
    // Lighthouse's default config: mobile, simulated slow 4G and a 4x slower CPU.
  );
  if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
  const { categories, audits, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`${path}: ${runtimeError.code} ${runtimeError.message}`);
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const value = (id: string) => audits[id]?.numericValue ?? NaN;
  const lost = Object.values(categories).flatMap((category) =>
    category.auditRefs
      .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${category.title}: ${audits[ref.id]!.title}${audits[ref.id]!.displayValue ? ` (${audits[ref.id]!.displayValue})` : ''}`),
  );
  return {
    lost,
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    seo: score('seo'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
  };
}

const notes = new Map<string, Set<string>>();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const rows: Record<string, string | number>[] = [];
try {
  for (const { kind, path } of PAGES) {
    const all: Scores[] = [];
    for (let i = 0; i < runs; i++) all.push(await measure(path));
    notes.set(path, new Set(all.flatMap((s) => s.lost)));
    const m = (key: Exclude<keyof Scores, 'lost'>) => median(all.map((s) => s[key]));
    rows.push({
      page: `${kind} (${path})`,
      performance: m('performance'),
      accessibility: m('accessibility'),
      'best practices': m('best-practices'),
      SEO: m('seo'),
      'LCP s': (m('lcp') / 1000).toFixed(2),
      'TBT ms': Math.round(m('tbt')),
      CLS: m('cls').toFixed(3),
      'perf. of runs': all.map((s) => s.performance).join(' '),
    });
  }
} finally {
  chrome.kill();
  await site.close();
  await blobs.stop();
}
console.log(`Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile, median of ${runs} run(s) per page`);
console.table(rows);
for (const [path, lost] of notes) if (lost.size) console.log(`${path} lost points on:\n  ${[...lost].join('\n  ')}`);
