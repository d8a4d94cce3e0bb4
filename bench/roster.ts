// The roster snapshot at a district's size: what a function pays on a cold start to
// read HR's roster from Blobs (Netlify's own Blobs server on loopback), index it, and
// look people up. Generated people, like the sample's; each figure is the median of
// the runs. "check" is what checking every member against the schema would add to a
// read (the snapshot is checked when written, not when read).
// Usage: npm run bench:roster [-- --sizes 1000,10000,20000 --runs 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readRosterSnapshot, saveRosterSnapshot } from '../src/lib/identity/roster-store.ts';
import { Roster, staffMemberSchema, type StaffMember } from '../src/lib/identity/roster.ts';
import { EMPLOYEE_GROUPS } from '../src/lib/program/compensation.ts';
import { openLocalStore } from '../src/lib/store/local.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,20000' }, runs: { type: 'string', default: '7' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const LOOKUPS = 100_000;
const SITES = [
  'Oak Grove Elementary',
  'Cedar Valley High School',
  'Maple Ridge Middle School',
  'District Office',
  'Food and Nutrition Services',
  'Transportation',
];

/** `count` people: one in fifty manages the next forty-nine, as schools do. */
function people(count: number): StaffMember[] {
  return Array.from({ length: count }, (_, i) => {
    const manager = String(100000 + i - (i % 50));
    const own = String(100000 + i);
    return {
      employeeId: own,
      name: `Person ${i} Example-Name`,
      email: `person.${i}@cedarvalley.example`,
      site: SITES[i % SITES.length]!,
      jobTitle: i % 50 === 0 ? 'Principal' : 'Paraeducator',
      group: i % 50 === 0 ? 'management' : EMPLOYEE_GROUPS[i % 4]!,
      fte: i % 3 === 0 ? 0.5 : 1,
      weeklyHours: i % 3 === 0 ? 20 : 40,
      ...(manager === own ? {} : { supervisorId: manager, evaluatorId: manager }),
      active: i % 40 !== 0,
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

const directory = mkdtempSync(join(tmpdir(), 'bench-roster-'));
const local = await openLocalStore(directory, 'bench');
const rows = [];
try {
  for (const size of sizes) {
    const members = people(size);
    const timings = { write: [] as number[], read: [] as number[], check: [] as number[], index: [] as number[], lookup: [] as number[] };
    for (let run = 0; run < runs; run++) {
      timings.write.push((await time(() => saveRosterSnapshot(local.store, members, new Date())))[1]);
      const [snapshot, read] = await time(() => readRosterSnapshot(local.store));
      timings.read.push(read);
      timings.check.push((await time(() => snapshot!.members.forEach((m) => staffMemberSchema.parse(m))))[1]);
      const [roster, index] = await time(() => new Roster(snapshot!.members));
      timings.index.push(index);
      const [, lookups] = await time(() => {
        let found = 0;
        for (let i = 0; i < LOOKUPS; i++) {
          const n = (i * 7919) % size;
          if (roster.byId(String(100000 + n)) && roster.byEmail(`Person.${n}@CedarValley.example`)) found++;
        }
        if (found !== LOOKUPS) throw new Error(`found ${found} of ${LOOKUPS}`);
      });
      // Each lookup is one by ID and one by email.
      timings.lookup.push((lookups * 1000) / LOOKUPS);
    }
    rows.push({
      people: size,
      'size (bytes)': JSON.stringify({ takenAt: new Date().toISOString(), members }).length,
      'write ms': median(timings.write).toFixed(1),
      'read ms': median(timings.read).toFixed(1),
      'check ms (not done)': median(timings.check).toFixed(1),
      'index ms': median(timings.index).toFixed(1),
      'lookup µs (id + email)': median(timings.lookup).toFixed(2),
    });
  }
} finally {
  await local.stop();
  rmSync(directory, { recursive: true, force: true });
}
console.log(`\nThe roster snapshot in Blobs (Netlify's local Blobs server on loopback), median of ${runs} runs`);
console.table(rows);
