// The write path's cost in process: parse + validate + rules + durable queue (Netlify's local Blobs server).
// Usage: npm run bench:handlers [-- 500]
import { randomUUID } from 'node:crypto';
import { appeal } from '../src/lib/forms/appeal.ts';
import { compensation } from '../src/lib/forms/compensation.ts';
import { exitSurvey } from '../src/lib/forms/exit-survey.ts';
import { checkpoint, focusPlan } from '../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../src/lib/forms/form.ts';
import { preApproval } from '../src/lib/forms/pre-approval.ts';
import { handleSubmission } from '../src/lib/app/submit.ts';
import { startBlobs, testDeps } from '../support/blobs.ts';
import { as, sessionFor } from '../support/people.ts';
import { loadSampleRoster, Roster } from '../src/lib/identity/roster.ts';
import { catalogLine, compensationAnswers, jsonRequest, multipartRequest, pdf, person, preApprovalAnswers } from '../support/submissions.ts';

const runs = Number(process.argv[2] ?? 500);
const blobs = await startBlobs();
const base = testDeps(blobs.store);
// The sample roster and enough more permanent classified staff (supervised by Sam Lee) that
// no claim or survey measured is refused for a cap or a second answer: each request is a new person.
const sample = loadSampleRoster();
const extra = Array.from({ length: 2 * (runs + 40) }, (_, i) => ({
  ...sample.byId('104233')!,
  employeeId: String(800000 + i),
  name: `Staff Member ${i}`,
  email: `staff.${i}@cedarvalley.example`,
}));
const roster = new Roster([...sample.members, ...extra]);
const deps = { ...base, roster: async () => roster };
let nextPerson = 0;
/** The request, sent by a person signed in: Ana, or the next of the extra staff. */
const signed = async (request: Request, who?: string) => as(await sessionFor(deps, who ?? extra[nextPerson++ % extra.length]!.employeeId), request);

async function receiptOf(form: AnyForm, body: Record<string, unknown>): Promise<string> {
  const response = await handleSubmission(await signed(jsonRequest(`/api/forms/${form.id}`, body), person.employeeId), form, deps);
  return ((await response.json()) as { receipt: string }).receipt;
}

// Records the rules look up: a denied request to appeal, a plan to report on.
const denied = await receiptOf(preApproval, preApprovalAnswers());
await blobs.store.setStatus(denied, 'denied', '2026-11-20');
const plan = {
  fullName: person.fullName,
  email: person.email,
  employeeId: person.employeeId,
  site: person.site,
  evaluatorName: 'Priya Shah',
  evaluatorEmail: 'priya.shah@cedarvalley.example',
  track: 'learner',
  areaOfGrowth: 'Questioning',
  smartGoal: 'Ask more open questions by May.',
  actionSteps: 'Observe, plan, try.',
  resources: 'Coach.',
  checkpointDate: '2027-05-07',
};
const planReceipt = await receiptOf(focusPlan, plan);

const cases: [string, AnyForm, () => Request][] = [
  ['pre-approval (JSON)', preApproval, () => jsonRequest('/api/forms/pre-approval', preApprovalAnswers())],
  [
    'compensation (multipart, 1 file)',
    compensation,
    () =>
      multipartRequest('/api/forms/compensation', compensationAnswers([catalogLine('paraeducator-academy', 6)], { permitHolder: 'yes', growthPlan: pdf() })),
  ],
  [
    'exit survey (JSON)',
    exitSurvey,
    () =>
      jsonRequest('/api/forms/exit-survey', {
        courseId: 'first-aid-and-cpr-certification',
        satisfaction: '5',
        relevance: '4',
        willUse: '4',
        anonymous: 'yes',
        submissionId: randomUUID(),
      }),
  ],
  [
    'appeal (JSON)',
    appeal,
    () =>
      jsonRequest('/api/forms/appeal', {
        fullName: person.fullName,
        email: person.email,
        employeeId: person.employeeId,
        receipt: denied,
        reason: 'Only course offered.',
        submissionId: randomUUID(),
      }),
  ],
  ['focus plan (JSON)', focusPlan, () => jsonRequest('/api/forms/focus-plan', { ...plan, submissionId: randomUUID() })],
  [
    'checkpoint (multipart, 1 file)',
    checkpoint,
    () =>
      multipartRequest('/api/forms/focus-plan-checkpoint', {
        fullName: person.fullName,
        email: person.email,
        employeeId: person.employeeId,
        planReceipt,
        progress: 'Good.',
        evidence: 'Notes.',
        evidenceFile: pdf(),
        nextStep: 'close',
        submissionId: randomUUID(),
      }),
  ],
  [
    'pre-approval refused (422, nothing stored)',
    preApproval,
    () => jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ email: 'nope', hours: 'six' })),
  ],
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const rows = [];
for (const [name, form, request] of cases) {
  // Appeals and checkpoints refer to Ana's own requests, so Ana sends them; every other form a new person.
  const who = form === appeal || form === checkpoint ? person.employeeId : undefined;
  for (let i = 0; i < 20; i++) await handleSubmission(await signed(request(), who), form, deps); // warm-up
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < runs; i++) {
    const req = await signed(request(), who);
    const started = performance.now();
    const response = await handleSubmission(req, form, deps);
    await response.arrayBuffer();
    times.push(performance.now() - started);
    status = response.status;
  }
  times.sort((a, b) => a - b);
  rows.push({ form: name, status, runs, 'p50 ms': pct(times, 50).toFixed(2), 'p95 ms': pct(times, 95).toFixed(2), 'max ms': times.at(-1)!.toFixed(2) });
}
await blobs.stop();
console.log(
  `\nIn-process cost of one submission by a signed-in person: session + roster + parse + validate + rules + queue into Blobs (local Blobs server on loopback)`,
);
console.table(rows);
