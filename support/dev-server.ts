import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSampleRoster } from '../src/lib/identity/roster.ts';
import { newSession, sealSession, SESSION_COOKIE } from '../src/lib/identity/session.ts';
import { cleanEnv, freePort, processGroup } from './site-copy.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface DevServer {
  url: string;
  /** The process id of `astro dev` itself. */
  pid: number;
  /** Everything the server printed so far. */
  output: () => string;
  /** Resolves once the server has printed `text` more times than `seen` (a restart's "server restarted."). */
  printed: (text: string, seen?: number, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * `astro dev` in `dir` (what `npm start` runs once the search index exists: pages,
 * functions and the local Blobs server) on a free port, once it answers a page.
 * `env` reaches the server and so its functions (SESSION_SECRET...).
 */
export async function startDevServer(dir: string, env: Record<string, string> = {}, timeoutMs = 90_000): Promise<DevServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: dir,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, so stop() ends esbuild's service and any other child too.
    detached: true,
  });
  const { output, stop } = processGroup(child);
  const stopped = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (stopped()) throw new Error(`astro dev stopped:\n${output()}`);
    try {
      if ((await fetch(`${url}/forms/`, { signal: AbortSignal.timeout(20_000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`astro dev did not answer within ${timeoutMs / 1000} s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const count = (text: string) => output().split(text).length - 1;
  const printed = async (text: string, seen = 0, waitMs = 60_000) => {
    const until = Date.now() + waitMs;
    while (count(text) <= seen) {
      if (stopped()) throw new Error(`astro dev stopped:\n${output()}`);
      if (Date.now() > until) throw new Error(`astro dev did not print "${text}" within ${waitMs / 1000} s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { url, pid: child.pid!, output, printed, stop };
}

/** A figure summed over a process and all its descendants, from /proc (Linux); 0 for what is gone. */
function overTree(pid: number, figure: (pid: number) => number): number {
  let total = 0;
  try {
    total += figure(pid);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) total += overTree(Number(child), figure);
    }
  } catch {
    // the process (or one of its threads) ended while being read
  }
  return total;
}

/** Kilobytes resident of a process and its descendants. */
export function treeRssKb(pid: number): number {
  return overTree(pid, (p) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0));
}

/** Milliseconds of CPU (user and system) a process and its descendants have used: unlike a latency, the same on a busy machine. */
export function treeCpuMs(pid: number): number {
  // utime and stime, in clock ticks (100 a second on Linux), after the command name, which may hold spaces.
  const ticks = (p: number) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return overTree(pid, ticks) * 10;
}

/**
 * An exit survey as a script sends it to a dev server, signed in as a person of the
 * sample roster (the roster `astro dev` uses) with the server's SESSION_SECRET.
 */
export async function devSurvey(url: string, sessionSecret: string, answers: { employeeId: string; courseId: string; submissionId: string }): Promise<Request> {
  const member = loadSampleRoster().byId(answers.employeeId);
  if (!member) throw new Error(`${answers.employeeId} is not on the sample roster`);
  const cookie = `${SESSION_COOKIE}=${await sealSession(newSession(member, 'email', Date.now()), sessionSecret)}`;
  return new Request(`${url}/api/forms/exit-survey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: url, cookie },
    body: JSON.stringify({ courseId: answers.courseId, submissionId: answers.submissionId, satisfaction: '5', relevance: '4', willUse: '4', anonymous: 'yes' }),
  });
}
