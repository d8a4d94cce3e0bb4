// `npm start` under load: `astro dev` (pages, functions through Netlify's local
// emulator, the local Blobs server) in a throw-away copy of the site, sent
// `count` exit surveys as JSON at `rate` a second, each by a signed-in person of
// the sample roster for a course they have not answered yet, each on its own (a
// person does not wait for the others). One survey first, alone, so the
// emulator's first build of the function is not counted. Prints what was
// answered, the statuses, latencies, the peak resident memory of the server's whole
// process tree and the CPU it used per submission (Linux /proc; the CPU figure holds
// on a busy machine, where latencies do not).
// Usage: npm run bench:local [-- --count 100 --rate 2 --timeout-ms 60000]
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readCatalog } from '../src/lib/catalog/files.ts';
import { loadSampleRoster } from '../src/lib/identity/roster.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { devSurvey, startDevServer, treeCpuMs, treeRssKb } from '../support/dev-server.ts';
import { SiteCopy } from '../support/site-copy.ts';

const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '100' },
    rate: { type: 'string', default: '2' },
    // A submission not answered by then counts as not answered (a person gives up long before).
    'timeout-ms': { type: 'string', default: '60000' },
  },
});
const COUNT = Number(flags.count);
const RATE = Number(flags.rate);
const TIMEOUT_MS = Number(flags['timeout-ms']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mb = (kb: number) => (kb / 1024).toFixed(0);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const SESSION_SECRET = randomBytes(36).toString('base64url');
const people = loadSampleRoster().members.filter((m) => m.active);
const courses = [...readCatalog(loadProgram()).keys()];
if (COUNT + 1 > people.length * courses.length) throw new Error(`at most ${people.length * courses.length - 1} surveys: one per person and course`);

/** The i-th survey: every person once per course, so none is refused as a second answer. */
const survey = (i: number, url: string) =>
  devSurvey(url, SESSION_SECRET, {
    employeeId: people[i % people.length]!.employeeId,
    courseId: courses[Math.floor(i / people.length)]!,
    submissionId: randomUUID(),
  });

interface Outcome {
  status: number | 'no answer';
  ms: number;
  body?: string;
}

async function send(request: Request): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, ...(response.ok ? {} : { body }) };
  } catch {
    return { status: 'no answer', ms: performance.now() - started };
  }
}

const site = new SiteCopy();
const server = await startDevServer(site.dir, { SESSION_SECRET });
let peakKb = 0;
const sampler = setInterval(() => (peakKb = Math.max(peakKb, treeRssKb(server.pid))), 100);
try {
  const idleKb = treeRssKb(server.pid);
  const first = await send(await survey(0, server.url));
  const requests = await Promise.all(Array.from({ length: COUNT }, (_, i) => survey(i + 1, server.url)));
  const outcomes: Promise<Outcome>[] = [];
  const cpuBefore = treeCpuMs(server.pid);
  const start = performance.now();
  for (const [i, request] of requests.entries()) {
    await sleep(start + (i * 1000) / RATE - performance.now());
    outcomes.push(send(request));
  }
  const done = await Promise.all(outcomes);
  const cpuMs = treeCpuMs(server.pid) - cpuBefore;
  const answered = done.filter((o) => o.status !== 'no answer');
  const latencies = answered.map((o) => o.ms).sort((a, b) => a - b);
  const statuses = new Map<string, number>();
  for (const o of done) statuses.set(String(o.status), (statuses.get(String(o.status)) ?? 0) + 1);
  console.table([
    {
      sent: `${COUNT} at ${RATE}/s`,
      answered: `${answered.length}/${COUNT}`,
      statuses: [...statuses].map(([s, n]) => `${s}: ${n}`).join(', '),
      'first (s)': `${seconds(first.ms)} (${first.status})`,
      'p50 (s)': seconds(percentile(latencies, 50)),
      'p95 (s)': seconds(percentile(latencies, 95)),
      'max (s)': seconds(latencies.at(-1) ?? NaN),
      'idle RSS (MB)': mb(idleKb),
      'peak RSS (MB)': mb(peakKb),
      'server CPU per submission (ms)': (cpuMs / COUNT).toFixed(0),
    },
  ]);
  const failed = done.find((o) => o.status !== 200 && o.status !== 201);
  if (failed)
    console.log(
      `Not accepted: ${failed.status} ${failed.body?.slice(0, 500) ?? ''}\nServer output, last lines:\n${server.output().split('\n').slice(-20).join('\n')}`,
    );
} finally {
  clearInterval(sampler);
  await server.stop();
  site.remove();
}
